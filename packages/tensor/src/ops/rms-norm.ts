import { TensorShapeError } from '../errors.ts';
import { formatShape, rejectEmpty } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

export interface RmsNormOptions {
  /** Added to `weight` before scaling; Gemma stores weights around 0 and uses 1. Default 0. */
  weightOffset?: number;
}

/** y = x / sqrt(mean(x^2 over the last axis) + eps) * (weightOffset + weight). */
export function rmsNorm(x: Tensor, weight: Tensor, eps: number, options: RmsNormOptions = {}): Tensor {
  const offset = options.weightOffset ?? 0;
  const hidden = x.shape[x.rank - 1];
  if (x.rank < 1 || weight.rank !== 1 || weight.shape[0] !== hidden) {
    throw new TensorShapeError(
      `rmsNorm: weight must be [H] matching the last axis of x: x ${formatShape(x.shape)} vs weight ${formatShape(weight.shape)}`,
    );
  }
  rejectEmpty('rmsNorm', 'x', x.shape);
  const rows = x.size / hidden;
  const input = x.data;
  const w = weight.data;
  const inverseRms = new Float32Array(rows);
  const out = new Float32Array(x.size);

  for (let r = 0; r < rows; r++) {
    const base = r * hidden;
    let sumSquares = 0;
    for (let j = 0; j < hidden; j++) sumSquares += input[base + j] * input[base + j];
    const inv = 1 / Math.sqrt(sumSquares / hidden + eps);
    inverseRms[r] = inv;
    for (let j = 0; j < hidden; j++) out[base + j] = input[base + j] * inv * (offset + w[j]);
  }

  return record(new Tensor(out, x.shape), 'rmsNorm', [x, weight], (g) => {
    const gradX = x.requiresGrad ? new Float32Array(x.size) : null;
    const gradW = weight.requiresGrad ? new Float64Array(hidden) : null;
    for (let r = 0; r < rows; r++) {
      const base = r * hidden;
      const inv = inverseRms[r];
      // With n = x * inv and d = g * (offset + w): dx = inv * (d - n * mean(d * n)).
      let dotDN = 0;
      for (let j = 0; j < hidden; j++) dotDN += g[base + j] * (offset + w[j]) * input[base + j] * inv;
      const meanDN = dotDN / hidden;
      if (gradX !== null) {
        for (let j = 0; j < hidden; j++) {
          const normalized = input[base + j] * inv;
          gradX[base + j] = inv * (g[base + j] * (offset + w[j]) - normalized * meanDN);
        }
      }
      if (gradW !== null) for (let j = 0; j < hidden; j++) gradW[j] += g[base + j] * input[base + j] * inv;
    }
    return [gradX, gradW === null ? null : Float32Array.from(gradW)];
  });
}
