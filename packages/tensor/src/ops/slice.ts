import { TensorShapeError } from '../errors.ts';
import { formatShape, normalizeAxis, splitAtAxis } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/** Returns elements [start, end) of `x` along `axis`, copied. */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const resolved = normalizeAxis('slice', axis, x.rank);
  const dim = x.shape[resolved];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > dim || start > end) {
    throw new TensorShapeError(
      `slice: range [${start}, ${end}) is invalid for axis ${axis} of shape ${formatShape(x.shape)}; need 0 <= start <= end <= ${dim}`,
    );
  }
  const [outer, , inner] = splitAtAxis(x.shape, resolved);
  const shape = [...x.shape];
  shape[resolved] = end - start;
  const width = (end - start) * inner;
  const rowIn = dim * inner;
  const out = new Float32Array(outer * width);
  for (let o = 0; o < outer; o++) {
    const from = o * rowIn + start * inner;
    out.set(x.data.subarray(from, from + width), o * width);
  }

  return record(new Tensor(out, shape), 'slice', [x], (g) => {
    const grad = new Float32Array(x.size);
    for (let o = 0; o < outer; o++)
      grad.set(g.subarray(o * width, (o + 1) * width), o * rowIn + start * inner);
    return [grad];
  });
}
