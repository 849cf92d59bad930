import { z } from 'zod';
import { DTYPES } from './dtype.ts';

/** Byte offsets and sizes must be exact JS integers, so they are limited to 2^53 - 1. */
const byteCount = z.int().nonnegative();

/** One tensor entry of a safetensors header. `data_offsets` are [begin, end) relative to the data section. */
export const tensorEntrySchema = z.object({
  dtype: z.enum(DTYPES, {
    error: (issue) => `unknown dtype ${JSON.stringify(issue.input)}; expected one of ${DTYPES.join(', ')}`,
  }),
  shape: z.array(byteCount),
  data_offsets: z.tuple([byteCount, byteCount]),
});

export type TensorEntry = z.infer<typeof tensorEntrySchema>;

/** The `__metadata__` entry of a safetensors header: a free-form map from strings to strings. */
export const safetensorsMetadataSchema = z.record(z.string(), z.string());

/** The JSON header of a safetensors file: tensor entries by name plus the optional `__metadata__`. */
export const safetensorsHeaderSchema = z
  .object({ __metadata__: safetensorsMetadataSchema.optional() })
  .catchall(tensorEntrySchema);

export type SafetensorsHeaderJson = z.infer<typeof safetensorsHeaderSchema>;

/**
 * model.safetensors.index.json as Hugging Face transformers writes it. `metadata.total_size` is the
 * sum of the tensors' data bytes (headers excluded). Other metadata fields are kept as they are.
 */
export const checkpointIndexSchema = z.object({
  metadata: z.looseObject({ total_size: byteCount.optional() }).optional(),
  weight_map: z.record(z.string(), z.string().min(1)),
});

export type CheckpointIndex = z.infer<typeof checkpointIndexSchema>;

/** Formats zod issues as one line each, with the JSON path of the field first. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((part) => JSON.stringify(String(part))).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}
