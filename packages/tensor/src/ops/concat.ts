import { TensorShapeError } from '../errors.ts';
import { formatShape, normalizeAxis, splitAtAxis } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/** Joins tensors along `axis`; all other dimensions must match. */
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new TensorShapeError('concat: no tensors given; pass at least one');
  const first = xs[0];
  const resolved = normalizeAxis('concat', axis, first.rank);
  for (const x of xs) {
    const matches =
      x.rank === first.rank && x.shape.every((dim, a) => a === resolved || dim === first.shape[a]);
    if (!matches) {
      throw new TensorShapeError(
        `concat: shapes differ outside axis ${axis}: ${formatShape(first.shape)} vs ${formatShape(x.shape)}`,
      );
    }
  }
  const [outer, , inner] = splitAtAxis(first.shape, resolved);
  const widths = xs.map((x) => x.shape[resolved] * inner);
  const rowOut = widths.reduce((total, width) => total + width, 0);
  const shape = [...first.shape];
  shape[resolved] = xs.reduce((total, x) => total + x.shape[resolved], 0);

  const out = new Float32Array(outer * rowOut);
  let offset = 0;
  xs.forEach((x, index) => {
    const width = widths[index];
    for (let o = 0; o < outer; o++) out.set(x.data.subarray(o * width, (o + 1) * width), o * rowOut + offset);
    offset += width;
  });

  return record(new Tensor(out, shape), 'concat', xs, (g) => {
    let start = 0;
    return xs.map((x, index) => {
      const width = widths[index];
      const from = start;
      start += width;
      if (!x.requiresGrad) return null;
      const grad = new Float32Array(x.size);
      for (let o = 0; o < outer; o++)
        grad.set(g.subarray(o * rowOut + from, o * rowOut + from + width), o * width);
      return grad;
    });
  });
}
