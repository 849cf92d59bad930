import { TensorShapeError } from '../errors.ts';
import { formatShape, rejectEmpty } from '../shape.ts';
import { getEngine } from '../settings.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

export interface RmsNormOptions {
  /** Added to `weight` before scaling; Gemma stores weights around 0 and uses 1. Default 0. */
  weightOffset?: number;
}

/**
 * y = x / sqrt(mean(x^2 over the last axis) + eps) * (weightOffset + weight). Runs the engine's
 * RMSNorm kernels when it has them, and its own loops otherwise.
 */
export function rmsNorm(x: Tensor, weight: Tensor, eps: number, options: RmsNormOptions = {}): Tensor {
  const hidden = x.shape[x.rank - 1];
  if (x.rank < 1 || weight.rank !== 1 || weight.shape[0] !== hidden) {
    throw new TensorShapeError(
      `rmsNorm: weight must be [H] matching the last axis of x: x ${formatShape(x.shape)} vs weight ${formatShape(weight.shape)}`,
    );
  }
  rejectEmpty('rmsNorm', 'x', x.shape);
  const input = x.data;
  const scale = offsetWeight(weight.data, options.weightOffset ?? 0);
  const engine = getEngine();
  const { y, inverseRms } =
    engine.rmsNorm !== undefined ? engine.rmsNorm(input, scale, eps) : rmsNormLoop(input, scale, eps);

  return record(new Tensor(y, x.shape), 'rmsNorm', [x, weight], (g) => {
    const active = getEngine();
    // The weight's gradient equals the scale's because scale = weightOffset + weight.
    const grads =
      active.rmsNormBackward !== undefined
        ? active.rmsNormBackward(input, inverseRms, scale, g)
        : rmsNormBackwardLoop(input, inverseRms, scale, g, { x: x.requiresGrad, scale: weight.requiresGrad });
    return [x.requiresGrad ? grads.x : null, weight.requiresGrad ? grads.scale : null];
  });
}

/** Returns weightOffset + weight, or `weight` itself when the offset is 0 (kernels never write it). */
function offsetWeight(weight: Float32Array, offset: number): Float32Array {
  if (offset === 0) return weight;
  const scale = new Float32Array(weight.length);
  for (let j = 0; j < weight.length; j++) scale[j] = offset + weight[j];
  return scale;
}

/** Computes the RMSNorm of each row of scale.length elements and 1 / rms of each row for the backward. */
function rmsNormLoop(
  input: Float32Array,
  scale: Float32Array,
  eps: number,
): { y: Float32Array; inverseRms: Float32Array } {
  const hidden = scale.length;
  const rows = input.length / hidden;
  const inverseRms = new Float32Array(rows);
  const y = new Float32Array(input.length);
  for (let r = 0; r < rows; r++) {
    const base = r * hidden;
    let sumSquares = 0;
    for (let j = 0; j < hidden; j++) sumSquares += input[base + j] * input[base + j];
    const inv = 1 / Math.sqrt(sumSquares / hidden + eps);
    inverseRms[r] = inv;
    for (let j = 0; j < hidden; j++) y[base + j] = input[base + j] * inv * scale[j];
  }
  return { y, inverseRms };
}

/** Computes the gradients of x and of the scale, leaving empty the ones that `needed` marks false. */
function rmsNormBackwardLoop(
  input: Float32Array,
  inverseRms: Float32Array,
  scale: Float32Array,
  g: Float32Array,
  needed: { x: boolean; scale: boolean },
): { x: Float32Array; scale: Float32Array } {
  const hidden = scale.length;
  const gradX = new Float32Array(needed.x ? input.length : 0);
  const gradScale = new Float64Array(needed.scale ? hidden : 0);
  for (let r = 0; r < inverseRms.length; r++) {
    const base = r * hidden;
    const inv = inverseRms[r];
    // With n = x * inv and d = g * scale: dx = inv * (d - n * mean(d * n)).
    let dotDN = 0;
    for (let j = 0; j < hidden; j++) dotDN += g[base + j] * scale[j] * input[base + j] * inv;
    const meanDN = dotDN / hidden;
    if (needed.x) {
      for (let j = 0; j < hidden; j++) {
        const normalized = input[base + j] * inv;
        gradX[base + j] = inv * (g[base + j] * scale[j] - normalized * meanDN);
      }
    }
    if (needed.scale) for (let j = 0; j < hidden; j++) gradScale[j] += g[base + j] * input[base + j] * inv;
  }
  return { x: gradX, scale: Float32Array.from(gradScale) };
}
