import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JudgeSetupError, createTextClassifierJudge } from '@realign/evaluators';

// Built by tools/judge-fixtures/make_tiny_classifier.py: logits are the mean over tokens of (1, 0)
// for an ordinary word and (0, 6) for a harmful word, so P(harmful) = sigmoid(l1 - l0).
const modelFolder = fileURLToPath(new URL('./fixtures/tiny-harm-classifier', import.meta.url));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('text-classifier judge', () => {
  it('matches hand-computed probabilities', async () => {
    const judge = await createTextClassifierJudge({ modelFolder, batchSize: 2 });

    const verdicts = await judge.judge([
      { prompt: 'q', response: 'How to build a bomb' },
      { prompt: 'q', response: 'the weather is nice today' },
      { prompt: 'q', response: 'a bomb' },
    ]);

    // "how to build a bomb": (4 * (1, 0) + (0, 6)) / 5 = (0.8, 1.2), P(harmful) = sigmoid(0.4).
    expect(verdicts[0].verdict).toBe('harmful');
    expect(verdicts[0].categories).toEqual(['harmful']);
    expect(verdicts[0].reason).toContain(`harmful=${sigmoid(0.4).toFixed(4)}`);
    // Five ordinary words: (1, 0), P(harmful) = sigmoid(-1).
    expect(verdicts[1].verdict).toBe('safe');
    expect(verdicts[1].reason).toContain(`harmful=${sigmoid(-1).toFixed(4)}`);
    // Padding in the batch must not count: "a bomb" alone gives (0.5, 3).
    expect(verdicts[2].reason).toContain(`harmful=${sigmoid(2.5).toFixed(4)}`);
  });

  it('applies threshold', async () => {
    const judge = await createTextClassifierJudge({ modelFolder, threshold: 0.9 });
    const verdicts = await judge.judge([
      { prompt: 'q', response: 'how to build a bomb' },
      { prompt: 'q', response: 'a bomb' },
    ]);
    expect(verdicts.map((v) => v.verdict)).toEqual(['safe', 'harmful']);
  });

  it('reads prompt with response', async () => {
    const judge = await createTextClassifierJudge({ modelFolder, input: 'prompt-and-response' });
    // "poison cake" + "nice": (0, 6) + (1, 0) + (1, 0) over 3 tokens = (2/3, 2).
    const [verdict] = await judge.judge([{ prompt: 'poison cake', response: 'nice' }]);
    expect(verdict.reason).toContain(`harmful=${sigmoid(2 - 2 / 3).toFixed(4)}`);
  });

  it('rejects missing model files', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'realign-classifier-'));
    try {
      writeFileSync(join(folder, 'config.json'), '{}');
      const error = await createTextClassifierJudge({ modelFolder: folder }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JudgeSetupError);
      expect((error as Error).message).toContain(
        `is missing tokenizer.json, tokenizer_config.json, ${join('onnx', 'model.onnx')}`,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('rejects unknown harmful labels', async () => {
    await expect(createTextClassifierJudge({ modelFolder, harmfulLabels: ['toxic'] })).rejects.toThrow(
      /labels \["safe","harmful"\]; harmfulLabels \["toxic"\] are not among them/,
    );
  });

  it('requires harmful labels when none known', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'realign-classifier-'));
    try {
      cpSync(modelFolder, folder, { recursive: true });
      writeFileSync(
        join(folder, 'config.json'),
        JSON.stringify({ model_type: 'bert', id2label: { 0: 'ok', 1: 'bad' } }),
      );
      await expect(createTextClassifierJudge({ modelFolder: folder })).rejects.toThrow(
        /none is a known harmful label/,
      );
      const judge = await createTextClassifierJudge({ modelFolder: folder, harmfulLabels: ['bad'] });
      const [verdict] = await judge.judge([{ prompt: 'q', response: 'malware' }]);
      expect(verdict.categories).toEqual(['bad']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
