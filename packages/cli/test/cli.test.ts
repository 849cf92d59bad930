import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../src/cli.ts';
import { capture } from './capture.ts';
import { describeEvent, ProgressRenderer } from '../src/progress.ts';

describe('runCli', () => {
  test('no command prints usage, exit 2', async () => {
    const run = capture();
    expect(await runCli([], run.io)).toBe(2);
    expect(run.stdout()).toContain('realign recover --zoo NAME');
  });

  test('unknown command lists commands', async () => {
    const run = capture();
    expect(await runCli(['restore'], run.io)).toBe(2);
    expect(run.stderr()).toBe("realign: unknown command 'restore'; commands: recover, eval, zoo.\n");
  });

  test('recover help states units and defaults', async () => {
    const run = capture();
    expect(await runCli(['recover', '--help'], run.io)).toBe(0);
    const help = run.stdout();
    expect(help).toMatch(
      /--rate <number> +Weights restored per step, as a fraction of all decoder-layer parameters/,
    );
    expect(help).toMatch(/--steps <int> +Restore steps \(steps\)\. Default: 20\./);
    expect(help).toMatch(
      /--judge <string> +Harmful-rate judge\. \(one of: refusal-phrase, chat-model, endpoint, text-classifier/,
    );
    expect(help).toContain('Recovery settings (also accepted in a --config JSON file, by field name):');
  });

  test('recover without models is a usage error', async () => {
    const run = capture();
    expect(await runCli(['recover', '--output-dir', 'x'], run.io)).toBe(2);
    expect(run.stderr()).toBe(
      'realign recover: missing models: pass --aligned DIR and --finetuned DIR (or --zoo NAME for a shipped pair).\n',
    );
  });

  test('recover rejects an out-of-range setting', async () => {
    const run = capture();
    expect(await runCli(['recover', '--output-dir', 'x', '--rate', '1.5'], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/^realign recover: --rate: /);
  });

  test('recover checks cross-field settings', async () => {
    const run = capture();
    expect(
      await runCli(['recover', '--output-dir', 'x', '--steps', '3', '--warmup-steps', '4'], run.io),
    ).toBe(2);
    expect(run.stderr()).toContain('--warmup-steps: warmupSteps (4) must not exceed steps (3)');
  });

  test('config file with an unknown key is rejected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realign-cli-'));
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ outputDir: 'x', learningRate: 0.1 }));
    const run = capture();

    expect(await runCli(['recover', '--config', config], run.io)).toBe(2);
    expect(run.stderr()).toContain('--config: unknown setting learningRate');
  });

  test('config file values are validated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realign-cli-'));
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ outputDir: 'x', steps: 0 }));
    const run = capture();

    expect(await runCli(['recover', '--config', config], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/--steps: /);
  });

  test('unreadable config file names the path', async () => {
    const run = capture();
    expect(await runCli(['recover', '--config', '/nonexistent/realign.json'], run.io)).toBe(2);
    expect(run.stderr()).toContain('--config /nonexistent/realign.json could not be read');
  });
});

describe('ProgressRenderer', () => {
  const generation = { status: 'generation' as const, promptSet: 'harmful', done: 3, cached: 1, total: 8 };

  test('draws a bar on a TTY', () => {
    const written: string[] = [];
    const renderer = new ProgressRenderer(
      { write: (text: string) => written.push(text), isTTY: true },
      false,
    );

    renderer.evaluation('step 5', generation);
    renderer.log('done');

    expect(written[0]).toBe('\r\x1b[2Kstep 5: harmful [#########...............] 3/8 (1 cached)');
    expect(written[1]).toBe('\r\x1b[2K');
    expect(written[2]).toBe('done\n');
  });

  test('writes no bar without a TTY', () => {
    const written: string[] = [];
    const renderer = new ProgressRenderer({ write: (text: string) => written.push(text) }, false);

    renderer.evaluation('step 5', { ...generation, done: 8 });

    expect(written).toEqual([]);
  });
});

describe('describeEvent', () => {
  test('step line states counts and fraction', () => {
    const line = describeEvent({
      type: 'step-finished',
      phase: 'rollback',
      step: 3,
      loss: -0.51234,
      rollbackLoss: -0.2,
      restoredCount: 100,
      rolledBackCount: 20,
      fractionRestored: 0.0123,
      restoredPerLayer: [100],
      rolledBackPerLayer: [20],
      durationMs: 1500,
    });

    expect(line).toBe(
      'rollback step 3: loss -0.5123, restored 100, rolled back 20, 1.2% of decoder weights aligned, 1.5 s',
    );
  });
});
