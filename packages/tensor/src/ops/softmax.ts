import { normalizeAxis, rejectEmpty, splitAtAxis } from '../shape.ts';
import { getEngine } from '../settings.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/**
 * Softmax along `axis` (default the last), computed with the row maximum subtracted for stability.
 * Over the last axis it runs the engine's softmax kernels when the engine has them.
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  const resolved = normalizeAxis('softmax', axis, x.rank);
  rejectEmpty('softmax', 'input', x.shape);
  const [outer, length, inner] = splitAtAxis(x.shape, resolved);
  const engine = getEngine();
  const out =
    inner === 1 && engine.softmax !== undefined
      ? engine.softmax(x.data, length)
      : softmaxLoop(x.data, outer, length, inner);

  return record(new Tensor(out, x.shape), 'softmax', [x], (g) => {
    const active = getEngine();
    if (inner === 1 && active.softmaxBackward !== undefined) return [active.softmaxBackward(out, g, length)];
    return [softmaxBackwardLoop(out, g, outer, length, inner)];
  });
}

/** Softmax of every line along the middle axis of an [outer, length, inner] block. */
function softmaxLoop(input: Float32Array, outer: number, length: number, inner: number): Float32Array {
  const out = new Float32Array(input.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      let max = -Infinity;
      for (let j = 0; j < length; j++) max = Math.max(max, input[base + j * inner]);
      let total = 0;
      for (let j = 0; j < length; j++) {
        const e = Math.exp(input[base + j * inner] - max);
        out[base + j * inner] = e;
        total += e;
      }
      const inverse = 1 / total;
      for (let j = 0; j < length; j++) out[base + j * inner] *= inverse;
    }
  }
  return out;
}

/** Returns dx = y * (g - sum(g * y)) along the middle axis, from the softmax output y. */
function softmaxBackwardLoop(
  out: Float32Array,
  g: Float32Array,
  outer: number,
  length: number,
  inner: number,
): Float32Array {
  const grad = new Float32Array(g.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      let dotGY = 0;
      for (let j = 0; j < length; j++) dotGY += g[base + j * inner] * out[base + j * inner];
      for (let j = 0; j < length; j++) {
        const at = base + j * inner;
        grad[at] = out[at] * (g[at] - dotGY);
      }
    }
  }
  return grad;
}
