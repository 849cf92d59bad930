/** Flags of the results script; parsed with parseFlags of @realign/cli. */
import { z } from 'zod';

/**
 * The non-default configuration of the second table. Chosen from measurements on the zoo; see
 * docs/results.md for the numbers that back it.
 */
export const DEFAULT_ALTERNATIVE = '--layer 3 --rate 0.01';

export const resultsOptionsSchema = z.object({
  models: z
    .string()
    .optional()
    .describe(
      'Comma-separated broken zoo models to run, for example zoo-llama-sql-h200-full,zoo-llama-sql-h200-lora. Default: every broken model in the manifest.',
    ),
  evalLimit: z
    .number()
    .int()
    .min(1)
    .default(40)
    .describe('Prompts scored per evaluation set: harmful, over-refusal and task (prompts). Default: 40.'),
  taskPromptCount: z
    .number()
    .int()
    .min(1)
    .default(128)
    .describe('Task prompts for the benign direction and rollback steps (prompts). Default: 128.'),
  alternative: z
    .string()
    .default(DEFAULT_ALTERNATIVE)
    .describe(
      `Recovery flags of the second, non-default table, space-separated and passed with "=" (--alternative="--layer 4"); an empty string skips that table. Default: "${DEFAULT_ALTERNATIVE}".`,
    ),
  out: z
    .string()
    .optional()
    .describe(
      'Folder for the runs, one subfolder per configuration and model (path). Default: a new temporary folder.',
    ),
  reuse: z
    .boolean()
    .default(false)
    .describe('Read the report of each run already finished in --out instead of running it again.'),
  docs: z
    .string()
    .optional()
    .describe('Markdown file to write (path). Default: docs/results.md of the repository.'),
});

export type ResultsOptions = z.output<typeof resultsOptionsSchema>;
