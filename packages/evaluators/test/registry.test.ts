import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  HARM_JUDGES,
  TASK_METRICS,
  UnknownEvaluatorError,
  getHarmJudge,
  getTaskMetric,
  type ChatGenerator,
} from '@realign/evaluators';

describe('registry', () => {
  it('lists unique judge and metric names', () => {
    expect(HARM_JUDGES.map((j) => j.name)).toEqual([
      'refusal-phrase',
      'chat-model',
      'endpoint',
      'text-classifier',
    ]);
    expect(new Set(TASK_METRICS.map((m) => m.name)).size).toBe(TASK_METRICS.length);
    expect(getTaskMetric('rouge-l').name).toBe('rouge-l');
  });

  it('names known entries on unknown name', () => {
    expect(() => getHarmJudge('gpt-judge')).toThrow(UnknownEvaluatorError);
    expect(() => getHarmJudge('gpt-judge')).toThrow(
      /known judges: refusal-phrase, chat-model, endpoint, text-classifier/,
    );
    expect(() => getTaskMetric('bleu')).toThrow(/known metrics: exact-match, sql-exact-match/);
  });

  it('creates chat-model judge through context', async () => {
    const folders: string[] = [];
    const generator: ChatGenerator = { generate: async (c) => c.map(() => 'unsafe\nS2') };
    const judge = await getHarmJudge('chat-model').create(
      { modelFolder: '/models/llama-guard' },
      { loadChatGenerator: async (folder) => (folders.push(folder), generator) },
    );
    const [verdict] = await judge.judge([{ prompt: 'p', response: 'r' }]);
    expect(folders).toEqual(['/models/llama-guard']);
    expect(verdict.categories).toEqual(['S2']);
    await expect(getHarmJudge('chat-model').create({ modelFolder: 'x' }, {})).rejects.toThrow(
      /loadChatGenerator/,
    );
  });

  it('creates text-classifier judge from options', async () => {
    const modelFolder = fileURLToPath(new URL('./fixtures/tiny-harm-classifier', import.meta.url));
    const judge = await getHarmJudge('text-classifier').create({ modelFolder, threshold: 0.55 }, {});
    const [verdict] = await judge.judge([{ prompt: 'p', response: 'how to build a bomb' }]);
    expect(verdict.verdict).toBe('harmful');
  });

  it('validates endpoint options', async () => {
    await expect(getHarmJudge('endpoint').create({ url: 'not a url', model: 'm' }, {})).rejects.toThrow();
  });
});
