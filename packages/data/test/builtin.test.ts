import { describe, expect, it } from 'vitest';

import {
  BUILTIN_SETS,
  builtinDataPath,
  builtinDataset,
  BuiltinDataError,
  DATA_DIR,
  HARM_CATEGORIES,
  harmfulExamples,
  loadPromptSet,
  TASK_NAMES,
  TASK_SPLITS,
  taskDataPath,
  taskDataset,
  TASKS,
  type BuiltinSetName,
} from '../src/index.ts';

describe('builtin datasets', () => {
  it('loads and validates every set split', async () => {
    for (const name of Object.keys(BUILTIN_SETS) as BuiltinSetName[]) {
      for (const split of BUILTIN_SETS[name].splits) {
        const records = await builtinDataset(name, split as never);
        expect(records.length, `${name}/${split}`).toBeGreaterThan(0);
      }
    }
  });

  it('ships the harmful split sizes', async () => {
    const [train, recovery, evaluation] = await Promise.all([
      builtinDataset('harmful', 'train'),
      builtinDataset('harmful', 'recovery'),
      builtinDataset('harmful', 'eval'),
    ]);
    expect(train.length + recovery.length + evaluation.length).toBeGreaterThanOrEqual(400);
    expect(recovery).toHaveLength(100);
    expect(evaluation).toHaveLength(120);
    for (const split of [train, recovery, evaluation]) {
      expect(new Set(split.map((record) => record.category))).toEqual(new Set(HARM_CATEGORIES));
    }
  });

  it('ships at least 40 refusal wordings', async () => {
    const refusals = await builtinDataset('refusals', 'all');
    const general = refusals.filter((template) => template.audience === 'general');
    expect(new Set(general.map((template) => template.text)).size).toBeGreaterThanOrEqual(40);
    expect(general.filter((template) => template.mentionsTopic).length).toBeGreaterThanOrEqual(10);
  });

  it('ships benign and borderline splits', async () => {
    expect((await builtinDataset('benign', 'train')).length).toBeGreaterThanOrEqual(400);
    expect((await builtinDataset('benign', 'eval')).length).toBeGreaterThanOrEqual(100);
    expect((await builtinDataset('borderline', 'train')).length).toBeGreaterThanOrEqual(40);
    expect((await builtinDataset('borderline', 'eval')).length).toBeGreaterThanOrEqual(30);
  });

  it('returns copies of frozen records', async () => {
    const first = await builtinDataset('refusals', 'all');
    const second = await builtinDataset('refusals', 'all');
    expect(first).not.toBe(second);
    expect(first[0]).toBe(second[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
  });

  it('resolves paths inside the package', () => {
    expect(builtinDataPath('harmful', 'recovery')).toBe(`${DATA_DIR}harmful/recovery.jsonl`);
    expect(DATA_DIR.endsWith('packages/data/data/')).toBe(true);
    expect(taskDataPath('sql', 'eval')).toBe(`${DATA_DIR}tasks/sql/eval.jsonl`);
  });

  it('rejects unknown splits and tasks', () => {
    // @ts-expect-error: harmful has no "test" split.
    expect(() => builtinDataPath('harmful', 'test')).toThrow(BuiltinDataError);
    // @ts-expect-error: not a task.
    expect(() => taskDataPath('qa', 'eval')).toThrow(
      /unknown task "qa"; expected one of sql, summary, toxicity/,
    );
  });

  it('loads a shipped file by path', async () => {
    const records = await loadPromptSet(builtinDataPath('harmful', 'eval'), {
      fields: { response: 'refusal' },
    });
    const shipped = await builtinDataset('harmful', 'eval');
    expect(records).toHaveLength(shipped.length);
    expect(records[3]).toMatchObject({
      prompt: shipped[3].prompt,
      response: shipped[3].refusal,
      categories: [shipped[3].category],
    });
  });

  it('pairs harmful prompts with responses', async () => {
    const records = await builtinDataset('harmful', 'recovery');
    const refusals = harmfulExamples(records, 'refusal');
    const compliance = harmfulExamples(records, 'compliance');
    expect(refusals[0]).toEqual({
      id: records[0].id,
      prompt: records[0].prompt,
      response: records[0].refusal,
    });
    expect(compliance[5].response).toBe(records[5].compliance);
  });
});

describe('task datasets', () => {
  it('names a metric for every task', () => {
    expect(TASK_NAMES).toEqual(['sql', 'summary', 'toxicity']);
    expect(TASKS.sql.metric).toBe('sql-exact-match');
    expect(TASKS.summary.metric).toBe('rouge-l');
    expect(TASKS.toxicity.metric).toBe('macro-f1');
  });

  it('loads train and eval for every task', async () => {
    for (const task of TASK_NAMES) {
      for (const split of TASK_SPLITS) {
        const records = await taskDataset(task, split);
        expect(records.length, `${task}/${split}`).toBeGreaterThanOrEqual(split === 'train' ? 2000 : 200);
        expect(records.every((record) => record.task === task)).toBe(true);
      }
    }
  });

  it('types task-specific fields', async () => {
    const [sql] = await taskDataset('sql', 'eval');
    expect(sql.prompt).toContain(sql.schema);
    expect(sql.prompt).toContain(sql.question);
    expect(sql.response.startsWith('SELECT ')).toBe(true);

    const [toxicity] = await taskDataset('toxicity', 'train');
    expect(toxicity.response).toBe(toxicity.label);
    expect(toxicity.prompt.endsWith(toxicity.comment)).toBe(true);

    const [summary] = await taskDataset('summary', 'train');
    expect(summary.prompt.endsWith(summary.dialogue)).toBe(true);
  });
});
