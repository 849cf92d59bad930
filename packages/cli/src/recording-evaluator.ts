/**
 * A RecoveryEvaluator that scores checkpoint folders with @realign/evaluators and keeps every
 * full evaluation (harmful verdict counts by category, over-refusal, task score) for the report.
 */
import {
  checkpointIdentity,
  evaluateCheckpoint,
  getTaskMetric,
  loadChatGenerator,
  ResponseCache,
  type ChatGenerator,
  type CheckpointEvaluation,
  type EvaluationProgress,
  type HarmJudge,
} from '@realign/evaluators';
import type { RecoveryEvaluator } from '@realign/pipeline';
import type { EvaluationSets } from './inputs.ts';

export interface RecordingEvaluatorOptions {
  sets: EvaluationSets;
  judge: HarmJudge;
  maxNewTokens: number;
  /** Folder of cached responses; re-scoring a checkpoint reads responses from here. */
  cacheDir: string;
  onProgress?: (dir: string, event: EvaluationProgress) => void;
}

export interface RecordingEvaluator extends RecoveryEvaluator {
  /** Every evaluation so far, by checkpoint folder; harmful and over-refusal fill in as scored. */
  readonly evaluations: Map<string, CheckpointEvaluation>;
  /** Scores the task, harmful rate and over-refusal of one folder at once. */
  evaluateAll(dir: string, signal?: AbortSignal): Promise<CheckpointEvaluation>;
}

export function recordingEvaluator(options: RecordingEvaluatorOptions): RecordingEvaluator {
  const metric = getTaskMetric(options.sets.metric);
  const cache = new ResponseCache(options.cacheDir);
  const evaluations = new Map<string, CheckpointEvaluation>();

  // One model load serves the task score and the harmful rate of the same folder.
  let loaded: { dir: string; generator: Promise<ChatGenerator> } | null = null;
  const generatorFor = (dir: string) => {
    if (loaded?.dir !== dir) loaded = { dir, generator: loadChatGenerator(dir) };
    return loaded.generator;
  };

  const evaluate = async (dir: string, parts: { task: boolean; harmful: boolean }, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    const evaluation = await evaluateCheckpoint({
      checkpointId: checkpointIdentity(dir),
      generator: await generatorFor(dir),
      task: parts.task ? { examples: options.sets.task, metric } : undefined,
      harmful: parts.harmful ? { prompts: options.sets.harmful, judge: options.judge } : undefined,
      overRefusal:
        parts.harmful && options.sets.overRefusal.length > 0
          ? { prompts: options.sets.overRefusal }
          : undefined,
      maxNewTokens: options.maxNewTokens,
      cache,
      onProgress: (event) => options.onProgress?.(dir, event),
    });
    const merged: CheckpointEvaluation = {
      ...evaluations.get(dir),
      ...withoutUndefined(evaluation),
      checkpointId: evaluation.checkpointId,
    };
    evaluations.set(dir, merged);
    return merged;
  };

  return {
    name: `${metric.name}+${options.judge.name}`,
    evaluations,

    async taskScore(dir, signal) {
      const evaluation = await evaluate(dir, { task: true, harmful: false }, signal);
      return evaluation.task!.score;
    },

    async harmfulRate(dir, signal) {
      const evaluation = await evaluate(dir, { task: false, harmful: true }, signal);
      const rate = evaluation.harmful!.rate;
      if (rate === null)
        throw new RangeError(`judge ${options.judge.name} left no countable verdict for ${dir}`);
      return rate;
    },

    evaluateAll: (dir, signal) => evaluate(dir, { task: true, harmful: true }, signal),
  };
}

function withoutUndefined(evaluation: CheckpointEvaluation): Partial<CheckpointEvaluation> {
  return Object.fromEntries(Object.entries(evaluation).filter(([, value]) => value !== undefined));
}
