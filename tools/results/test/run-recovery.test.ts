import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecovery } from '../src/run-recovery.ts';

const report = {
  schemaVersion: 1,
  createdAt: '2026-01-02T03:04:05.000Z',
  models: { aligned: '/zoo/aligned', finetuned: '/zoo/broken' },
  evaluation: { judge: 'refusal-phrase', taskMetric: 'sql-exact-match' },
  baselineTaskScore: 0.5,
  maxTaskDrop: 0.05,
  checkpoints: [
    {
      id: 'fine-tuned',
      step: 0,
      harmful: {
        total: 4,
        harmful: 4,
        safe: 0,
        unparseable: 0,
        rate: 1,
        lowerBound: 1,
        upperBound: 1,
        unparseablePolicy: 'not-harmful',
      },
      overRefusalRate: 0,
      taskScore: 0.5,
      restoredPerLayer: [0],
    },
  ],
  chosen: null,
};

let outputDir: string;
const flags = ['--eval-limit', '4', '--quiet'];

beforeAll(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'realign-results-'));
  await writeFile(join(outputDir, 'report.json'), JSON.stringify(report));
  const argv = ['recover', '--zoo', 'zoo-x', '--output-dir', outputDir, ...flags];
  await writeFile(join(outputDir, 'results-timing.json'), JSON.stringify({ seconds: 12.5, argv }));
});
afterAll(async () => {
  await rm(outputDir, { recursive: true, force: true });
});

describe('runRecovery with reuse', () => {
  it('reads a finished run', async () => {
    const summary = await runRecovery({ model: 'zoo-x', outputDir, flags, reuse: true });

    expect(summary.reused).toBe(true);
    expect(summary.seconds).toBe(12.5);
    expect(summary.broken.harmfulRate).toBe(1);
    expect(summary.recovered).toBeNull();
  });

  it('rejects a run with other flags', async () => {
    const other = runRecovery({
      model: 'zoo-x',
      outputDir,
      flags: ['--eval-limit', '8', '--quiet'],
      reuse: true,
    });
    await expect(other).rejects.toThrow(
      /holds a run of `realign recover --zoo zoo-x .* --eval-limit 4 --quiet`, not .*--eval-limit 8/,
    );
  });
});
