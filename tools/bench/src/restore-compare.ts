/** Pure helpers of the restore-step benchmark: flag parsing and the agreement measures. */
import { z } from 'zod';

const count = (min: number) => z.coerce.number().int().min(min);

export const restoreStepFlagsSchema = z.object({
  steps: count(1).default(5).describe('Measured restore steps per side (steps), after the warm-up steps.'),
  warmup: count(1)
    .default(1)
    .describe('Warm-up steps per side (steps); step 1 is always one, so the agreement checks see it.'),
  prompts: count(1)
    .default(64)
    .describe('Harmful prompts per step (prompts), from the shipped recovery split.'),
  batchSize: count(1)
    .optional()
    .describe('Prompts per forward and backward pass (prompts). Default: the pipeline default, 8.'),
  rate: z.coerce
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('Restore rate (fraction of decoder-layer parameters, 0 to 1). Default: 0.002.'),
  layers: count(2).default(12).describe('Decoder layers of the random checkpoint pair (layers).'),
  seed: count(0).default(1234).describe('Seed of the random checkpoint pair (integer).'),
  noiseStd: z.coerce
    .number()
    .gt(0)
    .default(0.002)
    .describe('Standard deviation of the fine-tuning noise of the random pair.'),
  skipZoo: z.boolean().default(false).describe('Skip the shipped zoo pair.'),
  skipRandom: z.boolean().default(false).describe('Skip the random pair.'),
});

export type RestoreStepFlags = z.infer<typeof restoreStepFlagsSchema>;

/** Validates parsed command-line values (strings from node:util parseArgs); errors name each flag. */
export function parseRestoreStepFlags(values: Record<string, unknown>): RestoreStepFlags {
  const parsed = restoreStepFlagsSchema.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `--${kebab(issue.path.join('.'))}: ${issue.message}`);
    throw new RangeError(`invalid flags:\n  ${issues.join('\n  ')}`);
  }
  if (parsed.data.skipZoo && parsed.data.skipRandom)
    throw new RangeError('--skip-zoo and --skip-random together leave nothing to run');
  return parsed.data;
}

/** Converts parseArgs keys (`batch-size`) to schema keys (`batchSize`). */
export function camelFlags(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      value,
    ]),
  );
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Restored element indices per tensor name, each list ascending. */
export type RestoredSet = Readonly<Record<string, readonly number[]>>;

export interface Overlap {
  readonly shared: number;
  readonly sizeA: number;
  readonly sizeB: number;
  /** shared / max(sizeA, sizeB): 1 when the sets are equal (or both empty). */
  readonly fraction: number;
}

/** Counts the elements two restored sets share, tensor by tensor, by merging their sorted indices. */
export function restoredOverlap(a: RestoredSet, b: RestoredSet): Overlap {
  let shared = 0;
  let sizeA = 0;
  let sizeB = 0;
  for (const [name, left] of Object.entries(a)) {
    sizeA += left.length;
    const right = b[name] ?? [];
    let j = 0;
    for (const index of left) {
      while (j < right.length && right[j] < index) j++;
      if (j < right.length && right[j] === index) shared++;
    }
  }
  for (const right of Object.values(b)) sizeB += right.length;

  const largest = Math.max(sizeA, sizeB);
  return { shared, sizeA, sizeB, fraction: largest === 0 ? 1 : shared / largest };
}

/** |a - b| / max(|a|, |b|), and 0 when both are 0. */
export function relativeDifference(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}
