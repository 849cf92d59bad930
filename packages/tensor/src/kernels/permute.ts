import { shapeSize, stridesOf } from '../shape.ts';

/**
 * Returns the contiguous data of `data` (shape `shape`) with its axes permuted: output axis i is
 * input axis perm[i]. Axes that stay adjacent and in order are merged first, so moving whole rows
 * (for example [B, T, heads, D] -> [B, heads, T, D]) copies runs of D elements.
 */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  if (out.length === 0) return out;
  const { outShape, inStrides } = collapse(shape, perm);
  const rank = outShape.length;
  const length = outShape[rank - 1];
  const innerStride = inStrides[rank - 1];
  const rows = shapeSize(outShape) / length;
  const index = new Array<number>(rank).fill(0);
  let from = 0;

  for (let row = 0; row < rows; row++) {
    const to = row * length;
    if (innerStride === 1) {
      out.set(data.subarray(from, from + length), to);
    } else {
      for (let j = 0; j < length; j++) out[to + j] = data[from + j * innerStride];
    }
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]++;
      from += inStrides[axis];
      if (index[axis] < outShape[axis]) break;
      from -= inStrides[axis] * outShape[axis];
      index[axis] = 0;
    }
  }
  return out;
}

/** Merges output axes that read consecutive input axes; drops size-1 axes. */
function collapse(
  shape: readonly number[],
  perm: readonly number[],
): { outShape: number[]; inStrides: number[] } {
  const strides = stridesOf(shape);
  const outShape: number[] = [];
  const inStrides: number[] = [];
  for (const axis of perm) {
    const dim = shape[axis];
    if (dim === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && inStrides[last] === strides[axis] * dim) {
      outShape[last] *= dim;
      inStrides[last] = strides[axis];
    } else {
      outShape.push(dim);
      inStrides.push(strides[axis]);
    }
  }
  if (outShape.length === 0) return { outShape: [1], inStrides: [1] };
  return { outShape, inStrides };
}
