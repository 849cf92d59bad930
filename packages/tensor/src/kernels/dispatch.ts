/**
 * Chooses between the active engine's binary kernel and the JavaScript broadcasting loops for the
 * element-wise ops and the tape's gradient sums.
 */
import type { BinaryKind } from '../engine.ts';
import { peekEngine } from '../settings.ts';
import { shapeSize } from '../shape.ts';
import { binaryBroadcast } from './broadcast.ts';

/**
 * Results with fewer elements stay in the JavaScript loop. A native call took about 10 us, and the
 * ORT kernel overtook the loop at about 4,096 elements (2 threads, one run on a shared 2-vCPU server).
 */
export const MIN_ENGINE_ELEMENTS = 1 << 14;

/** Returns a op b broadcast to `outShape`, through the engine's binary kernel for large results. */
export function binaryElementwise(
  kind: BinaryKind,
  a: Float32Array,
  aShape: readonly number[],
  b: Float32Array,
  bShape: readonly number[],
  outShape: readonly number[],
): Float32Array {
  const engine = peekEngine();
  if (engine?.binary !== undefined && shapeSize(outShape) >= MIN_ENGINE_ELEMENTS) {
    return engine.binary(kind, a, aShape, b, bShape, outShape);
  }
  return binaryBroadcast(kind, a, aShape, b, bShape, outShape);
}
