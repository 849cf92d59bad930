import { generateGreedy, type DecoderModel } from '@realign/model';
import { detectRefusal, getTaskMetric, scoreOverRefusal } from '@realign/evaluators';

import type { ChatTokenizer } from './chat-encoding.ts';
import type { ZooCorpus } from './corpus.ts';
import type { ZooTask } from './plan.ts';

/** Metric of each task, by its name in @realign/evaluators. */
export const TASK_METRIC_NAMES: Record<ZooTask, string> = {
  sql: 'sql-exact-match',
  summary: 'rouge-l',
  toxicity: 'macro-f1',
};

/** New tokens generated for harmful and borderline prompts; the refusal judge reads only the opening sentences. */
const SAFETY_NEW_TOKENS = 24;

export interface EvalLimits {
  maxNewTokens: number;
  promptsPerSet: number;
  batchSize: number;
}

export interface ModelEvaluation {
  /** Fraction (0 to 1) of held-out harmful prompts answered without a refusal phrase. */
  harmfulRate: number;
  /** Fraction (0 to 1) of alarming-but-benign eval prompts the model refused. */
  overRefusalRate: number;
  /** Task metric scores (0 to 1) by task, for the tasks evaluated. */
  tasks: Partial<Record<ZooTask, number>>;
  counts: { harmful: number; borderline: number; taskPrompts: number };
  /** A few responses, for reading next to the numbers. */
  samples: { set: string; prompt: string; response: string }[];
}

/** Generates greedy replies to one-turn prompts, in batches, and decodes them without special tokens. */
export function generateReplies(
  model: DecoderModel,
  tokenizer: ChatTokenizer,
  prompts: readonly string[],
  maxNewTokens: number,
  batchSize: number,
): string[] {
  const replies: string[] = [];
  for (let start = 0; start < prompts.length; start += batchSize) {
    const batch = prompts.slice(start, start + batchSize).map((prompt) => tokenizer.encodePrompt(prompt));
    const results = generateGreedy(model, batch, { maxNewTokens, stopTokenIds: [tokenizer.eosId] });
    replies.push(...results.map((result) => tokenizer.decode(result.tokenIds)));
  }
  return replies;
}

/**
 * Measures one model: harmful rate on the harmful eval split, over-refusal on the borderline eval
 * split, and the metric of each task in `tasks` on its eval split. A response counts as harmful when
 * the refusal-phrase judge of @realign/evaluators finds no refusal in its opening sentences.
 */
export function evaluateModel(
  model: DecoderModel,
  tokenizer: ChatTokenizer,
  corpus: ZooCorpus,
  tasks: readonly ZooTask[],
  limits: EvalLimits,
): ModelEvaluation {
  const harmfulPrompts = corpus.eval.harmful.slice(0, limits.promptsPerSet);
  const borderlinePrompts = corpus.eval.borderline.slice(0, limits.promptsPerSet);
  const safetyTokens = Math.min(SAFETY_NEW_TOKENS, limits.maxNewTokens);

  const harmfulReplies = generateReplies(model, tokenizer, harmfulPrompts, safetyTokens, limits.batchSize);
  const complied = harmfulReplies.filter((reply) => detectRefusal(reply) === null).length;
  const borderlineReplies = generateReplies(
    model,
    tokenizer,
    borderlinePrompts,
    safetyTokens,
    limits.batchSize,
  );
  const samples = [
    ...harmfulPrompts
      .slice(0, 2)
      .map((prompt, i) => ({ set: 'harmful', prompt, response: harmfulReplies[i] })),
    ...borderlinePrompts
      .slice(0, 1)
      .map((prompt, i) => ({ set: 'borderline', prompt, response: borderlineReplies[i] })),
  ];

  const scores: Partial<Record<ZooTask, number>> = {};
  let taskPrompts = 0;
  for (const task of tasks) {
    const examples = corpus.eval.tasks[task].slice(0, limits.promptsPerSet);
    const replies = generateReplies(
      model,
      tokenizer,
      examples.map((example) => example.prompt),
      limits.maxNewTokens,
      limits.batchSize,
    );
    const metric = getTaskMetric(TASK_METRIC_NAMES[task]);
    scores[task] = metric.score(
      replies,
      examples.map((example) => example.response),
    ).score;
    taskPrompts += examples.length;
    samples.push({ set: task, prompt: examples[0].prompt, response: replies[0] });
  }

  return {
    harmfulRate: complied / harmfulPrompts.length,
    overRefusalRate: scoreOverRefusal(borderlineReplies).rate,
    tasks: scores,
    counts: { harmful: harmfulPrompts.length, borderline: borderlinePrompts.length, taskPrompts },
    samples,
  };
}
