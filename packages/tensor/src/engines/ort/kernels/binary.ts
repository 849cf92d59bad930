/**
 * Broadcasting add, sub, mul and div. ONNX's Add, Sub, Mul and Div broadcast numpy-style, so one
 * graph per op and rank serves every shape once both operands are reshaped to the collapsed form
 * below.
 */
import type { BinaryKind } from '../../../engine.ts';
import { floatValue, type Model } from '../onnx-model.ts';

const OP_TYPES: Record<BinaryKind, string> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div' };

/** Operand and output shapes of one broadcast op, all of the same rank. */
export interface BroadcastDims {
  a: number[];
  b: number[];
  y: number[];
}

/**
 * Rewrites a broadcast op over the fewest axes: output axes of size 1 are dropped, and adjacent
 * axes along which each operand is either read in full or repeated the same way are merged. A
 * [8, 9, 64, 64] + [64, 64] add becomes [72, 4096] + [1, 4096].
 */
export function collapseBroadcast(
  aShape: readonly number[],
  bShape: readonly number[],
  outShape: readonly number[],
): BroadcastDims {
  const dims: BroadcastDims = { a: [], b: [], y: [] };
  let lastPattern = '';
  for (let axis = 0; axis < outShape.length; axis++) {
    const size = outShape[axis];
    if (size === 1) continue;
    const aFull = (aShape[axis - (outShape.length - aShape.length)] ?? 1) !== 1;
    const bFull = (bShape[axis - (outShape.length - bShape.length)] ?? 1) !== 1;
    const pattern = `${aFull}${bFull}`;
    const last = dims.y.length - 1;
    if (pattern === lastPattern) {
      dims.y[last] *= size;
      if (aFull) dims.a[last] *= size;
      if (bFull) dims.b[last] *= size;
    } else {
      dims.y.push(size);
      dims.a.push(aFull ? size : 1);
      dims.b.push(bFull ? size : 1);
    }
    lastPattern = pattern;
  }
  if (dims.y.length === 0) return { a: [1], b: [1], y: [1] };
  return dims;
}

/** Returns the session name for one op at one collapsed rank, such as 'binary_mul_2'. */
export function binaryKernelName(kind: BinaryKind, rank: number): string {
  return `binary_${kind}_${rank}`;
}

/** Builds y = a op b over symbolic dimensions of the given rank. */
export function binaryModel(kind: BinaryKind, rank: number): Model {
  const dims = (prefix: string) => Array.from({ length: rank }, (_, axis) => `${prefix}${axis}`);
  return {
    graph: {
      name: binaryKernelName(kind, rank),
      nodes: [{ opType: OP_TYPES[kind], inputs: ['a', 'b'], outputs: ['y'] }],
      inputs: [floatValue('a', dims('a')), floatValue('b', dims('b'))],
      outputs: [floatValue('y', dims('y'))],
    },
    opsetImports: [{ domain: '', version: 17 }],
  };
}
