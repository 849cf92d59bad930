import { noGrad } from '@realign/tensor';
import { toBatches } from './batches.ts';
import { InvalidDirectionError } from './errors.ts';
import type { HiddenStateModel, StateReadOptions } from './types.ts';

/**
 * Computes a direction: the mean over all prompts of the residual-stream state after the model's
 * last layer at the chosen position. Sums run in fp64 in prompt order, so the result does not
 * depend on the batch size as long as the model's per-prompt states do not.
 */
export function meanHiddenState(
  model: HiddenStateModel,
  prompts: readonly Int32Array[],
  options: StateReadOptions,
): Float32Array {
  if (prompts.length === 0) throw new RangeError('a direction needs at least one prompt, found none');

  let sum: Float64Array | null = null;
  for (const batch of toBatches(prompts, options.batchSize)) {
    options.signal?.throwIfAborted();
    const states = noGrad(() => model.hiddenStates(batch, options.position));
    sum = addRows(sum, states.data, batch.length);
  }

  const direction = Float32Array.from(sum!, (value) => value / prompts.length);
  checkDirection(direction, prompts.length);
  return direction;
}

function addRows(sum: Float64Array | null, rows: Float32Array, rowCount: number): Float64Array {
  const hidden = rows.length / rowCount;
  const total = sum ?? new Float64Array(hidden);
  for (let row = 0; row < rowCount; row++) {
    for (let i = 0; i < hidden; i++) total[i] += rows[row * hidden + i];
  }
  return total;
}

function checkDirection(direction: Float32Array, promptCount: number): void {
  let squares = 0;
  for (const value of direction) squares += value * value;

  const norm = Math.sqrt(squares);
  if (!(norm > 0 && Number.isFinite(norm))) throw new InvalidDirectionError(norm, promptCount);
}
