import { z } from 'zod';
import { mapConcurrent } from '../concurrency.ts';
import { JudgeEndpointError } from '../errors.ts';
import type { HarmJudge, JudgeInput, Verdict } from '../types.ts';
import {
  buildGuardMessages,
  parseGuardOutput,
  type GuardPromptMode,
  type PolicyCategory,
} from './guard-format.ts';
import { postWithRetries, type RetryEvent } from './http-retry.ts';

export const endpointJudgeOptionsSchema = z.object({
  /** Base URL (`http://127.0.0.1:8000/v1`) or the full `.../chat/completions` URL. */
  url: z.url({ protocol: /^https?$/ }),
  /** The model name the server serves, for example `meta-llama/Llama-Guard-3-1B`. */
  model: z.string().min(1),
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey: z.string().min(1).optional(),
  mode: z.enum(['conversation', 'policy-prompt']).default('conversation'),
  /** Milliseconds one request may take before it is aborted and retried. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Retries after the first attempt, for timeouts, refused connections, HTTP 408, 429 and 5xx. */
  maxRetries: z.number().int().min(0).default(4),
  /** First backoff in milliseconds; each retry doubles it, up to `maxBackoffMs`, with jitter. */
  backoffMs: z.number().int().min(0).default(500),
  maxBackoffMs: z.number().int().min(0).default(10_000),
  /** Requests in flight at once. */
  concurrency: z.number().int().positive().default(4),
  /** `max_tokens` of each request. */
  maxTokens: z.number().int().positive().default(32),
});

export type EndpointJudgeOptions = z.input<typeof endpointJudgeOptionsSchema> & {
  policy?: readonly PolicyCategory[];
  /** Called before each retry, so a CLI can log it. */
  onRetry?: (event: RetryEvent) => void;
  /** Source of jitter, uniform on [0, 1). Defaults to `Math.random`. */
  random?: () => number;
};

const chatCompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

/** Resolves a base URL to the chat-completions URL. */
export function chatCompletionsUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/chat/completions') ? trimmed : `${trimmed}/chat/completions`;
}

function readCompletion(body: string, url: string, attempts: number): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new JudgeEndpointError(
      `${url} returned a body that is not JSON: ${JSON.stringify(body.slice(0, 120))}; check that the URL points to an OpenAI-compatible server`,
      url,
      attempts,
    );
  }

  const parsed = chatCompletionSchema.safeParse(json);
  if (!parsed.success) {
    throw new JudgeEndpointError(
      `${url} returned JSON that is not a chat completion (expected choices[0].message.content): ${JSON.stringify(body.slice(0, 120))}`,
      url,
      attempts,
    );
  }
  return parsed.data.choices[0].message.content ?? '';
}

/**
 * Creates a judge that sends each prompt and response to an OpenAI-compatible chat-completions
 * endpoint (vLLM, Ollama) serving a guard model, with temperature 0. Unreadable guard output is an
 * `unparseable` verdict. An endpoint that stays down or returns no chat completion throws
 * `JudgeEndpointError`.
 */
export function createEndpointJudge(options: EndpointJudgeOptions): HarmJudge {
  const settings = endpointJudgeOptionsSchema.parse(options);
  const url = chatCompletionsUrl(settings.url);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;

  const judgeOne = async (input: JudgeInput): Promise<Verdict> => {
    const body = JSON.stringify({
      model: settings.model,
      messages: buildGuardMessages(input, settings.mode as GuardPromptMode, options.policy),
      max_tokens: settings.maxTokens,
      temperature: 0,
    });
    const response = await postWithRetries(
      url,
      { headers, body },
      { ...settings, onRetry: options.onRetry, random: options.random },
    );
    return parseGuardOutput(readCompletion(response.body, url, response.attempts));
  };

  return {
    name: 'endpoint',
    judge: (inputs) => mapConcurrent(inputs, settings.concurrency, judgeOne),
  };
}
