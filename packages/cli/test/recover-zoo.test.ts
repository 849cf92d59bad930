import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCheckpoint } from '@realign/checkpoint';
import { zooModel } from '@realign/zoo';
import { describe, expect, test } from 'vitest';
import { runCli } from '../src/cli.ts';
import { capture } from './capture.ts';

// A short run on the smallest shipped pair: two descent steps, a checkpoint after each.
const SHORT_RUN = [
  '--steps',
  '2',
  '--checkpoint-interval',
  '1',
  '--rollback',
  'never',
  '--eval-limit',
  '4',
  '--max-new-tokens',
  '8',
];

describe('realign recover on a zoo pair', () => {
  test('writes checkpoints, report and chosen copy', async () => {
    const outputDir = join(await mkdtemp(join(tmpdir(), 'realign-recover-')), 'run');
    const run = capture();

    const code = await runCli(
      [
        'recover',
        '--zoo',
        'zoo-llama-sql-h200-full',
        '--output-dir',
        outputDir,
        '--allowed-drop',
        '0.99',
        ...SHORT_RUN,
      ],
      run.io,
    );

    expect(run.stderr()).toContain('descent step 2: loss');
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(join(outputDir, 'report.json'), 'utf8'));
    expect(report.checkpoints.map((c: { id: string }) => c.id)).toEqual([
      'fine-tuned',
      'descent-step-0001',
      'descent-step-0002',
    ]);
    expect(report.checkpoints[0].harmful.total).toBe(4);
    expect(report.aligned.harmful.total).toBe(4);
    expect(report.chosen.checkpointId).toBe('descent-step-0002');
    expect(run.stdout()).toMatch(/\* +descent-step-0002 +2 /);

    // restore fraction per layer: layers below L = 2 gain weights, the others none
    const restored = report.checkpoints[2].restoredPerLayer as number[];
    expect(restored[0] + restored[1]).toBeGreaterThan(0);
    expect(restored[2]).toBe(0);
    expect(restored[3]).toBe(0);

    const chosen = await openCheckpoint(join(outputDir, 'chosen'));
    const finetuned = await openCheckpoint(zooModel('zoo-llama-sql-h200-full').path);
    expect(chosen.tensorNames).toEqual(finetuned.tensorNames);
    await chosen.close();
    await finetuned.close();
    expect(existsSync(join(outputDir, 'report.html'))).toBe(true);
  });

  test('rerun needs --resume and reports the same', async () => {
    const outputDir = join(await mkdtemp(join(tmpdir(), 'realign-recover-')), 'run');
    const args = [
      'recover',
      '--zoo',
      'zoo-llama-sql-h200-full',
      '--output-dir',
      outputDir,
      '--quiet',
      ...SHORT_RUN,
    ];
    expect(await runCli(args, capture().io)).toBe(0);
    const first = JSON.parse(await readFile(join(outputDir, 'report.json'), 'utf8'));

    const again = capture();
    expect(await runCli(args, again.io)).toBe(1);
    expect(again.stderr()).toContain(`${outputDir} already holds checkpoints`);
    expect(again.stderr()).toContain('(--resume)');

    expect(await runCli([...args, '--resume'], capture().io)).toBe(0);
    const resumed = JSON.parse(await readFile(join(outputDir, 'report.json'), 'utf8'));
    expect(resumed.checkpoints).toEqual(first.checkpoints);
  });
});

test('eval scores a zoo model', async () => {
  const run = capture();
  const out = join(await mkdtemp(join(tmpdir(), 'realign-eval-')), 'eval.json');

  const code = await runCli(
    [
      'eval',
      '--zoo',
      'zoo-llama-aligned',
      '--task',
      taskFile(),
      '--metric',
      'sql-exact-match',
      '--eval-limit',
      '3',
      '--max-new-tokens',
      '8',
      '--out',
      out,
    ],
    run.io,
  );

  expect(run.stderr()).toBe('');
  expect(code).toBe(0);
  expect(run.stdout()).toMatch(
    /^harmful rate {2}\d+\.\d% \(\d of 3, 0 unparseable, judge refusal-phrase\)$/m,
  );
  const saved = JSON.parse(await readFile(out, 'utf8'));
  expect(saved.task.examples).toBe(3);
  expect(saved.harmful.total).toBe(3);
});

function taskFile(): string {
  return join(import.meta.dirname, '../../data/data/tasks/sql/eval.jsonl');
}
