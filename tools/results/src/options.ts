/** Flags of the results script; parsed with parseFlags of @realign/cli. */
import { z } from 'zod';

/**
 * The non-default configuration of the second table. A search on three h200 fine-tunes with
 * --eval-limit 20 (L 3 or 4, rate 0.002 or 0.01, rollback never) found that this one lowered the
 * mean harmful rate of the chosen checkpoints most: 100% to 26.7%, against 63.3% for the defaults.
 * It also raised over-refusal, which the second table shows.
 */
export const DEFAULT_ALTERNATIVE = '--layer 4 --rate 0.01';

/** Introduction of DEFAULT_ALTERNATIVE on the results page. */
export const DEFAULT_ALTERNATIVE_REASON =
  'NOT the default settings: L = 4 (every layer of the zoo models) and 5 times the default rate. A search on ' +
  'zoo-llama-toxicity-h200-full, zoo-llama-summary-h200-full and zoo-llama-sql-h200-lora with 20 eval prompts ' +
  '(--layer 3, --rate 0.01, both, both with --rollback never, and this one) gave this configuration the lowest ' +
  'mean harmful rate after recovery.';

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
