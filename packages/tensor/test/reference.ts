/**
 * Float64 reference forwards, written independently of the library's kernels: plain index
 * arithmetic over unravelled coordinates, chosen for being obviously right rather than fast. The
 * gradient checks use them both to check forward values and to take finite differences.
 */
export interface Array64 {
  data: Float64Array;
  shape: number[];
}

export function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) flat = flat * shape[axis] + index[axis];
  return flat;
}

function build(shape: number[], valueAt: (index: number[]) => number): Array64 {
  const data = new Float64Array(size(shape));
  for (let i = 0; i < data.length; i++) data[i] = valueAt(unravel(i, shape));
  return { data, shape };
}

/** Reads `x` at `index` of a (possibly higher-rank) broadcast shape, numpy style. */
function readBroadcast(x: Array64, index: readonly number[]): number {
  const offset = index.length - x.shape.length;
  const own = x.shape.map((dim, axis) => (dim === 1 ? 0 : index[axis + offset]));
  return x.data[ravel(own, x.shape)];
}

export function binary(a: Array64, b: Array64, f: (x: number, y: number) => number): Array64 {
  const rank = Math.max(a.shape.length, b.shape.length);
  const shape: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const dimA = a.shape[axis - (rank - a.shape.length)] ?? 1;
    const dimB = b.shape[axis - (rank - b.shape.length)] ?? 1;
    shape.push(Math.max(dimA, dimB));
  }
  return build(shape, (index) => f(readBroadcast(a, index), readBroadcast(b, index)));
}

export function map(x: Array64, f: (v: number) => number): Array64 {
  return { data: x.data.map(f), shape: [...x.shape] };
}

export function matmul(a: Array64, b: Array64, transposeA: boolean, transposeB: boolean): Array64 {
  const rankA = a.shape.length;
  const batchShape = a.shape.slice(0, -2);
  const m = transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2];
  const k = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
  const rankB = b.shape.length;
  const n = transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1];
  return build([...batchShape, m, n], (index) => {
    const batch = index.slice(0, -2);
    const [i, j] = index.slice(-2);
    const batchB = rankB === 2 ? [] : batch;
    let total = 0;
    for (let p = 0; p < k; p++) {
      const x = a.data[ravel([...batch, ...(transposeA ? [p, i] : [i, p])], a.shape)];
      const y = b.data[ravel([...batchB, ...(transposeB ? [j, p] : [p, j])], b.shape)];
      total += x * y;
    }
    return total;
  });
}

export function transpose(x: Array64, perm: readonly number[]): Array64 {
  const shape = perm.map((axis) => x.shape[axis]);
  return build(shape, (index) => {
    const source = new Array<number>(perm.length);
    perm.forEach((axis, position) => (source[axis] = index[position]));
    return x.data[ravel(source, x.shape)];
  });
}

export function slice(x: Array64, axis: number, start: number, end: number): Array64 {
  const shape = [...x.shape];
  shape[axis] = end - start;
  return build(shape, (index) => {
    const source = [...index];
    source[axis] += start;
    return x.data[ravel(source, x.shape)];
  });
}

export function concat(xs: Array64[], axis: number): Array64 {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((total, x) => total + x.shape[axis], 0);
  return build(shape, (index) => {
    let position = index[axis];
    for (const x of xs) {
      if (position < x.shape[axis]) {
        const source = [...index];
        source[axis] = position;
        return x.data[ravel(source, x.shape)];
      }
      position -= x.shape[axis];
    }
    throw new Error('concat reference: index out of range');
  });
}

/** Sums over `axes`, keeping them as size-1 dims when keepDims. */
export function sum(x: Array64, axes: readonly number[], keepDims: boolean): Array64 {
  const kept = x.shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
  const out = new Float64Array(size(kept));
  for (let i = 0; i < x.data.length; i++) {
    const index = unravel(i, x.shape).map((v, axis) => (axes.includes(axis) ? 0 : v));
    out[ravel(index, kept)] += x.data[i];
  }
  const shape = keepDims ? kept : x.shape.filter((_, axis) => !axes.includes(axis));
  return { data: out, shape };
}

/** Applies `f` to each 1-D line along `axis` (all other coordinates fixed); f returns the new line. */
function alongAxis(x: Array64, axis: number, f: (line: number[]) => number[]): Array64 {
  const out = new Float64Array(x.data.length);
  const length = x.shape[axis];
  for (let i = 0; i < x.data.length; i++) {
    const index = unravel(i, x.shape);
    if (index[axis] !== 0) continue;
    const positions: number[] = [];
    for (let j = 0; j < length; j++) {
      index[axis] = j;
      positions.push(ravel(index, x.shape));
    }
    const result = f(positions.map((p) => x.data[p]));
    positions.forEach((p, j) => (out[p] = result[j]));
  }
  return { data: out, shape: [...x.shape] };
}

export function softmax(x: Array64, axis: number): Array64 {
  return alongAxis(x, axis, (line) => {
    const exps = line.map((v) => Math.exp(v));
    const total = exps.reduce((p, v) => p + v, 0);
    return exps.map((v) => v / total);
  });
}

export function rmsNorm(x: Array64, weight: Array64, eps: number, offset: number): Array64 {
  return alongAxis(x, x.shape.length - 1, (line) => {
    const meanSquare = line.reduce((p, v) => p + v * v, 0) / line.length;
    return line.map((v, j) => (v / Math.sqrt(meanSquare + eps)) * (offset + weight.data[j]));
  });
}

export function rope(x: Array64, cos: Array64, sin: Array64): Array64 {
  const [, , , dim] = x.shape;
  const half = dim / 2;
  return build([...x.shape], (index) => {
    const [b, h, t, d] = index;
    const table = cos.shape.length === 2 ? [t, d] : [cos.shape[0] === 1 ? 0 : b, t, d];
    const rotated =
      d < half ? -x.data[ravel([b, h, t, d + half], x.shape)] : x.data[ravel([b, h, t, d - half], x.shape)];
    return (
      x.data[ravel(index, x.shape)] * cos.data[ravel(table, cos.shape)] +
      rotated * sin.data[ravel(table, sin.shape)]
    );
  });
}

export function embedding(weight: Array64, ids: Int32Array, idsShape: number[]): Array64 {
  const hidden = weight.shape[1];
  return build([...idsShape, hidden], (index) => {
    const position = ravel(index.slice(0, -1), idsShape);
    return weight.data[ids[position] * hidden + index[index.length - 1]];
  });
}

export function cosineSimilarity(a: Array64, b: Array64, axis: number, eps: number): Array64 {
  const products = binary(a, b, (x, y) => x * y);
  const dots = sum(products, [axis], false);
  const ones = { data: new Float64Array(size(products.shape)).fill(1), shape: products.shape };
  const normA = sum(
    binary(a, ones, (x) => x * x),
    [axis],
    false,
  );
  const normB = sum(
    binary(b, ones, (y) => y * y),
    [axis],
    false,
  );
  const data = dots.data.map(
    (dot, i) => dot / (Math.max(Math.sqrt(normA.data[i]), eps) * Math.max(Math.sqrt(normB.data[i]), eps)),
  );
  return { data, shape: dots.shape };
}

export function crossEntropy(logits: Array64, targets: Int32Array, ignoreIndex: number): Array64 {
  const [rows, vocab] = logits.shape;
  let total = 0;
  let counted = 0;
  for (let r = 0; r < rows; r++) {
    if (targets[r] === ignoreIndex) continue;
    const line = Array.from(logits.data.subarray(r * vocab, (r + 1) * vocab));
    const logSumExp = Math.log(line.reduce((p, v) => p + Math.exp(v), 0));
    total += logSumExp - line[targets[r]];
    counted++;
  }
  return { data: new Float64Array([total / counted]), shape: [] };
}

export function silu(v: number): number {
  return v / (1 + Math.exp(-v));
}

export function gelu(v: number): number {
  return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
}
