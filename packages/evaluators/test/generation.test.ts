import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GenerationError,
  ResponseCache,
  ResponseCacheError,
  checkpointIdentity,
  generateResponses,
  responseCacheKey,
  type GenerationProgress,
} from '@realign/evaluators';
import { scriptedGenerator } from './scripted-generator.ts';

const conversations = ['one', 'two', 'three', 'four', 'five'].map((p) => [
  { role: 'user' as const, content: p },
]);
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'realign-cache-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('generateResponses', () => {
  it('batches in order with default 128 tokens', async () => {
    const { generator, calls } = scriptedGenerator((p) => p.toUpperCase());
    const responses = await generateResponses({
      generator,
      conversations,
      promptSet: 'harmful',
      checkpointId: 'ckpt',
      batchSize: 2,
    });
    expect(responses).toEqual(['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE']);
    expect(calls.map((c) => c.prompts)).toEqual([['one', 'two'], ['three', 'four'], ['five']]);
    expect(calls[0].settings).toEqual({ maxNewTokens: 128 });
  });

  it('reuses cached responses without generating', async () => {
    const cache = new ResponseCache(folder);
    const first = scriptedGenerator((p) => `a:${p}`);
    await generateResponses({
      generator: first.generator,
      conversations,
      promptSet: 'harmful',
      checkpointId: 'ckpt',
      cache,
    });

    const second = scriptedGenerator(() => 'should not be called');
    const progress: GenerationProgress[] = [];
    const responses = await generateResponses({
      generator: second.generator,
      conversations,
      promptSet: 'harmful',
      checkpointId: 'ckpt',
      cache,
      onProgress: (p) => progress.push(p),
    });

    expect(responses).toEqual(conversations.map((c) => `a:${c[0].content}`));
    expect(second.calls).toHaveLength(0);
    expect(progress).toEqual([{ status: 'generation', promptSet: 'harmful', done: 5, cached: 5, total: 5 }]);
  });

  it('misses cache on new checkpoint or settings', async () => {
    const cache = new ResponseCache(folder);
    const base = { conversations, promptSet: 'harmful', cache };
    await generateResponses({
      ...base,
      generator: scriptedGenerator(() => 'old').generator,
      checkpointId: 'ckpt',
    });

    const other = scriptedGenerator(() => 'new');
    expect(await generateResponses({ ...base, generator: other.generator, checkpointId: 'ckpt-2' })).toEqual(
      Array(5).fill('new'),
    );
    expect(
      await generateResponses({
        ...base,
        generator: other.generator,
        checkpointId: 'ckpt',
        maxNewTokens: 16,
      }),
    ).toEqual(Array(5).fill('new'));
    expect(other.calls).toHaveLength(2);
  });

  it('generates only missing prompts', async () => {
    const cache = new ResponseCache(folder);
    await generateResponses({
      generator: scriptedGenerator((p) => p).generator,
      conversations: conversations.slice(0, 3),
      promptSet: 't',
      checkpointId: 'c',
      cache,
    });

    const later = scriptedGenerator((p) => p);
    const responses = await generateResponses({
      generator: later.generator,
      conversations,
      promptSet: 't',
      checkpointId: 'c',
      cache,
    });

    expect(responses).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(later.calls.map((c) => c.prompts)).toEqual([['four', 'five']]);
  });

  it('saves finished batches before failure', async () => {
    const cache = new ResponseCache(folder);
    let batches = 0;
    const flaky = {
      async generate(batch: readonly (readonly { content: string }[])[]) {
        if (++batches === 2) throw new Error('out of memory');
        return batch.map((c) => c[0].content);
      },
    };
    await expect(
      generateResponses({
        generator: flaky,
        conversations,
        promptSet: 't',
        checkpointId: 'c',
        cache,
        batchSize: 2,
      }),
    ).rejects.toThrow('out of memory');

    const stored = cache.read('c', 't');
    expect(stored.size).toBe(2);
    expect(stored.get(responseCacheKey('c', conversations[1], { maxNewTokens: 128 }))).toBe('two');
    expect(readdirSync(dirname(cache.filePath('c', 't')))).toEqual(['t.json']);
  });

  it('rejects wrong response count', async () => {
    const short = { generate: async () => ['x'] };
    await expect(
      generateResponses({ generator: short, conversations, promptSet: 't', checkpointId: 'c' }),
    ).rejects.toThrow(GenerationError);
  });
});

describe('ResponseCache', () => {
  it('rejects corrupt cache file', () => {
    const cache = new ResponseCache(folder);
    const path = cache.filePath('c', 'harmful');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{"version":1,');
    expect(() => cache.read('c', 'harmful')).toThrow(ResponseCacheError);
    expect(() => cache.read('c', 'harmful')).toThrow(/delete it/);
  });

  it('rejects unsafe prompt set name', () => {
    expect(() => new ResponseCache(folder).filePath('c', '../x')).toThrow(/invalid for a cache file/);
  });

  it('keys differ per conversation and settings', () => {
    const key = responseCacheKey('c', conversations[0], { maxNewTokens: 128 });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(responseCacheKey('c', conversations[1], { maxNewTokens: 128 })).not.toBe(key);
    expect(responseCacheKey('c', conversations[0], { maxNewTokens: 64 })).not.toBe(key);
    expect(responseCacheKey('c', conversations[0], { maxNewTokens: 128 })).toBe(key);
  });
});

describe('checkpointIdentity', () => {
  it('changes when weights change', () => {
    writeFileSync(join(folder, 'config.json'), '{"model_type":"llama"}');
    writeFileSync(join(folder, 'model.safetensors'), 'abc');
    const first = checkpointIdentity(folder);
    expect(checkpointIdentity(folder)).toBe(first);

    writeFileSync(join(folder, 'model.safetensors'), 'abcd');
    expect(checkpointIdentity(folder)).not.toBe(first);

    const second = checkpointIdentity(folder);
    utimesSync(join(folder, 'model.safetensors'), new Date(0), new Date(1000));
    expect(checkpointIdentity(folder)).not.toBe(second);
  });

  it('rejects folder without config', () => {
    expect(() => checkpointIdentity(folder)).toThrow(/not a checkpoint folder/);
  });
});
