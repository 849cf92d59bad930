import type { DecoderModel } from '@realign/model';
import { backward, Rng } from '@realign/tensor';
import { z } from 'zod';

import { buildBatch, type TokenizedExample } from './batch.ts';
import { TrainDivergedError } from './errors.ts';
import { causalLmLoss } from './loss.ts';
import { AdamW } from './optim/adamw.ts';
import { clipGradNorm } from './optim/clip.ts';
import type { TrainableParameter } from './optim/parameter.ts';
import { checkSchedule, warmupCosineLr } from './optim/schedule.ts';
import { batchSchedule } from './shuffle.ts';
import type { LoraAdapter } from './lora/lora.ts';

export const trainOptionsSchema = z.object({
  steps: z.number().int().min(1).describe('optimizer steps'),
  batchSize: z.number().int().min(1).describe('examples per step'),
  peakLr: z.number().positive().describe('learning rate after warmup'),
  warmupSteps: z.number().int().min(0).describe('steps of linear warmup'),
  minLrRatio: z.number().min(0).max(1).default(0.1).describe('final learning rate as a fraction of peakLr'),
  weightDecay: z.number().min(0).default(0.01).describe('AdamW decoupled weight decay'),
  maxGradNorm: z.number().positive().default(1).describe('global gradient-norm clip'),
  maxLength: z.number().int().min(2).describe('maximum tokens per example (prompt + reply)'),
  seed: z.number().int().describe('seed of the data order'),
});
export type TrainOptions = z.input<typeof trainOptionsSchema>;

/** Progress after one optimizer step. */
export interface TrainStepEvent {
  step: number;
  totalSteps: number;
  /** Mean cross-entropy over the step's reply tokens (nats). */
  loss: number;
  lr: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Reply tokens the loss covered in this step. */
  targetTokens: number;
  elapsedMs: number;
}

/** Hooks that let LoRA (or any reparametrisation) wrap each step's forward and backward. */
export interface StepHooks {
  beforeForward?: () => void;
  afterBackward?: () => void;
}

/**
 * Trains `parameters` of `model` on `examples` with AdamW, warmup-cosine learning rates and
 * global-norm clipping. Batches follow a seeded shuffle, so the same seed, data and initial weights
 * give the same weights. Throws TrainDivergedError on a non-finite loss or gradient norm.
 */
export function trainCausalLm(
  model: DecoderModel,
  parameters: readonly TrainableParameter[],
  examples: readonly TokenizedExample[],
  rawOptions: TrainOptions,
  onStep?: (event: TrainStepEvent) => void,
  hooks: StepHooks = {},
): TrainStepEvent[] {
  const options = trainOptionsSchema.parse(rawOptions);
  const schedule = {
    peakLr: options.peakLr,
    warmupSteps: options.warmupSteps,
    totalSteps: options.steps,
    minLrRatio: options.minLrRatio,
  };
  checkSchedule(schedule);

  const optimizer = new AdamW(parameters, { weightDecay: options.weightDecay });
  const order = batchSchedule(examples.length, options.batchSize, options.steps, new Rng(options.seed));
  const history: TrainStepEvent[] = [];
  const started = performance.now();

  order.forEach((indices, step) => {
    const batch = buildBatch(
      indices.map((index) => examples[index]),
      { maxLength: options.maxLength },
    );

    hooks.beforeForward?.();
    const loss = causalLmLoss(model, batch);
    backward(loss);
    hooks.afterBackward?.();

    const lossValue = loss.item();
    const gradNorm = clipGradNorm(
      parameters.map((parameter) => parameter.tensor),
      options.maxGradNorm,
    );
    if (!Number.isFinite(lossValue) || !Number.isFinite(gradNorm)) {
      throw new TrainDivergedError(
        `training diverged at step ${step}: loss ${lossValue}, gradient norm ${gradNorm}`,
        step,
      );
    }

    const lr = warmupCosineLr(step, schedule);
    optimizer.step(lr);
    optimizer.zeroGrad();

    const event = {
      step,
      totalSteps: options.steps,
      loss: lossValue,
      lr,
      gradNorm,
      targetTokens: batch.targetCount,
      elapsedMs: performance.now() - started,
    };
    history.push(event);
    onStep?.(event);
  });

  return history;
}

/**
 * Lists every parameter of a model for full fine-tuning. Matrices (rank 2, embeddings included) get
 * weight decay; norm weights and biases do not. Each tensor must have been loaded with requiresGrad.
 */
export function fullFineTuneParameters(model: DecoderModel): TrainableParameter[] {
  return [...model.parameters].map(([name, tensor]) => {
    if (!tensor.requiresGrad) {
      throw new RangeError(
        `fullFineTuneParameters: ${name} does not require grad; load the model with requiresGrad: true`,
      );
    }
    return { name, tensor, weightDecay: tensor.rank === 2 };
  });
}

/**
 * LoRA fine-tuning: trains only A and B of `adapter` and leaves every model weight at
 * W0 + s B A of the final factors, so the model can be evaluated right away.
 */
export function trainLora(
  adapter: LoraAdapter,
  examples: readonly TokenizedExample[],
  options: TrainOptions,
  onStep?: (event: TrainStepEvent) => void,
): TrainStepEvent[] {
  const history = trainCausalLm(adapter.model, adapter.parameters, examples, options, onStep, {
    beforeForward: () => adapter.apply(),
    afterBackward: () => adapter.collectGradients(),
  });
  adapter.apply();
  return history;
}
