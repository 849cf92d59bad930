import { TensorShapeError } from '../errors.ts';
import { formatShape, rejectEmpty, shapeSize } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/** Looks up rows of `weight` ([V, H]) for each id; returns [...idsShape, H]. */
export function embedding(weight: Tensor, ids: Int32Array, idsShape: readonly number[]): Tensor {
  if (weight.rank !== 2) {
    throw new TensorShapeError(`embedding: weight must be [V, H], got ${formatShape(weight.shape)}`);
  }
  if (shapeSize(idsShape) !== ids.length) {
    throw new TensorShapeError(
      `embedding: ids has ${ids.length} elements but idsShape is ${formatShape(idsShape)}`,
    );
  }
  rejectEmpty('embedding', 'ids', idsShape);
  const [vocab, hidden] = weight.shape;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= vocab) {
      throw new TensorShapeError(
        `embedding: id ${ids[i]} at position ${i} is out of range for vocabulary size ${vocab}`,
      );
    }
  }

  const table = weight.data;
  const out = new Float32Array(ids.length * hidden);
  for (let i = 0; i < ids.length; i++) {
    out.set(table.subarray(ids[i] * hidden, (ids[i] + 1) * hidden), i * hidden);
  }

  return record(new Tensor(out, [...idsShape, hidden]), 'embedding', [weight], (g) => {
    // Scatter-add: a repeated id receives the sum of its rows' gradients.
    const grad = new Float32Array(weight.size);
    for (let i = 0; i < ids.length; i++) {
      const row = ids[i] * hidden;
      const from = i * hidden;
      for (let j = 0; j < hidden; j++) grad[row + j] += g[from + j];
    }
    return [grad];
  });
}
