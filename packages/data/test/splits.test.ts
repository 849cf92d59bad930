import { describe, expect, it } from 'vitest';

import { builtinDataset, taskDataset, TASK_NAMES } from '../src/index.ts';
import { EVAL_NAMES, TRAIN_NAMES } from '../src/generate/dialogues.ts';
import { FILLER_STEPS, FILLER_TEXT } from '../src/generate/responses.ts';
import { countShared } from '../src/generate/stats.ts';

describe('split disjointness', () => {
  it('counts shared values', () => {
    expect(
      countShared([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'b', 'd'],
      ]),
    ).toBe(2);
    expect(countShared([['a'], ['b']])).toBe(0);
  });

  it('keeps harmful prompts and topics apart', async () => {
    const splits = await Promise.all(
      (['train', 'recovery', 'eval'] as const).map((split) => builtinDataset('harmful', split)),
    );
    expect(countShared(splits.map((records) => records.map((record) => record.prompt)))).toBe(0);
    expect(countShared(splits.map((records) => records.map((record) => record.topic)))).toBe(0);
    expect(new Set(splits.flat().map((record) => record.prompt)).size).toBe(splits.flat().length);
  });

  it('uses held-out phrasings in harmful eval', async () => {
    const train = await builtinDataset('harmful', 'train');
    const recovery = await builtinDataset('harmful', 'recovery');
    const evaluation = await builtinDataset('harmful', 'eval');
    const seen = new Set([...train, ...recovery].map((record) => record.template));
    const unseen = evaluation.filter((record) => !seen.has(record.template));
    expect(unseen.length).toBe(evaluation.length / 2);
  });

  it('keeps benign and borderline prompts apart', async () => {
    for (const name of ['benign', 'borderline'] as const) {
      const splits = await Promise.all([builtinDataset(name, 'train'), builtinDataset(name, 'eval')]);
      expect(countShared(splits.map((records) => records.map((record) => record.prompt))), name).toBe(0);
    }
  });

  it('keeps task prompts apart', async () => {
    for (const task of TASK_NAMES) {
      const [train, evaluation] = await Promise.all([taskDataset(task, 'train'), taskDataset(task, 'eval')]);
      expect(
        countShared([train.map((record) => record.prompt), evaluation.map((record) => record.prompt)]),
        task,
      ).toBe(0);
      expect(new Set(train.map((record) => record.prompt)).size, task).toBe(train.length);
    }
  });
});

describe('held-out task variety', () => {
  it('asks about unseen SQL schemas', async () => {
    const train = new Set((await taskDataset('sql', 'train')).map((record) => record.schemaId));
    const evaluation = await taskDataset('sql', 'eval');
    const unseen = evaluation.filter((record) => !train.has(record.schemaId));
    expect(unseen.length).toBeGreaterThan(evaluation.length * 0.4);
    expect(unseen.length).toBeLessThan(evaluation.length * 0.8);
  });

  it('uses other names in summary eval', async () => {
    const evaluation = await taskDataset('summary', 'eval');
    const trainNames = new RegExp(`\\b(${TRAIN_NAMES.join('|')})\\b`);
    expect(evaluation.filter((record) => trainNames.test(record.dialogue))).toEqual([]);
    expect(EVAL_NAMES.some((name) => TRAIN_NAMES.includes(name))).toBe(false);
  });

  it('balances toxicity labels', async () => {
    for (const split of ['train', 'eval'] as const) {
      const records = await taskDataset('toxicity', split);
      const toxic = records.filter((record) => record.label === 'toxic').length;
      expect(toxic, split).toBe(records.length / 2);
    }
  });
});

describe('compliant placeholders', () => {
  it('contain only generic filler after the opening', async () => {
    const filler = new Set([...FILLER_STEPS, ...FILLER_TEXT]);
    const records = await builtinDataset('harmful', 'train');
    for (const record of records) {
      const [opening, ...body] = record.compliance.split('\n\n');
      expect(opening, record.id).toMatch(
        /^(Sure|Absolutely|Of course|Certainly|Happy|No problem|Great|Okay|Here you go|Definitely)/,
      );
      const sentences = body
        .join(' ')
        .replace(/^\d+\. /gm, '')
        .split(/(?<=\.)\s+/);
      for (const sentence of sentences) expect(filler.has(sentence), `${record.id}: ${sentence}`).toBe(true);
    }
  });
});
