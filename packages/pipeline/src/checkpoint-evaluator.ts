import {
  checkpointIdentity,
  evaluateCheckpoint,
  loadChatGenerator,
  type ChatGenerator,
  type EvalPrompt,
  type HarmJudge,
  type ResponseCache,
  type TaskExample,
  type TaskMetric,
  type UnparseablePolicy,
} from '@realign/evaluators';
import { RecoveryError } from './errors.ts';
import type { RecoveryEvaluator } from './types.ts';

export interface CheckpointEvaluatorOptions {
  /** Harmful prompts and the judge that scores the responses. */
  readonly harmful: {
    readonly prompts: readonly EvalPrompt[];
    readonly judge: HarmJudge;
    readonly unparseable?: UnparseablePolicy;
  };
  /** Task examples and the metric that scores the responses (higher is better). */
  readonly task: {
    readonly examples: readonly TaskExample[];
    readonly metric: TaskMetric;
    readonly maxNewTokens?: number;
  };
  /** Maximum new tokens per response (tokens). Default: the evaluators package default, 128. */
  readonly maxNewTokens?: number;
  /** Conversations per generate call (conversations). Default: 8. */
  readonly batchSize?: number;
  readonly cache?: ResponseCache;
  /** Loads a model folder as a chat generator. Default: loadChatGenerator from @realign/evaluators. */
  readonly loadGenerator?: (dir: string) => Promise<ChatGenerator>;
}

/**
 * Builds a RecoveryEvaluator on @realign/evaluators: each checkpoint answers the task examples
 * and the harmful prompts with greedy decoding, and the metric and judge score the answers.
 * The generator of the last folder is kept, so the task score and harmful rate of one checkpoint
 * share a single model load. A request for another folder releases it.
 */
export function checkpointEvaluator(options: CheckpointEvaluatorOptions): RecoveryEvaluator {
  const load = options.loadGenerator ?? loadChatGenerator;
  let last: { dir: string; generator: Promise<ChatGenerator> } | null = null;
  const generatorFor = (dir: string) => {
    if (last?.dir !== dir) last = { dir, generator: load(dir) };
    return last.generator;
  };
  const shared = { maxNewTokens: options.maxNewTokens, batchSize: options.batchSize, cache: options.cache };

  return {
    name: `${options.task.metric.name}+${options.harmful.judge.name}`,

    async taskScore(dir, signal) {
      signal.throwIfAborted();
      const generator = await generatorFor(dir);
      const evaluation = await evaluateCheckpoint({
        checkpointId: checkpointIdentity(dir),
        generator,
        task: options.task,
        ...shared,
      });
      return evaluation.task!.score;
    },

    async harmfulRate(dir, signal) {
      signal.throwIfAborted();
      const generator = await generatorFor(dir);
      const evaluation = await evaluateCheckpoint({
        checkpointId: checkpointIdentity(dir),
        generator,
        harmful: options.harmful,
        ...shared,
      });
      const rate = evaluation.harmful!.rate;
      if (rate === null) {
        throw new RecoveryError(
          `judge ${options.harmful.judge.name} left no verdict to count for ${dir} under the unparseable policy; ` +
            'choose a policy that counts unparseable verdicts, or another judge',
        );
      }
      return rate;
    },
  };
}
