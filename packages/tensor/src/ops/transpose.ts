import { TensorShapeError } from '../errors.ts';
import { permute } from '../kernels/permute.ts';
import { formatShape } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/** Returns a contiguous copy of `x` whose axis i is `x`'s axis perm[i]. */
export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  const isPermutation =
    perm.length === x.rank && [...perm].sort((p, q) => p - q).every((axis, position) => axis === position);
  if (!isPermutation) {
    throw new TensorShapeError(
      `transpose: [${perm.join(', ')}] is not a permutation of the axes of a tensor of shape ${formatShape(x.shape)}`,
    );
  }
  const shape = perm.map((axis) => x.shape[axis]);
  const inverse = new Array<number>(perm.length);
  perm.forEach((axis, position) => (inverse[axis] = position));

  const out = new Tensor(permute(x.data, x.shape, perm), shape);
  return record(out, 'transpose', [x], (g) => [permute(g, shape, inverse)]);
}
