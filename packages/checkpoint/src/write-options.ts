import { z } from 'zod';
import { FLOAT_DTYPES } from './dtype.ts';
import { CheckpointError } from './errors.ts';
import { formatIssues } from './schemas.ts';

/** Hugging Face's default shard budget, 5 GB in decimal units as transformers counts it. */
export const DEFAULT_MAX_SHARD_BYTES = 5_000_000_000;

/** Options of writeCheckpoint. Unknown keys are rejected, so a misspelled option is not silently ignored. */
export const writeCheckpointOptionsSchema = z.strictObject({
  dtype: z.enum(FLOAT_DTYPES).optional(),
  maxShardBytes: z.int().positive().optional(),
  sourceDir: z.string().min(1).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  onProgress: z
    .custom<(event: never) => void>((value) => typeof value === 'function', 'expected a function')
    .optional(),
});

/** Options of writeSafetensorsFile. */
export const writeFileOptionsSchema = writeCheckpointOptionsSchema.pick({ dtype: true, metadata: true });

/** Parses writer options, throwing CheckpointError naming each invalid option. */
export function parseWriteOptions<Schema extends z.ZodType>(
  schema: Schema,
  options: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(options);
  if (!result.success) {
    throw new CheckpointError(`invalid write options: ${formatIssues(result.error)}`);
  }
  return result.data;
}
