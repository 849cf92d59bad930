import type { DecoderModel } from '@realign/model';
import { crossEntropy, reshape, type Tensor } from '@realign/tensor';

import { IGNORE_INDEX, type TrainBatch } from './batch.ts';

/**
 * Mean next-token cross-entropy over the batch's reply targets. Differentiable: backward() reaches
 * every model parameter that requires grad.
 */
export function causalLmLoss(model: DecoderModel, batch: TrainBatch): Tensor {
  const { logits } = model.forward(batch.sequences);
  if (logits === null) throw new RangeError('causalLmLoss: the model returned no logits (is it truncated?)');

  const vocab = logits.shape[2];
  return crossEntropy(reshape(logits, [batch.batchSize * batch.seqLength, vocab]), batch.targets, {
    ignoreIndex: IGNORE_INDEX,
  });
}
