import { TensorShapeError } from './errors.ts';

/** Formats a shape the way error messages print it: `[2, 3, 4]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Returns the number of elements of a shape; a rank-0 shape has one. */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Returns row-major strides, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let axis = 0; axis < a.length; axis++) if (a[axis] !== b[axis]) return false;
  return true;
}

/** Resolves a possibly negative axis against `rank`, throwing with the op name when it is out of range. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  const resolved = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || resolved < 0 || resolved >= rank) {
    throw new TensorShapeError(`${op}: axis ${axis} is out of range for a rank-${rank} tensor`);
  }
  return resolved;
}

/** Returns the numpy broadcast of two shapes, or throws naming the op and both shapes. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let axis = 0; axis < rank; axis++) {
    const dimA = a[a.length - rank + axis] ?? 1;
    const dimB = b[b.length - rank + axis] ?? 1;
    if (dimA !== dimB && dimA !== 1 && dimB !== 1) {
      throw new TensorShapeError(
        `${op}: shapes cannot be broadcast together: a ${formatShape(a)} vs b ${formatShape(b)}`,
      );
    }
    out[axis] = dimA === 1 ? dimB : dimA;
  }
  return out;
}

/** Throws when any dimension of `shape` is zero, for ops that cannot work on an empty batch. */
export function rejectEmpty(op: string, label: string, shape: readonly number[]): void {
  if (shape.includes(0)) {
    throw new TensorShapeError(`${op}: ${label} ${formatShape(shape)} is empty; pass at least one element`);
  }
}

/** Splits `shape` around `axis` into [outer, length, inner] element counts. */
export function splitAtAxis(shape: readonly number[], axis: number): [number, number, number] {
  return [shapeSize(shape.slice(0, axis)), shape[axis], shapeSize(shape.slice(axis + 1))];
}
