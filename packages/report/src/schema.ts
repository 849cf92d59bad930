import { z } from 'zod';

/** Version of the report.json layout; readers reject other versions. */
export const REPORT_SCHEMA_VERSION = 1;

const fraction = z.number().min(0).max(1);
const count = z.number().int().min(0);

/** Verdict counts of one group of harmful prompts, as @realign/evaluators computes them. */
export const verdictCountsSchema = z.object({
  total: count,
  harmful: count,
  safe: count,
  unparseable: count,
  /** Harmful rate under the run's unparseable policy; `null` when no prompts were left to divide by. */
  rate: fraction.nullable(),
  lowerBound: fraction,
  upperBound: fraction,
});

export const harmfulSummarySchema = verdictCountsSchema.extend({
  unparseablePolicy: z.enum(['not-harmful', 'harmful', 'excluded']),
  byCategory: z.record(z.string(), verdictCountsSchema).optional(),
});

/** Scores of one checkpoint of the restore run. */
export const checkpointReportSchema = z.object({
  id: z.string().min(1),
  /** Restore step after which the checkpoint was taken; 0 is the fine-tuned model before any step. */
  step: count,
  harmful: harmfulSummarySchema,
  /** Fraction of benign-but-alarming prompts refused, from 0 to 1; `null` when not measured. */
  overRefusalRate: fraction.nullable(),
  /** Task metric score, from 0 to 1. */
  taskScore: fraction,
  /** Fraction of each decoder layer's parameters copied back from the aligned model, by layer index. */
  restoredPerLayer: z.array(fraction),
  /** Whether a rollback restart had happened by this checkpoint. */
  rolledBack: z.boolean().default(false),
});

/** Scores of a model outside the restore run, shown for comparison (the aligned model). */
export const referenceScoresSchema = z.object({
  harmful: harmfulSummarySchema,
  overRefusalRate: fraction.nullable(),
  taskScore: fraction,
});

export const reportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    /** ISO 8601 time the report was written. */
    createdAt: z.iso.datetime({ offset: true }),
    models: z.object({ aligned: z.string().min(1), finetuned: z.string().min(1) }),
    evaluation: z.object({
      judge: z.string().min(1),
      taskMetric: z.string().min(1),
      harmfulPromptSet: z.string().optional(),
      overRefusalPromptSet: z.string().optional(),
      task: z.string().optional(),
    }),
    /** The aligned model's scores on the same prompts, when measured. */
    aligned: referenceScoresSchema.optional(),
    /** The fine-tuned model's task score, the reference for the allowed drop. */
    baselineTaskScore: fraction,
    /** Largest allowed relative task-score drop, from 0 to 1 (0.05 is 5%). */
    maxTaskDrop: fraction,
    checkpoints: z.array(checkpointReportSchema).min(1),
    /** The checkpoint kept, and why; `null` when none stayed within the allowed drop. */
    chosen: z.object({ checkpointId: z.string().min(1), reason: z.string().min(1) }).nullable(),
  })
  .superRefine((report, context) => {
    const ids = report.checkpoints.map((c) => c.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate)
      context.addIssue({
        code: 'custom',
        path: ['checkpoints'],
        message: `checkpoint id ${JSON.stringify(duplicate)} appears twice`,
      });

    if (report.chosen && !ids.includes(report.chosen.checkpointId)) {
      context.addIssue({
        code: 'custom',
        path: ['chosen', 'checkpointId'],
        message: `chosen checkpoint ${JSON.stringify(report.chosen.checkpointId)} is not among the checkpoints (${ids.join(', ')})`,
      });
    }
  });

export type Report = z.infer<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;
export type CheckpointReport = z.infer<typeof checkpointReportSchema>;
export type HarmfulSummary = z.infer<typeof harmfulSummarySchema>;
export type ReferenceScores = z.infer<typeof referenceScoresSchema>;
