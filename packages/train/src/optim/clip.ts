import type { ParameterTensor } from './parameter.ts';

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm`, like PyTorch's
 * clip_grad_norm_ (factor maxNorm / (norm + 1e-6)). Returns the norm before clipping; a non-finite norm
 * is returned unchanged and the gradients are left alone, so the caller can stop the run.
 */
export function clipGradNorm(tensors: readonly ParameterTensor[], maxNorm: number): number {
  let sumOfSquares = 0;
  for (const { grad } of tensors) {
    if (grad === null) continue;
    for (let i = 0; i < grad.length; i++) sumOfSquares += grad[i] * grad[i];
  }
  const norm = Math.sqrt(sumOfSquares);
  if (!Number.isFinite(norm) || norm <= maxNorm) return norm;

  const factor = maxNorm / (norm + 1e-6);
  for (const { grad } of tensors) {
    if (grad === null) continue;
    for (let i = 0; i < grad.length; i++) grad[i] *= factor;
  }
  return norm;
}
