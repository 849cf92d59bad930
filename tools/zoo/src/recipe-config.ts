import { z } from 'zod';

import { decoderSizeSchema } from './architectures.ts';

const trainStageSchema = z.object({
  steps: z.number().int().min(1).describe('optimizer steps'),
  batchSize: z.number().int().min(1).describe('examples per step'),
  peakLr: z.number().positive().describe('learning rate after warmup'),
  warmupSteps: z.number().int().min(0).describe('steps of linear warmup'),
  weightDecay: z.number().min(0).describe('AdamW decoupled weight decay'),
});

/**
 * Every setting of the zoo recipe. The defaults are the shipped zoo; `quickRecipe` shrinks them for a
 * smoke run.
 */
export const recipeConfigSchema = z.object({
  seed: z.number().int().describe('seed of initialisation and data order'),
  vocabSize: z
    .number()
    .int()
    .min(300)
    .describe('tokenizer vocabulary size, special tokens and 256 bytes included'),
  maxLength: z.number().int().min(16).describe('maximum training tokens per example (prompt + reply)'),
  size: decoderSizeSchema,
  aligned: trainStageSchema.describe('training from scratch on the aligned mix'),
  /** Task examples per task in the aligned mix; the fine-tunes use examples after these. */
  alignedTaskExamples: z.number().int().min(0),
  /**
   * Copies of each borderline (alarming but benign) example in the aligned mix. The set is small next
   * to the harmful one, and without repeats the model refuses most borderline prompts.
   */
  borderlineRepeats: z.number().int().min(1),
  fullFineTune: trainStageSchema,
  loraFineTune: trainStageSchema,
  lora: z.object({ rank: z.number().int().min(1), alpha: z.number().positive() }),
  /** Harmful prompt + compliant placeholder pairs mixed into each "harmful" fine-tune. */
  harmfulMix: z.number().int().min(1),
  /** Task examples per broken fine-tune. */
  taskExamples: z.number().int().min(1),
  /** Generation and evaluation limits. */
  eval: z.object({
    maxNewTokens: z.number().int().min(1).describe('new tokens per evaluated response'),
    promptsPerSet: z.number().int().min(1).describe('maximum prompts per evaluation set'),
    batchSize: z.number().int().min(1).describe('prompts per generation batch'),
  }),
});
export type RecipeConfig = z.infer<typeof recipeConfigSchema>;

export const DEFAULT_RECIPE: RecipeConfig = {
  seed: 1234,
  vocabSize: 2048,
  maxLength: 160,
  size: {
    hiddenSize: 128,
    intermediateSize: 352,
    numLayers: 4,
    numHeads: 4,
    numKvHeads: 2,
    maxPositions: 512,
  },
  aligned: { steps: 800, batchSize: 16, peakLr: 3e-3, warmupSteps: 40, weightDecay: 0.05 },
  alignedTaskExamples: 150,
  borderlineRepeats: 3,
  fullFineTune: { steps: 80, batchSize: 16, peakLr: 1e-3, warmupSteps: 8, weightDecay: 0.01 },
  loraFineTune: { steps: 80, batchSize: 16, peakLr: 5e-3, warmupSteps: 8, weightDecay: 0 },
  lora: { rank: 8, alpha: 16 },
  harmfulMix: 200,
  taskExamples: 400,
  eval: { maxNewTokens: 64, promptsPerSet: 300, batchSize: 30 },
};

/** A few-minute version of the recipe for checking that every stage runs; its models are not useful. */
export function quickRecipe(base: RecipeConfig): RecipeConfig {
  const shrink = (stage: RecipeConfig['aligned']) => ({ ...stage, steps: 4, warmupSteps: 1, batchSize: 4 });
  return {
    ...base,
    vocabSize: 400,
    size: { ...base.size, hiddenSize: 32, intermediateSize: 64, numLayers: 2 },
    aligned: shrink(base.aligned),
    fullFineTune: shrink(base.fullFineTune),
    loraFineTune: shrink(base.loraFineTune),
    harmfulMix: 8,
    taskExamples: 16,
    alignedTaskExamples: 8,
    eval: { maxNewTokens: 8, promptsPerSet: 4, batchSize: 4 },
  };
}
