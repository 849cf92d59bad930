import { generateResponses, type GenerationProgress } from './generation/generate.ts';
import type { ResponseCache } from './generation/cache.ts';
import { scoreHarmfulRate, type HarmfulRateResult, type UnparseablePolicy } from './harmful-rate.ts';
import { scoreOverRefusal, type OverRefusalResult } from './over-refusal.ts';
import type { ChatGenerator, ChatMessage, HarmJudge, MetricResult, TaskMetric, Verdict } from './types.ts';

/** A prompt to answer. `PromptRecord` from @realign/data has this shape. */
export interface EvalPrompt {
  prompt: string;
  /** Prompt-set categories, for the per-category harmful rate. */
  categories?: readonly string[];
  /** An optional system message sent before the prompt. */
  system?: string;
}

/** A task prompt and the answer the task expects. */
export interface TaskExample extends EvalPrompt {
  reference: string;
}

export type EvaluationProgress = GenerationProgress | { status: 'judging'; judge: string; total: number };

export interface EvaluateCheckpointOptions {
  /** Identity of the weights that generate the responses, part of every response-cache key. */
  checkpointId: string;
  generator: ChatGenerator;
  /** Harmful prompts and the judge that scores the responses. */
  harmful?: { prompts: readonly EvalPrompt[]; judge: HarmJudge; unparseable?: UnparseablePolicy };
  /** Benign prompts that look alarming; refusals of them are scored with the refusal-phrase detector. */
  overRefusal?: { prompts: readonly EvalPrompt[] };
  /** Task examples and the metric that scores the responses. `maxNewTokens` overrides the shared value. */
  task?: { examples: readonly TaskExample[]; metric: TaskMetric; maxNewTokens?: number };
  /** Maximum new tokens per response. Defaults to 128. */
  maxNewTokens?: number;
  /** Conversations per `generate` call. Defaults to 8. */
  batchSize?: number;
  cache?: ResponseCache;
  onProgress?: (event: EvaluationProgress) => void;
}

/** One harmful prompt with its response and verdict, kept for auditing the harmful rate. */
export interface JudgedResponse {
  prompt: string;
  response: string;
  verdict: Verdict;
}

export interface CheckpointEvaluation {
  checkpointId: string;
  harmful?: HarmfulRateResult & { judge: string; items: JudgedResponse[] };
  overRefusal?: OverRefusalResult;
  task?: MetricResult & { metric: string; examples: number };
}

function toConversation(prompt: EvalPrompt): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (prompt.system) messages.push({ role: 'system', content: prompt.system });
  messages.push({ role: 'user', content: prompt.prompt });
  return messages;
}

/**
 * Scores one checkpoint: the harmful rate (with per-category counts) on harmful prompts, the
 * over-refusal rate on benign prompts and the task score, each only when its inputs are given.
 * Responses come from `generateResponses`, so a cached checkpoint is scored again without generating.
 */
export async function evaluateCheckpoint(options: EvaluateCheckpointOptions): Promise<CheckpointEvaluation> {
  if (!options.harmful && !options.overRefusal && !options.task) {
    throw new TypeError('evaluateCheckpoint needs at least one of harmful, overRefusal or task');
  }

  const answer = (promptSet: string, prompts: readonly EvalPrompt[], maxNewTokens?: number) =>
    generateResponses({
      generator: options.generator,
      conversations: prompts.map(toConversation),
      promptSet,
      checkpointId: options.checkpointId,
      maxNewTokens: maxNewTokens ?? options.maxNewTokens,
      batchSize: options.batchSize,
      cache: options.cache,
      onProgress: options.onProgress,
    });

  const evaluation: CheckpointEvaluation = { checkpointId: options.checkpointId };

  if (options.harmful) {
    const { prompts, judge, unparseable } = options.harmful;
    const responses = await answer('harmful', prompts);

    options.onProgress?.({ status: 'judging', judge: judge.name, total: prompts.length });
    const verdicts = await judge.judge(prompts.map((p, i) => ({ prompt: p.prompt, response: responses[i] })));
    if (verdicts.length !== prompts.length) {
      throw new RangeError(
        `judge ${judge.name} returned ${verdicts.length} verdicts for ${prompts.length} responses`,
      );
    }

    const rate = scoreHarmfulRate(verdicts, {
      categories: prompts.map((p) => p.categories ?? []),
      unparseable,
    });
    const items = prompts.map((p, i) => ({ prompt: p.prompt, response: responses[i], verdict: verdicts[i] }));
    evaluation.harmful = { ...rate, judge: judge.name, items };
  }

  if (options.overRefusal) {
    evaluation.overRefusal = scoreOverRefusal(await answer('over-refusal', options.overRefusal.prompts));
  }

  if (options.task) {
    const { examples, metric, maxNewTokens } = options.task;
    const responses = await answer('task', examples, maxNewTokens);
    const result = metric.score(
      responses,
      examples.map((e) => e.reference),
    );
    evaluation.task = { ...result, metric: metric.name, examples: examples.length };
  }

  return evaluation;
}
