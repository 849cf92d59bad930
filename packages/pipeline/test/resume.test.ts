import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@realign/tensor';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  RESTORE_STATE_FILE,
  ResumeMismatchError,
  recover,
  type FinishedEvent,
  type RecoveryEvent,
  type RecoveryInputs,
} from '../src/index.ts';
import {
  HARMFUL_PROMPTS,
  TASK_PROMPTS,
  createToyPair,
  readDecoderTensors,
  toyEvaluator,
  toyModels,
} from './support/toy-models.ts';

let root: string;

beforeAll(async () => {
  await initBackend({ engine: 'js' });
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'realign-resume-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const settings = { rate: 0.02, steps: 6, checkpointInterval: 2, warmupSteps: 2, batchSize: 4 };

async function inputs(taskPenalty: number) {
  const pair = createToyPair(3);
  const models = await toyModels(pair, root);
  const evaluator = toyEvaluator(pair, taskPenalty);
  const recoveryInputs: RecoveryInputs = {
    models,
    evaluator,
    harmfulPrompts: HARMFUL_PROMPTS,
    taskPrompts: TASK_PROMPTS,
  };
  return { recoveryInputs, models, evaluator };
}

/** Runs until `stopAt` matches an event, unsubscribes there, and waits for the run to go quiet. */
async function interrupt(
  config: object,
  recoveryInputs: RecoveryInputs,
  stopAt: (event: RecoveryEvent) => boolean,
) {
  const seen: RecoveryEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    const subscription = recover(config as never, recoveryInputs).subscribe({
      next: (event) => {
        seen.push(event);
        if (stopAt(event)) {
          subscription.unsubscribe();
          resolve();
        }
      },
      error: reject,
      complete: () => reject(new Error('the run completed before the interruption point')),
    });
  });
  await quiet(join((config as { outputDir: string }).outputDir, 'checkpoints'));
  return seen;
}

/** Waits until the checkpoint folder listing stops changing and contains no partial folder. */
async function quiet(dir: string): Promise<void> {
  let previous = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    const listing = (await readdir(dir)).sort().join(',');
    if (listing === previous && !listing.includes('.partial-')) return;
    previous = listing;
  }
  throw new Error(`checkpoint folder ${dir} did not settle`);
}

async function expectSameCheckpoint(a: string, b: string): Promise<void> {
  const left = await readDecoderTensors(a);
  const right = await readDecoderTensors(b);
  expect([...right.keys()]).toEqual([...left.keys()]);
  for (const [name, values] of left) {
    expect(Buffer.from(right.get(name)!.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
  }
  expect(
    (await readFile(join(b, RESTORE_STATE_FILE))).equals(await readFile(join(a, RESTORE_STATE_FILE))),
  ).toBe(true);
}

const isWritten = (phase: string, step: number) => (event: RecoveryEvent) =>
  event.type === 'checkpoint-written' && event.phase === phase && event.step === step;

describe('resume', () => {
  it.each([
    ['descent only, mid-run', 'never', 0.1, 'descent', 2, 'descent-step-0006'],
    ['rollback phase, mid-run', 'auto', 1000, 'rollback', 2, 'rollback-step-0006'],
    ['warmup checkpoint before its score', 'auto', 1000, 'descent', 2, 'rollback-step-0006'],
    ['passing warmup before its score', 'auto', 0.1, 'descent', 2, 'descent-step-0006'],
  ] as const)('reproduces the weights: %s', async (_case, rollback, penalty, phase, step, last) => {
    const { recoveryInputs } = await inputs(penalty);
    const straight = { ...settings, rollback, outputDir: join(root, 'straight') };
    const resumed = { ...settings, rollback, outputDir: join(root, 'resumed') };

    const expected = await lastValueFrom(recover(straight, recoveryInputs).pipe(toArray()));
    await interrupt(resumed, recoveryInputs, isWritten(phase, step));
    const events = await lastValueFrom(recover({ ...resumed, resume: true }, recoveryInputs).pipe(toArray()));

    await expectSameCheckpoint(
      join(straight.outputDir, 'checkpoints', last),
      join(resumed.outputDir, 'checkpoints', last),
    );
    const finished = events.at(-1) as FinishedEvent;
    const expectedFinished = expected.at(-1) as FinishedEvent;
    expect(finished.type).toBe('finished');
    expect(finished.chosen?.step).toBe(expectedFinished.chosen?.step);
    expect(events[0]).toMatchObject({ type: 'started', resumedFrom: { phase, step } });

    // Replayed and new checkpoint events carry the same per-layer restore counts as an uninterrupted run.
    const perLayer = (list: typeof events) =>
      list.flatMap((event) =>
        event.type === 'checkpoint-scored' ? [[event.phase, event.step, event.restoredPerLayer]] : [],
      );
    expect(perLayer(events)).toEqual(perLayer(expected));
  });

  it('replays earlier scores from disk', async () => {
    const { recoveryInputs, evaluator } = await inputs(0.1);
    const config = { ...settings, rollback: 'never' as const, outputDir: join(root, 'out') };

    await interrupt(
      config,
      recoveryInputs,
      (event) => event.type === 'checkpoint-scored' && event.step === 4,
    );
    const callsBefore = evaluator.calls.length;
    const events = await lastValueFrom(recover({ ...config, resume: true }, recoveryInputs).pipe(toArray()));

    const scored = events.filter((event) => event.type === 'checkpoint-scored');
    expect(scored.map((event) => [event.step, event.fromDisk])).toEqual([
      [2, true],
      [4, true],
      [6, false],
    ]);
    // Only the new checkpoint is evaluated: one task score and one harmful rate.
    expect(evaluator.calls.length - callsBefore).toBe(2);
  });

  it('rejects changed settings', async () => {
    const { recoveryInputs } = await inputs(0.1);
    const config = { ...settings, rollback: 'never' as const, outputDir: join(root, 'out') };
    await interrupt(config, recoveryInputs, isWritten('descent', 2));

    const failure = lastValueFrom(recover({ ...config, rate: 0.03, resume: true }, recoveryInputs));

    await expect(failure).rejects.toThrow(ResumeMismatchError);
    await expect(failure).rejects.toMatchObject({ field: 'settings' });
  });
});

describe('cancellation', () => {
  it('stops work and leaves complete checkpoints', async () => {
    const { recoveryInputs, models, evaluator } = await inputs(0.1);
    const config = { ...settings, rollback: 'never' as const, outputDir: join(root, 'out') };

    const seen = await interrupt(config, recoveryInputs, isWritten('descent', 2));
    const saves = models.saves;
    const calls = evaluator.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(seen.at(-1)).toMatchObject({ type: 'checkpoint-written', step: 2 });
    expect(await readdir(join(config.outputDir, 'checkpoints'))).toEqual(['descent-step-0002']);
    expect(models.saves).toBe(saves);
    expect(evaluator.calls.length).toBe(calls);
    expect((await readDecoderTensors(join(config.outputDir, 'checkpoints', 'descent-step-0002'))).size).toBe(
      12,
    );
  });
});

describe('restore state files', () => {
  it('are kept in the last checkpoint only', async () => {
    const { recoveryInputs } = await inputs(0.1);
    const outputDir = join(root, 'out');

    await lastValueFrom(
      recover({ ...settings, rollback: 'never', outputDir }, recoveryInputs).pipe(toArray()),
    );

    const holding = [];
    for (const name of await readdir(join(outputDir, 'checkpoints'))) {
      if ((await readdir(join(outputDir, 'checkpoints', name))).includes(RESTORE_STATE_FILE))
        holding.push(name);
    }
    expect(holding).toEqual(['descent-step-0006']);
  });
});
