import { z } from 'zod';

/**
 * The recovery settings. Every field's description states its unit and default, so the CLI can
 * generate flags and help text from this schema. Models, prompts and the evaluator are inputs,
 * not settings: see RecoveryInputs.
 */
export const recoveryConfigSchema = z
  .object({
    outputDir: z.string().min(1).describe('Folder for checkpoints and run state (path); created if missing.'),
    directionCacheDir: z
      .string()
      .min(1)
      .optional()
      .describe('Folder of cached directions (path). Default: <outputDir>/directions.'),
    layer: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'Decoder layers kept in the working copy, L (layers); directions are read after layer L. Default: floor(2/3 x layer count).',
      ),
    position: z
      .number()
      .int()
      .default(-1)
      .describe(
        'Token position whose hidden state is read (index; negative counts from the end). Default: -1, the last prompt token.',
      ),
    rate: z
      .number()
      .gt(0)
      .max(1)
      .default(0.002)
      .describe(
        'Weights restored per step, as a fraction of all decoder-layer parameters of the full model (0 to 1); k = ceil(rate x count). Default: 0.002.',
      ),
    rollbackRatio: z
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe(
        'Fraction of rollback candidates returned to fine-tuned values after each restore step (0 to 1), rounded up. Default: 0.2.',
      ),
    rollback: z
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .describe(
        'When to roll back: auto restarts with rollback if the warmup task score drops too far; always skips the warmup test; never disables it. Default: auto.',
      ),
    steps: z.number().int().min(1).default(20).describe('Restore steps (steps). Default: 20.'),
    checkpointInterval: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe(
        'Write and score a checkpoint every this many steps, and after the last step (steps). Default: 5.',
      ),
    warmupSteps: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe(
        'Restore steps before the task score decides on rollback (steps); used with rollback auto. Default: 5.',
      ),
    allowedDrop: z
      .number()
      .min(0)
      .lt(1)
      .default(0.05)
      .describe(
        'Largest allowed task-score drop relative to the fine-tuned model (fraction, 0 to 1). Default: 0.05.',
      ),
    batchSize: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe('Prompts per forward and backward pass (prompts). Default: 8.'),
    harmfulPromptCount: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Use only the first N harmful prompts (prompts), after shuffling. Default: all.'),
    taskPromptCount: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Use only the first N task prompts (prompts), after shuffling. Default: all.'),
    shuffleSeed: z
      .number()
      .int()
      .optional()
      .describe(
        'Seed for shuffling prompt order before batching (integer). Default: no shuffle, file order.',
      ),
    resume: z
      .boolean()
      .default(false)
      .describe(
        'Continue from the last complete checkpoint in outputDir instead of refusing a non-empty folder. Default: false.',
      ),
  })
  .superRefine((config, context) => {
    // Only rollback auto runs the warmup test; the other modes ignore warmupSteps.
    if (config.rollback === 'auto' && config.warmupSteps > config.steps) {
      context.addIssue({
        code: 'custom',
        path: ['warmupSteps'],
        message: `warmupSteps (${config.warmupSteps}) must not exceed steps (${config.steps})`,
      });
    }
    if (config.rollback === 'auto' && config.warmupSteps === 0) {
      context.addIssue({
        code: 'custom',
        path: ['warmupSteps'],
        message:
          'rollback auto needs at least one warmup step; set warmupSteps >= 1 or rollback to always or never',
      });
    }
  });

export type RecoveryConfigInput = z.input<typeof recoveryConfigSchema>;
export type RecoveryConfig = z.output<typeof recoveryConfigSchema>;

/** Validates settings; the thrown ZodError names each invalid field. */
export function parseRecoveryConfig(input: unknown): RecoveryConfig {
  return recoveryConfigSchema.parse(input);
}

/** L: the configured layer, else floor(2/3 x layerCount), at least 1. Rejects L above the layer count. */
export function resolveLayer(config: RecoveryConfig, layerCount: number): number {
  const layer = config.layer ?? Math.max(1, Math.floor((2 * layerCount) / 3));
  if (layer > layerCount) {
    throw new RangeError(
      `layer ${layer} exceeds the model's ${layerCount} decoder layers; set layer (--layer) to 1..${layerCount}`,
    );
  }
  return layer;
}
