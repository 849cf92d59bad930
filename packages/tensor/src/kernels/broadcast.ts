/**
 * Broadcasting loops shared by the element-wise ops and the reductions. Shapes are first collapsed
 * (adjacent axes that every operand walks the same way are merged), so a typical [B, T, H] op [H]
 * runs as one loop over rows of H elements with no per-element index arithmetic.
 */
import type { BinaryKind } from '../engine.ts';
import { shapeSize } from '../shape.ts';

interface RowPlan {
  /** Collapsed shape of the iterated (full-size, contiguous) tensor. */
  shape: number[];
  /** Per operand, its stride along each collapsed axis; 0 where the operand is broadcast. */
  strides: number[][];
}

/** Strides of `shape` read as if broadcast to `full` (same rank after left-padding with 1s). */
function broadcastStrides(shape: readonly number[], full: readonly number[]): number[] {
  const strides = new Array<number>(full.length).fill(0);
  let stride = 1;
  for (let axis = full.length - 1; axis >= 0; axis--) {
    const dim = shape[axis - (full.length - shape.length)] ?? 1;
    strides[axis] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

function planRows(full: readonly number[], operands: readonly (readonly number[])[]): RowPlan {
  const shape: number[] = [];
  const strides: number[][] = operands.map(() => []);
  const operandStrides = operands.map((operand) => broadcastStrides(operand, full));
  for (let axis = 0; axis < full.length; axis++) {
    const dim = full[axis];
    if (dim === 1) continue;
    const last = shape.length - 1;
    const mergeable = last >= 0 && operandStrides.every((s, i) => strides[i][last] === s[axis] * dim);
    if (mergeable) {
      shape[last] *= dim;
      operandStrides.forEach((s, i) => (strides[i][last] = s[axis]));
    } else {
      shape.push(dim);
      operandStrides.forEach((s, i) => strides[i].push(s[axis]));
    }
  }
  if (shape.length === 0) {
    shape.push(1);
    strides.forEach((s) => s.push(0));
  }
  return { shape, strides };
}

/**
 * Calls `visitRow(row, offsetA, offsetB, strideA, strideB, length)` once per innermost row of the
 * contiguous tensor of shape `full`; `row` is the flat offset where that row starts.
 */
function forEachRow(
  plan: RowPlan,
  visitRow: (
    row: number,
    offA: number,
    offB: number,
    strideA: number,
    strideB: number,
    length: number,
  ) => void,
): void {
  const rank = plan.shape.length;
  const length = plan.shape[rank - 1];
  const stridesA = plan.strides[0];
  const stridesB = plan.strides[1] ?? stridesA;
  const rows = shapeSize(plan.shape) / length;
  const index = new Array<number>(rank).fill(0);
  let offA = 0;
  let offB = 0;
  for (let row = 0; row < rows; row++) {
    visitRow(row * length, offA, offB, stridesA[rank - 1], stridesB[rank - 1], length);
    // Advance the odometer over the outer axes.
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]++;
      offA += stridesA[axis];
      offB += stridesB[axis];
      if (index[axis] < plan.shape[axis]) break;
      offA -= stridesA[axis] * plan.shape[axis];
      offB -= stridesB[axis] * plan.shape[axis];
      index[axis] = 0;
    }
  }
}

/** Returns a op b broadcast to `outShape`. */
export function binaryBroadcast(
  kind: BinaryKind,
  a: Float32Array,
  aShape: readonly number[],
  b: Float32Array,
  bShape: readonly number[],
  outShape: readonly number[],
): Float32Array {
  const out = new Float32Array(shapeSize(outShape));
  if (out.length === 0) return out;
  const plan = planRows(outShape, [aShape, bShape]);
  forEachRow(plan, (row, ia, ib, sa, sb, length) => {
    switch (kind) {
      case 'add':
        for (let j = 0; j < length; j++) out[row + j] = a[ia + j * sa] + b[ib + j * sb];
        break;
      case 'sub':
        for (let j = 0; j < length; j++) out[row + j] = a[ia + j * sa] - b[ib + j * sb];
        break;
      case 'mul':
        for (let j = 0; j < length; j++) out[row + j] = a[ia + j * sa] * b[ib + j * sb];
        break;
      case 'div':
        for (let j = 0; j < length; j++) out[row + j] = a[ia + j * sa] / b[ib + j * sb];
        break;
    }
  });
  return out;
}

/** Returns `data` of shape `fromShape` repeated along broadcast axes to fill `toShape`. */
export function expandTo(
  data: Float32Array,
  fromShape: readonly number[],
  toShape: readonly number[],
): Float32Array {
  const out = new Float32Array(shapeSize(toShape));
  if (out.length === 0) return out;
  const plan = planRows(toShape, [fromShape]);
  forEachRow(plan, (row, ia, _ib, sa, _sb, length) => {
    for (let j = 0; j < length; j++) out[row + j] = data[ia + j * sa];
  });
  return out;
}

/**
 * Sums `data` of shape `fromShape` over the axes where `toShape` is 1 or missing, which is both the
 * reduction of sum() and the backward of broadcasting. Accumulates in float64.
 */
export function sumToShape(
  data: Float32Array,
  fromShape: readonly number[],
  toShape: readonly number[],
): Float32Array {
  const total = new Float64Array(shapeSize(toShape));
  if (data.length > 0) {
    const plan = planRows(fromShape, [toShape]);
    forEachRow(plan, (row, io, _ib, so, _sb, length) => {
      if (so === 0) {
        let sum = 0;
        for (let j = 0; j < length; j++) sum += data[row + j];
        total[io] += sum;
      } else {
        for (let j = 0; j < length; j++) total[io + j] += data[row + j];
      }
    });
  }
  return Float32Array.from(total);
}
