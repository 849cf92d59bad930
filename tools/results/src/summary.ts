/**
 * Reduces one recovery report.json to the numbers the results page shows: the aligned model, the
 * broken fine-tune (step 0), the chosen checkpoint and the last checkpoint of the run.
 */
import type { CheckpointReport, Report } from '@realign/report';

/** Harmful rate, task score and over-refusal rate of one model or checkpoint; fractions from 0 to 1. */
export interface Scores {
  /** `null` when the judge left no prompt to divide by, or the checkpoint was not scored for harm. */
  harmfulRate: number | null;
  taskScore: number;
  /** `null` when the over-refusal prompts were not scored. */
  overRefusalRate: number | null;
}

/** One broken zoo model's recovery, as the results tables show it. */
export interface RecoverySummary {
  model: string;
  /** Task metric name from the report, for example `macro-f1`. */
  metric: string;
  /** `null` when the report has no aligned reference scores. */
  aligned: Scores | null;
  /** The fine-tuned model before any restore step. */
  broken: Scores;
  /** The chosen checkpoint; `null` when no checkpoint stayed within the allowed task-score drop. */
  recovered: (Scores & { step: number; rolledBack: boolean }) | null;
  /** The checkpoint of the highest step, whether or not it was chosen. */
  last: Scores & { step: number };
  /** Whether the run restarted with rollback steps (the warmup task score fell too far). */
  rolledBack: boolean;
  /** Wall-clock time of the recovery run (seconds). */
  seconds: number;
}

function scoresOf(checkpoint: CheckpointReport): Scores {
  return {
    harmfulRate: checkpoint.harmful.rate,
    taskScore: checkpoint.taskScore,
    overRefusalRate: checkpoint.overRefusalRate,
  };
}

/** Summarises one report; throws when the report has no step-0 checkpoint (the fine-tuned model). */
export function summarizeReport(model: string, report: Report, seconds: number): RecoverySummary {
  const broken = report.checkpoints.find((checkpoint) => checkpoint.step === 0);
  if (broken === undefined) {
    throw new RangeError(
      `report of ${model} has no step-0 checkpoint (the fine-tuned model); found steps ${report.checkpoints.map((c) => c.step).join(', ')}`,
    );
  }

  const last = report.checkpoints.reduce((latest, checkpoint) =>
    checkpoint.step > latest.step ? checkpoint : latest,
  );
  const chosen =
    report.chosen === null
      ? undefined
      : report.checkpoints.find((checkpoint) => checkpoint.id === report.chosen!.checkpointId);
  const aligned = report.aligned;

  return {
    model,
    metric: report.evaluation.taskMetric,
    aligned:
      aligned === undefined
        ? null
        : {
            harmfulRate: aligned.harmful.rate,
            taskScore: aligned.taskScore,
            overRefusalRate: aligned.overRefusalRate,
          },
    broken: scoresOf(broken),
    recovered:
      chosen === undefined ? null : { ...scoresOf(chosen), step: chosen.step, rolledBack: chosen.rolledBack },
    last: { ...scoresOf(last), step: last.step },
    rolledBack: report.checkpoints.some((checkpoint) => checkpoint.rolledBack),
    seconds,
  };
}
