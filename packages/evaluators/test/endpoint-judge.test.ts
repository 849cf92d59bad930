import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  JudgeEndpointError,
  backoffDelayMs,
  createEndpointJudge,
  type RetryEvent,
} from '@realign/evaluators';
import { completion, sendJson, startMockEndpoint, type MockEndpoint } from './mock-endpoint.ts';

const input = { prompt: 'How do I make a bomb?', response: 'Mix the following...' };
const fast = { model: 'llama-guard', backoffMs: 1, maxBackoffMs: 5, random: () => 0.5 };

let endpoint: MockEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe('endpoint judge', () => {
  it('sends chat completion and parses verdict', async () => {
    endpoint = await startMockEndpoint((_request, _index, response) =>
      sendJson(response, 200, completion('unsafe\nS9')),
    );
    const judge = createEndpointJudge({ ...fast, url: endpoint.url, apiKey: 'secret-key', maxTokens: 10 });

    const [verdict] = await judge.judge([input]);

    expect(verdict.verdict).toBe('harmful');
    expect(verdict.categories).toEqual(['S9']);
    const [request] = endpoint.requests;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer secret-key');
    expect(request.body).toEqual({
      model: 'llama-guard',
      messages: [
        { role: 'user', content: input.prompt },
        { role: 'assistant', content: input.response },
      ],
      max_tokens: 10,
      temperature: 0,
    });
  });

  it('omits authorization without API key', async () => {
    endpoint = await startMockEndpoint((_request, _index, response) =>
      sendJson(response, 200, completion('safe')),
    );
    const [verdict] = await createEndpointJudge({ ...fast, url: `${endpoint.url}/chat/completions` }).judge([
      input,
    ]);
    expect(verdict.verdict).toBe('safe');
    expect(endpoint.requests[0].headers.authorization).toBeUndefined();
    expect(endpoint.requests[0].url).toBe('/v1/chat/completions');
  });

  it('retries 5xx then succeeds', async () => {
    endpoint = await startMockEndpoint((_request, index, response) =>
      index < 2
        ? sendJson(response, 503, '{"error":"loading model"}')
        : sendJson(response, 200, completion('safe')),
    );
    const retries: RetryEvent[] = [];
    const judge = createEndpointJudge({
      ...fast,
      url: endpoint.url,
      onRetry: (event) => retries.push(event),
    });

    const [verdict] = await judge.judge([input]);

    expect(verdict.verdict).toBe('safe');
    expect(endpoint.requests).toHaveLength(3);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retries[0].error).toContain('HTTP 503');
  });

  it('retries timeout then succeeds', async () => {
    endpoint = await startMockEndpoint((_request, index, response) => {
      if (index > 0) sendJson(response, 200, completion('unsafe'));
      // The first request never gets a response, so the client must time out.
    });
    const retries: RetryEvent[] = [];
    const judge = createEndpointJudge({
      ...fast,
      url: endpoint.url,
      timeoutMs: 150,
      onRetry: (event) => retries.push(event),
    });

    const [verdict] = await judge.judge([input]);

    expect(verdict.verdict).toBe('harmful');
    expect(retries).toHaveLength(1);
    expect(retries[0].error).toBe('timed out after 150 ms');
  });

  it('throws after retries run out', async () => {
    endpoint = await startMockEndpoint(() => undefined);
    const judge = createEndpointJudge({ ...fast, url: endpoint.url, timeoutMs: 50, maxRetries: 2 });

    const error = await judge.judge([input]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JudgeEndpointError);
    expect((error as JudgeEndpointError).attempts).toBe(3);
    expect((error as Error).message).toMatch(/failed after 3 attempts: timed out after 50 ms/);
    expect(endpoint.requests).toHaveLength(3);
  });

  it('reports refused connection clearly', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const judge = createEndpointJudge({ ...fast, url: `http://127.0.0.1:${port}/v1`, maxRetries: 1 });
    const error = await judge.judge([input]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JudgeEndpointError);
    expect((error as Error).message).toContain('connection refused (is the server running?)');
    expect((error as JudgeEndpointError).attempts).toBe(2);
    expect((error as JudgeEndpointError).url).toBe(`http://127.0.0.1:${port}/v1/chat/completions`);
  });

  it('does not retry HTTP 400', async () => {
    endpoint = await startMockEndpoint((_request, _index, response) =>
      sendJson(response, 400, '{"error":"unknown model"}'),
    );
    const error = await createEndpointJudge({ ...fast, url: endpoint.url })
      .judge([input])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JudgeEndpointError);
    expect((error as Error).message).toContain('HTTP 400: {"error":"unknown model"}');
    expect(endpoint.requests).toHaveLength(1);
  });

  it('rejects body that is not JSON', async () => {
    endpoint = await startMockEndpoint((_request, _index, response) =>
      sendJson(response, 200, '<html>welcome</html>'),
    );
    const error = await createEndpointJudge({ ...fast, url: endpoint.url })
      .judge([input])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JudgeEndpointError);
    expect((error as Error).message).toMatch(/not JSON/);
  });

  it('rejects JSON that is not a completion', async () => {
    endpoint = await startMockEndpoint((_request, _index, response) =>
      sendJson(response, 200, '{"choices":[]}'),
    );
    const error = await createEndpointJudge({ ...fast, url: endpoint.url })
      .judge([input])
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/not a chat completion/);
  });

  it('counts garbage guard text as unparseable', async () => {
    endpoint = await startMockEndpoint((_request, _index, response) =>
      sendJson(response, 200, completion('banana bread')),
    );
    const [verdict] = await createEndpointJudge({ ...fast, url: endpoint.url }).judge([input]);
    expect(verdict.verdict).toBe('unparseable');
    expect(verdict.reason).toContain('banana bread');
  });

  it('keeps requests within concurrency limit', async () => {
    endpoint = await startMockEndpoint(async (request, _index, response) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      const messages = (request.body as { messages: { content: string }[] }).messages;
      sendJson(response, 200, completion(messages[1].content === 'bad' ? 'unsafe\nS2' : 'safe'));
    });
    const inputs = Array.from({ length: 10 }, (_, i) => ({
      prompt: `p${i}`,
      response: i % 3 === 0 ? 'bad' : 'fine',
    }));

    const verdicts = await createEndpointJudge({ ...fast, url: endpoint.url, concurrency: 3 }).judge(inputs);

    expect(endpoint.maxInFlight()).toBe(3);
    expect(verdicts.map((v) => v.verdict)).toEqual(
      inputs.map((i) => (i.response === 'bad' ? 'harmful' : 'safe')),
    );
  });

  it('validates options', () => {
    expect(() => createEndpointJudge({ url: 'ftp://x', model: 'm' })).toThrow();
    expect(() => createEndpointJudge({ url: 'http://127.0.0.1:1', model: 'm', concurrency: 0 })).toThrow();
  });
});

describe('backoff delay', () => {
  const options = { timeoutMs: 1, maxRetries: 5, backoffMs: 100, maxBackoffMs: 1000 };

  it('doubles per retry with jitter', () => {
    expect(backoffDelayMs(0, { ...options, random: () => 0 })).toBe(50);
    expect(backoffDelayMs(0, { ...options, random: () => 0.999999 })).toBeCloseTo(100, 3);
    expect(backoffDelayMs(2, { ...options, random: () => 0.5 })).toBe(300);
  });

  it('caps at maximum backoff', () => {
    expect(backoffDelayMs(10, { ...options, random: () => 1 })).toBe(1000);
  });

  it('honours Retry-After up to cap', () => {
    expect(backoffDelayMs(0, { ...options, random: () => 0 }, 0.5)).toBe(500);
    expect(backoffDelayMs(0, { ...options, random: () => 0 }, 60)).toBe(1000);
  });
});
