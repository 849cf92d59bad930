import { Tensor, backward, cosineSimilarity, mean, neg } from '@realign/tensor';
import { toBatches } from './batches.ts';
import type { HiddenStateModel, StateReadOptions } from './types.ts';

export interface DirectionLossResult {
  /** -cos(batch-mean state, direction) per batch, in batch order. */
  readonly batchLosses: readonly number[];
  /** Mean of `batchLosses`. */
  readonly meanLoss: number;
}

/**
 * Runs backward on loss = -cos(mean over the batch of the hidden states, direction) for each batch
 * of prompts (only the loss is computed when no model tensor requires grad). Gradients accumulate (+=) into the `.grad` of every model tensor that requires grad,
 * so after the call they hold the sum over batches. Zeroing them first is the caller's choice.
 */
export function directionLossBackward(
  model: HiddenStateModel,
  prompts: readonly Int32Array[],
  direction: Float32Array,
  options: StateReadOptions,
): DirectionLossResult {
  const target = new Tensor(direction, [direction.length]);
  const batchLosses: number[] = [];

  for (const batch of toBatches(prompts, options.batchSize)) {
    options.signal?.throwIfAborted();
    const states = model.hiddenStates(batch, options.position);
    const loss = neg(cosineSimilarity(mean(states, [0]), target, -1));
    // Under noGrad, or with no tensor requiring grad, only the loss value is wanted.
    if (loss.requiresGrad) backward(loss);
    batchLosses.push(loss.item());
  }

  const meanLoss = batchLosses.reduce((total, loss) => total + loss, 0) / batchLosses.length;
  return { batchLosses, meanLoss };
}
