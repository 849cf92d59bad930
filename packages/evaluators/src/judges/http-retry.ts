import { setTimeout as sleep } from 'node:timers/promises';
import { JudgeEndpointError } from '../errors.ts';

/** A retry about to happen: which attempt failed, why, and the wait before the next one. */
export interface RetryEvent {
  url: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  error: string;
  delayMs: number;
}

export interface RetryOptions {
  timeoutMs: number;
  maxRetries: number;
  backoffMs: number;
  maxBackoffMs: number;
  onRetry?: (event: RetryEvent) => void;
  random?: () => number;
}

/** A failed attempt, and whether trying again can help. */
interface AttemptFailure {
  message: string;
  retryable: boolean;
  /** Seconds from a Retry-After header, when the server sent one. */
  retryAfterS?: number;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function describeFetchError(error: unknown, timeoutMs: number): AttemptFailure {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { message: `timed out after ${timeoutMs} ms`, retryable: true };
  }

  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED')
    return { message: 'connection refused (is the server running?)', retryable: true };
  if (cause?.code) return { message: `${cause.code}: ${cause.message ?? ''}`.trim(), retryable: true };
  return { message: error instanceof Error ? error.message : String(error), retryable: true };
}

/**
 * Backoff before retry `retry` (from 0): half of min(maxBackoffMs, backoffMs * 2^retry) fixed and
 * half uniform jitter, so clients that failed together do not retry together. A Retry-After header
 * raises the wait, capped at `maxBackoffMs`.
 */
export function backoffDelayMs(retry: number, options: RetryOptions, retryAfterS?: number): number {
  const ceiling = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** retry);
  const jittered = ceiling / 2 + (ceiling / 2) * (options.random ?? Math.random)();
  if (retryAfterS === undefined) return jittered;
  return Math.max(jittered, Math.min(options.maxBackoffMs, retryAfterS * 1000));
}

type AttemptResult = { body: string } | { failure: AttemptFailure };

async function attemptPost(
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<AttemptResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    if (response.ok) return { body };

    const retryAfter = Number(response.headers.get('retry-after'));
    const failure: AttemptFailure = {
      message: `HTTP ${response.status}: ${body.slice(0, 200)}`,
      retryable: RETRYABLE_STATUS.has(response.status),
    };
    if (Number.isFinite(retryAfter) && retryAfter > 0) failure.retryAfterS = retryAfter;
    return { failure };
  } catch (error) {
    return { failure: describeFetchError(error, timeoutMs) };
  }
}

/**
 * POSTs `body` to `url` until it gets a 2xx response, retrying timeouts, network errors and HTTP 408,
 * 429 and 5xx up to `maxRetries` times. Throws `JudgeEndpointError` with the last failure when the
 * retries run out or the server returns another 4xx.
 */
export async function postWithRetries(
  url: string,
  init: { headers: Record<string, string>; body: string },
  options: RetryOptions,
): Promise<{ body: string; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    const result = await attemptPost(url, init, options.timeoutMs);
    if ('body' in result) return { body: result.body, attempts: attempt };

    const { failure } = result;
    if (!failure.retryable) {
      throw new JudgeEndpointError(
        `judge endpoint ${url} failed: ${failure.message}; this error is not retried, so check the URL, model name and API key`,
        url,
        attempt,
      );
    }
    if (attempt > options.maxRetries) {
      throw new JudgeEndpointError(
        `judge endpoint ${url} failed after ${attempt} attempts: ${failure.message}`,
        url,
        attempt,
      );
    }

    const delayMs = backoffDelayMs(attempt - 1, options, failure.retryAfterS);
    options.onRetry?.({ url, attempt, error: failure.message, delayMs });
    await sleep(delayMs);
  }
}
