export type * from './types.ts';
export * from './errors.ts';
export {
  detectRefusal,
  judgeRefusal,
  refusalPhraseJudge,
  REFUSAL_PATTERNS,
  OPENING_SENTENCES,
} from './judges/refusal-phrase.ts';
export type { RefusalMatch, RefusalPattern } from './judges/refusal-phrase.ts';
export { normaliseForRefusal } from './judges/refusal-text.ts';
export { exactMatch, sqlExactMatch } from './metrics/exact-match.ts';
export { normaliseAnswer, normaliseSql } from './metrics/normalise.ts';
export { rouge1, rouge2, rougeL, rougeLScore, rougeNScore, rougeTokens } from './metrics/rouge.ts';
export type { RougeScore } from './metrics/rouge.ts';
export { extractLabel, labelSet, normaliseLabel } from './metrics/labels.ts';
export { labelAccuracy } from './metrics/label-accuracy.ts';
export { labelF1 } from './metrics/label-f1.ts';
export { scoreHarmfulRate } from './harmful-rate.ts';
export type {
  HarmfulRateResult,
  PromptCategories,
  UnparseablePolicy,
  VerdictCounts,
} from './harmful-rate.ts';
export { scoreOverRefusal } from './over-refusal.ts';
export type { OverRefusalResult } from './over-refusal.ts';
export { mapConcurrent } from './concurrency.ts';
export { DEFAULT_POLICY, buildGuardMessages, parseGuardOutput } from './judges/guard-format.ts';
export type { GuardPromptMode, PolicyCategory } from './judges/guard-format.ts';
export { createChatModelJudge } from './judges/chat-model.ts';
export type { ChatModelJudgeOptions } from './judges/chat-model.ts';
export { chatCompletionsUrl, createEndpointJudge, endpointJudgeOptionsSchema } from './judges/endpoint.ts';
export type { EndpointJudgeOptions } from './judges/endpoint.ts';
export { backoffDelayMs } from './judges/http-retry.ts';
export type { RetryEvent, RetryOptions } from './judges/http-retry.ts';
export { createTextClassifierJudge } from './judges/text-classifier.ts';
export type { TextClassifierJudgeOptions } from './judges/text-classifier.ts';
export { ResponseCache, responseCacheKey } from './generation/cache.ts';
export { DEFAULT_MAX_NEW_TOKENS, generateResponses } from './generation/generate.ts';
export type { GenerateResponsesOptions, GenerationProgress } from './generation/generate.ts';
export { checkpointIdentity } from './generation/identity.ts';
export { evaluateCheckpoint } from './evaluate-checkpoint.ts';
export type {
  CheckpointEvaluation,
  EvalPrompt,
  EvaluateCheckpointOptions,
  EvaluationProgress,
  JudgedResponse,
  TaskExample,
} from './evaluate-checkpoint.ts';
export { HARM_JUDGES, TASK_METRICS, getHarmJudge, getTaskMetric } from './registry.ts';
export type { HarmJudgeEntry, JudgeContext } from './registry.ts';
export { createModelChatGenerator, loadChatGenerator } from './generation/model-generator.ts';
