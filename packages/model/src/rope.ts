import { Tensor } from '@realign/tensor';
import type { ModelConfig } from './config.ts';

/**
 * Returns the RoPE inverse frequencies (headDim / 2 values) of a config, with Llama 3 or linear
 * scaling applied. Follows `_compute_default_rope_parameters`, `_compute_linear_scaling_rope_parameters`
 * and `_compute_llama3_parameters` of transformers' modeling_rope_utils.py.
 */
export function ropeInverseFrequencies(config: ModelConfig): Float64Array {
  const half = config.headDim / 2;
  const inverse = new Float64Array(half);
  for (let i = 0; i < half; i++) {
    // transformers computes base ** (arange(0, dim, 2) / dim) in fp32.
    inverse[i] = Math.fround(1 / Math.fround(config.ropeTheta ** Math.fround((2 * i) / config.headDim)));
  }

  const scaling = config.ropeScaling;
  if (scaling === null) return inverse;
  if (scaling.type === 'linear') return inverse.map((f) => f / scaling.factor);

  // Llama 3: wavelengths longer than the original context divide by `factor`, shorter than
  // original / high_freq_factor stay, and the band between blends the two smoothly.
  const lowFreqWavelength = scaling.originalMaxPositionEmbeddings / scaling.lowFreqFactor;
  const highFreqWavelength = scaling.originalMaxPositionEmbeddings / scaling.highFreqFactor;
  return inverse.map((frequency) => {
    const wavelength = (2 * Math.PI) / frequency;
    if (wavelength < highFreqWavelength) return frequency;
    if (wavelength > lowFreqWavelength) return frequency / scaling.factor;
    const smooth =
      (scaling.originalMaxPositionEmbeddings / wavelength - scaling.lowFreqFactor) /
      (scaling.highFreqFactor - scaling.lowFreqFactor);
    return (1 - smooth) * (frequency / scaling.factor) + smooth * frequency;
  });
}

/**
 * Builds cos and sin tables [B, T, headDim] for integer positions [B, T] (row-major). Both halves
 * of the last axis repeat the same angles, as in the rotate_half convention.
 */
export function ropeTables(
  inverseFrequencies: Float64Array,
  positions: Int32Array,
  batch: number,
  length: number,
): { cos: Tensor; sin: Tensor } {
  const half = inverseFrequencies.length;
  const dim = 2 * half;
  const cos = new Float32Array(batch * length * dim);
  const sin = new Float32Array(batch * length * dim);
  for (let row = 0; row < batch * length; row++) {
    const position = positions[row];
    const base = row * dim;
    for (let i = 0; i < half; i++) {
      // fp32 product as in transformers, which multiplies fp32 inv_freq by fp32 positions.
      const angle = Math.fround(Math.fround(inverseFrequencies[i]) * position);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[base + i] = c;
      cos[base + half + i] = c;
      sin[base + i] = s;
      sin[base + half + i] = s;
    }
  }
  return { cos: new Tensor(cos, [batch, length, dim]), sin: new Tensor(sin, [batch, length, dim]) };
}
