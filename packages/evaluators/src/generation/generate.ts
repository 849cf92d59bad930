import { GenerationError } from '../errors.ts';
import type { ChatGenerator, ChatMessage, GenerationSettings } from '../types.ts';
import { responseCacheKey, type ResponseCache } from './cache.ts';

/** Default `maxNewTokens` for evaluation responses. */
export const DEFAULT_MAX_NEW_TOKENS = 128;

/** Progress of one prompt set: responses ready so far, how many came from the cache, and the total. */
export interface GenerationProgress {
  status: 'generation';
  promptSet: string;
  done: number;
  cached: number;
  total: number;
}

export interface GenerateResponsesOptions {
  generator: ChatGenerator;
  conversations: readonly (readonly ChatMessage[])[];
  /** Names the prompt set in cache files and progress events. */
  promptSet: string;
  /** Identity of the generating weights. It must change whenever the weights change. */
  checkpointId: string;
  maxNewTokens?: number;
  /** Conversations per `generate` call. Defaults to 8. */
  batchSize?: number;
  cache?: ResponseCache;
  onProgress?: (progress: GenerationProgress) => void;
}

/**
 * Generates a response to every conversation with greedy decoding, in batches, and returns the responses in input
 * order. Responses already in `cache` for this checkpoint, conversation and settings are reused,
 * and new ones are saved after each batch, so an interrupted run resumes where it stopped.
 */
export async function generateResponses(options: GenerateResponsesOptions): Promise<string[]> {
  const { generator, conversations, promptSet, checkpointId, cache } = options;
  const settings: GenerationSettings = { maxNewTokens: options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS };
  const batchSize = options.batchSize ?? 8;

  const keys = conversations.map((conversation) => responseCacheKey(checkpointId, conversation, settings));
  const stored = cache ? cache.read(checkpointId, promptSet) : new Map<string, string>();
  const responses = keys.map((key) => stored.get(key));
  const missing = responses.flatMap((response, index) => (response === undefined ? [index] : []));

  const cached = conversations.length - missing.length;
  const report = (done: number) =>
    options.onProgress?.({ status: 'generation', promptSet, done, cached, total: conversations.length });
  report(cached);

  for (let start = 0; start < missing.length; start += batchSize) {
    const indices = missing.slice(start, start + batchSize);
    const generated = await generator.generate(
      indices.map((i) => conversations[i]),
      settings,
    );
    if (generated.length !== indices.length) {
      throw new GenerationError(
        `generator returned ${generated.length} responses for ${indices.length} conversations of prompt set ${promptSet}`,
      );
    }

    indices.forEach((conversationIndex, i) => {
      responses[conversationIndex] = generated[i];
      stored.set(keys[conversationIndex], generated[i]);
    });
    cache?.write(checkpointId, promptSet, stored);
    report(cached + start + indices.length);
  }

  return responses as string[];
}
