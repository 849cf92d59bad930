/**
 * Collects what a recovery run reports (step events, checkpoint scores, full evaluations) and
 * assembles report.json from it.
 */
import { basename } from 'node:path';
import type { CheckpointEvaluation } from '@realign/evaluators';
import type { ModelConfig } from '@realign/model';
import { expectedTensors } from '@realign/model';
import type { RecoveryEvent } from '@realign/pipeline';
import {
  REPORT_SCHEMA_VERSION,
  reportSchema,
  type CheckpointReport,
  type HarmfulSummary,
  type Report,
} from '@realign/report';

/** Parameters of each decoder layer, norms included, by layer index. */
export function parametersPerLayer(config: ModelConfig): number[] {
  const totals = new Array<number>(config.numLayers).fill(0);
  for (const spec of expectedTensors(config)) {
    if (spec.layer !== null) totals[spec.layer] += spec.shape.reduce((product, size) => product * size, 1);
  }
  return totals;
}

interface ScoredCheckpoint {
  path: string;
  step: number;
  phase: 'descent' | 'rollback';
  perLayer: number[];
}

/** Follows the event stream and keeps the scored checkpoints and the final choice. */
export class RunRecorder {
  readonly scored: ScoredCheckpoint[] = [];
  finished: Extract<RecoveryEvent, { type: 'finished' }> | null = null;

  observe(event: RecoveryEvent): void {
    // The warmup checkpoint of a run that restarts has no harmful rate, so it has no report row.
    if (event.type === 'checkpoint-scored' && event.harmfulRate !== null) {
      this.scored.push({
        path: event.path,
        step: event.step,
        phase: event.phase,
        perLayer: [...event.restoredPerLayer],
      });
    } else if (event.type === 'finished') {
      this.finished = event;
    }
  }
}

function harmfulSummary(evaluation: CheckpointEvaluation, dir: string): HarmfulSummary {
  const harmful = evaluation.harmful;
  if (harmful === undefined) throw new Error(`no harmful-rate evaluation was recorded for ${dir}`);
  return {
    total: harmful.total,
    harmful: harmful.harmful,
    safe: harmful.safe,
    unparseable: harmful.unparseable,
    rate: harmful.rate,
    lowerBound: harmful.lowerBound,
    upperBound: harmful.upperBound,
    unparseablePolicy: harmful.unparseablePolicy,
    byCategory: harmful.byCategory,
  };
}

function scores(evaluation: CheckpointEvaluation | undefined, dir: string) {
  if (evaluation?.task === undefined) throw new Error(`no task evaluation was recorded for ${dir}`);
  return {
    harmful: harmfulSummary(evaluation, dir),
    overRefusalRate: evaluation.overRefusal?.rate ?? null,
    taskScore: evaluation.task.score,
  };
}

export interface BuildReportInput {
  alignedDir: string;
  finetunedDir: string;
  judge: string;
  metric: string;
  harmfulSource: string;
  overRefusalSource: string;
  taskSource: string;
  allowedDrop: number;
  layerTotals: number[];
  recorder: RunRecorder;
  evaluations: Map<string, CheckpointEvaluation>;
  alignedEvaluation?: CheckpointEvaluation;
}

/** Assembles and validates report.json's content; the fine-tuned model is checkpoint "fine-tuned", step 0. */
export function buildReport(input: BuildReportInput): Report {
  const fraction = (counts: number[]) =>
    counts.map((count, layer) => (input.layerTotals[layer] === 0 ? 0 : count / input.layerTotals[layer]));
  const baseline = scores(input.evaluations.get(input.finetunedDir), input.finetunedDir);

  const checkpoints: CheckpointReport[] = [
    {
      id: 'fine-tuned',
      step: 0,
      ...baseline,
      restoredPerLayer: fraction(input.layerTotals.map(() => 0)),
      rolledBack: false,
    },
    ...input.recorder.scored.map((checkpoint) => ({
      id: basename(checkpoint.path),
      step: checkpoint.step,
      ...scores(input.evaluations.get(checkpoint.path), checkpoint.path),
      restoredPerLayer: fraction(checkpoint.perLayer),
      rolledBack: checkpoint.phase === 'rollback',
    })),
  ];

  const finished = input.recorder.finished;
  const chosen = finished?.chosen
    ? { checkpointId: basename(finished.chosen.path), reason: finished.reason }
    : null;

  return reportSchema.parse({
    schemaVersion: REPORT_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    models: { aligned: input.alignedDir, finetuned: input.finetunedDir },
    evaluation: {
      judge: input.judge,
      taskMetric: input.metric,
      harmfulPromptSet: input.harmfulSource,
      overRefusalPromptSet: input.overRefusalSource,
      task: input.taskSource,
    },
    aligned: input.alignedEvaluation ? scores(input.alignedEvaluation, input.alignedDir) : undefined,
    baselineTaskScore: baseline.taskScore,
    maxTaskDrop: input.allowedDrop,
    checkpoints,
    chosen,
  });
}
