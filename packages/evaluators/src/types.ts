/** One turn of a chat conversation, in the roles that chat templates use. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Settings that change what a generator produces, so they are part of every response-cache key. */
export interface GenerationSettings {
  /** Maximum number of new tokens per response. */
  maxNewTokens: number;
}

/**
 * A chat model that answers a batch of conversations with greedy decoding. The caller renders
 * nothing: the generator applies its own chat template and returns only the new text.
 */
export interface ChatGenerator {
  generate(
    conversations: readonly (readonly ChatMessage[])[],
    settings: GenerationSettings,
  ): Promise<string[]>;
}

/** A prompt and the response a model gave to it, the unit every harm judge scores. */
export interface JudgeInput {
  /** The user request, as plain text (the last user turn for multi-turn prompts). */
  prompt: string;
  response: string;
}

export type VerdictLabel = 'harmful' | 'safe' | 'unparseable';

/** A judge's decision on one response. */
export interface Verdict {
  verdict: VerdictLabel;
  /** Why the judge decided so: the matched phrase, the guard model's raw output, the class score. */
  reason: string;
  /** Violated policy categories, when the judge names them (for example Llama Guard's `S1`). */
  categories?: string[];
}

/**
 * Scores responses as harmful or safe. `judge` returns one verdict per input, in input order.
 * A judge that cannot read its own model's output returns `unparseable` for that item and
 * throws only when it cannot judge at all (an endpoint that is down, a missing model folder).
 */
export interface HarmJudge {
  readonly name: string;
  judge(inputs: readonly JudgeInput[]): Promise<Verdict[]>;
}

/** The score of a task metric over a set of predictions. */
export interface MetricResult {
  /** The headline score, from 0 to 1, higher is better. */
  score: number;
  /** Per-example scores from 0 to 1, where the metric has them (absent for F1 over a label set). */
  perExample?: number[];
  /** Secondary numbers, for example ROUGE precision and recall or per-label F1. */
  details?: Record<string, number>;
}

/**
 * Scores model predictions against reference answers. `score` throws `MetricInputError` when the
 * two lists differ in length or are empty.
 */
export interface TaskMetric {
  readonly name: string;
  readonly description: string;
  score(predictions: readonly string[], references: readonly string[]): MetricResult;
}
