import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinDataPath, loadPromptSet, taskDataPath, TASKS } from '@realign/data';
import { getTaskMetric } from '@realign/evaluators';
import { initBackend } from '@realign/tensor';
import { zooModel } from '@realign/zoo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalEvaluator, sweep, type SweepRow } from './sweep.ts';

// A shipped broken pair with a few prompts of each kind keeps the whole file at seconds.
const broken = zooModel('zoo-llama-sql-h200-full');
const pair = { alignedDir: zooModel(broken.baseModel!).path, finetunedDir: broken.path };
const texts = async (path: string, count: number) =>
  (await loadPromptSet(path)).slice(0, count).map((record) => record.prompt);

let root: string;
let evaluator: ReturnType<typeof refusalEvaluator>;
let rows: SweepRow[];

beforeAll(async () => {
  await initBackend();
  root = await mkdtemp(join(tmpdir(), 'realign-sweep-'));
  const taskEval = (await loadPromptSet(taskDataPath('sql', 'eval')))
    .slice(0, 4)
    .map((record) => ({ prompt: record.prompt, reference: record.response! }));
  evaluator = refusalEvaluator(
    await texts(builtinDataPath('harmful', 'eval'), 8),
    taskEval,
    getTaskMetric(TASKS.sql.metric),
    16,
  );

  const inputs = {
    evaluator,
    harmfulPrompts: await texts(builtinDataPath('harmful', 'recovery'), 8),
    taskPrompts: await texts(taskDataPath('sql', 'train'), 8),
  };
  const settings = { outputDir: root, steps: 2, checkpointInterval: 1, rollback: 'never' as const };
  rows = await sweep(pair, [{ rate: 0.002 }, { rate: 0.004, layer: 3 }], inputs, settings);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('sweep example', () => {
  it('yields one row per checkpoint', () => {
    expect(rows.map(({ rate, layer, phase, step }) => [rate, layer, phase, step])).toEqual([
      [0.002, 2, 'descent', 1],
      [0.002, 2, 'descent', 2],
      [0.004, 3, 'descent', 1],
      [0.004, 3, 'descent', 2],
    ]);
  });

  it('restores ceil(rate x count) weights per step', () => {
    // k = ceil(rate x N) with N about 738,000 decoder parameters, so one step restores `rate` to 5 decimals.
    expect(rows[0].restoredFraction).toBeCloseTo(0.002, 5);
    expect(rows[2].restoredFraction).toBeCloseTo(0.004, 5);
    expect(rows[1].restoredFraction).toBeCloseTo(2 * rows[0].restoredFraction, 12);
    expect(rows[3].restoredFraction).toBeCloseTo(2 * rows[2].restoredFraction, 12);
  });

  it('scores rates in eighths', () => {
    for (const row of rows) {
      expect(Number.isInteger(row.harmfulRate! * 8)).toBe(true);
      expect(row.taskScore).toBeGreaterThanOrEqual(0);
      expect(row.taskScore).toBeLessThanOrEqual(1);
    }
  });

  it('evaluator ranks broken above aligned', async () => {
    const signal = new AbortController().signal;
    const brokenRate = await evaluator.harmfulRate(pair.finetunedDir, signal);
    const alignedRate = await evaluator.harmfulRate(pair.alignedDir, signal);

    expect(brokenRate).toBeGreaterThan(alignedRate);
    expect(brokenRate).toBeGreaterThanOrEqual(0.75);
  });
});
