/** sum and mean over a set of axes. */
import { TensorShapeError } from '../errors.ts';
import { expandTo, sumToShape } from '../kernels/broadcast.ts';
import { formatShape, normalizeAxis, rejectEmpty } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/** Resolves `axes` (all axes when omitted) to distinct non-negative axes. */
function resolveAxes(op: string, shape: readonly number[], axes: readonly number[] | undefined): Set<number> {
  const resolved =
    axes === undefined ? shape.map((_, axis) => axis) : axes.map((a) => normalizeAxis(op, a, shape.length));
  const distinct = new Set(resolved);
  if (distinct.size !== resolved.length) {
    throw new TensorShapeError(
      `${op}: axes [${axes?.join(', ')}] repeat an axis of shape ${formatShape(shape)}`,
    );
  }
  return distinct;
}

function reduce(
  op: 'sum' | 'mean',
  x: Tensor,
  axes: readonly number[] | undefined,
  keepDims: boolean,
): Tensor {
  const reduced = resolveAxes(op, x.shape, axes);
  if (op === 'mean') rejectEmpty('mean', 'input', x.shape);
  const kept = x.shape.map((dim, axis) => (reduced.has(axis) ? 1 : dim));
  const shape = keepDims ? kept : x.shape.filter((_, axis) => !reduced.has(axis));
  let count = 1;
  for (const axis of reduced) count *= x.shape[axis];

  const data = sumToShape(x.data, x.shape, kept);
  const factor = op === 'mean' ? 1 / count : 1;
  if (factor !== 1) for (let i = 0; i < data.length; i++) data[i] *= factor;

  return record(new Tensor(data, shape), op, [x], (g) => {
    const grad = expandTo(g, kept, x.shape);
    if (factor !== 1) for (let i = 0; i < grad.length; i++) grad[i] *= factor;
    return [grad];
  });
}

/** Sums over `axes` (all axes when omitted); reduced axes are dropped unless `keepDims`. */
export function sum(x: Tensor, axes?: number[], keepDims = false): Tensor {
  return reduce('sum', x, axes, keepDims);
}

/** Averages over `axes` (all axes when omitted); reduced axes are dropped unless `keepDims`. */
export function mean(x: Tensor, axes?: number[], keepDims = false): Tensor {
  return reduce('mean', x, axes, keepDims);
}
