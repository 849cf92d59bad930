import { expect, test } from 'vitest';
import { reportSchema } from '../src/schema.ts';
import { renderSummaryTable } from '../src/table.ts';

test('table lists the aligned reference first', () => {
  const counts = {
    total: 10,
    harmful: 1,
    safe: 9,
    unparseable: 0,
    rate: 0.1,
    lowerBound: 0.1,
    upperBound: 0.1,
    unparseablePolicy: 'not-harmful' as const,
  };
  const report = reportSchema.parse({
    schemaVersion: 1,
    createdAt: '2026-12-04T00:00:00Z',
    models: { aligned: 'a', finetuned: 'f' },
    evaluation: { judge: 'refusal-phrase', taskMetric: 'exact-match' },
    aligned: { harmful: counts, overRefusalRate: 0.05, taskScore: 0.4 },
    baselineTaskScore: 0.8,
    maxTaskDrop: 0.05,
    checkpoints: [
      {
        id: 'fine-tuned',
        step: 0,
        harmful: { ...counts, harmful: 8, safe: 2, rate: 0.8 },
        overRefusalRate: 0,
        taskScore: 0.8,
        restoredPerLayer: [0],
      },
    ],
    chosen: null,
  });

  const rows = renderSummaryTable(report).split('\n');

  expect(rows[2]).toMatch(/^ +aligned \(reference\) +- +10\.0% +0 +5\.0% +40\.0% +-$/);
  expect(rows[3]).toMatch(/fine-tuned +0 +80\.0%/);
});
