import { TensorShapeError } from '../errors.ts';
import { formatShape, shapeSize } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/** Returns a tensor with the new shape that shares `x`'s data; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const resolved = resolveShape(x, shape);
  return record(new Tensor(x.data, resolved), 'reshape', [x], (g) => [g]);
}

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  const inferred = shape.filter((dim) => dim === -1).length;
  const invalid = shape.some((dim) => !Number.isInteger(dim) || dim < -1);
  if (inferred > 1 || invalid) {
    throw new TensorShapeError(
      `reshape: invalid target shape ${formatShape(shape)}; use non-negative integers and at most one -1`,
    );
  }
  const known = shapeSize(shape.filter((dim) => dim !== -1));
  const resolved = [...shape];
  if (inferred === 1) {
    if (known === 0 || x.size % known !== 0) {
      throw new TensorShapeError(
        `reshape: cannot reshape ${formatShape(x.shape)} into ${formatShape(shape)}`,
      );
    }
    resolved[shape.indexOf(-1)] = x.size / known;
  }
  if (shapeSize(resolved) !== x.size) {
    throw new TensorShapeError(
      `reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`,
    );
  }
  return resolved;
}
