import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@realign/tensor';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidScoreError,
  NonFiniteLossError,
  OutputNotEmptyError,
  recover,
  type RecoveryEvent,
  type RecoveryInputs,
} from '../src/index.ts';
import { descentRestorer } from '@realign/restorer';
import {
  HARMFUL_PROMPTS,
  TASK_PROMPTS,
  createToyPair,
  toyEvaluator,
  toyModels,
} from './support/toy-models.ts';

let root: string;

beforeAll(async () => {
  await initBackend({ engine: 'js' });
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'realign-pipeline-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function inputs(taskPenalty: number): Promise<RecoveryInputs> {
  const pair = createToyPair();
  return {
    models: await toyModels(pair, root),
    evaluator: toyEvaluator(pair, taskPenalty),
    harmfulPrompts: HARMFUL_PROMPTS,
    taskPrompts: TASK_PROMPTS,
  };
}

const settings = { rate: 0.02, steps: 4, checkpointInterval: 2, warmupSteps: 2, batchSize: 4 };
const run = (config: object, recoveryInputs: RecoveryInputs) =>
  lastValueFrom(
    recover({ outputDir: join(root, 'out'), ...settings, ...config }, recoveryInputs).pipe(toArray()),
  );
const ofType = <T extends RecoveryEvent['type']>(events: RecoveryEvent[], type: T) =>
  events.filter((event): event is Extract<RecoveryEvent, { type: T }> => event.type === type);

describe('recover without rollback', () => {
  it('emits the events in order', async () => {
    const events = await run({ rollback: 'never' }, await inputs(0.1));

    expect(events.map((event) => event.type)).toEqual([
      'started',
      'direction-computed',
      'baseline-scored',
      'step-finished',
      'step-finished',
      'checkpoint-written',
      'checkpoint-scored',
      'step-finished',
      'step-finished',
      'checkpoint-written',
      'checkpoint-scored',
      'finished',
    ]);
  });

  it('restores k weights per step', async () => {
    const events = await run({ rollback: 'never' }, await inputs(0.1));
    const started = ofType(events, 'started')[0];
    const steps = ofType(events, 'step-finished');

    // Three layers of 8 + 12x8 + 12 + 8x12 = 212 parameters; L = floor(2/3 x 3) = 2.
    expect(started).toMatchObject({
      layerCount: 3,
      layer: 2,
      decoderParameterCount: 636,
      restoreBudget: 13,
      eligibleTensorCount: 6,
    });
    expect(steps.map((step) => step.restoredCount)).toEqual([13, 13, 13, 13]);
    expect(steps.map((step) => step.fractionRestored)).toEqual([13, 26, 39, 52].map((count) => count / 636));
    for (const step of steps) {
      expect(step.restoredPerLayer.reduce((a, b) => a + b)).toBe(13);
      expect(step.restoredPerLayer).toHaveLength(2);
      expect(step.rolledBackCount).toBe(0);
      expect(step.loss).toBeLessThan(0);
    }
    expect(steps[3].loss).toBeLessThan(steps[0].loss);
  });

  it('chooses the last checkpoint within the drop', async () => {
    const events = await run({ rollback: 'never' }, await inputs(0.1));
    const scored = ofType(events, 'checkpoint-scored');
    const finished = ofType(events, 'finished')[0];

    expect(scored.map((event) => [event.step, event.withinAllowedDrop])).toEqual([
      [2, true],
      [4, true],
    ]);
    expect(scored[1].harmfulRate).toBeLessThan(scored[0].harmfulRate!);
    expect(finished.chosen).toMatchObject({
      step: 4,
      phase: 'descent',
      path: join(root, 'out', 'checkpoints', 'descent-step-0004'),
    });
  });

  it('reports none when every checkpoint fails', async () => {
    const events = await run({ rollback: 'never' }, await inputs(1000));
    const finished = ofType(events, 'finished')[0];

    expect(finished.chosen).toBeNull();
    expect(finished.reason).toMatch(/no checkpoint keeps the task score at or above 0\.95/);
  });
});

describe('recover with rollback', () => {
  it('restarts after a failed warmup', async () => {
    const events = await run({ rollback: 'auto' }, await inputs(1000));
    const decided = ofType(events, 'warmup-decided');
    const steps = ofType(events, 'step-finished');

    expect(decided).toHaveLength(1);
    expect(decided[0].rollback).toBe(true);
    expect(steps.map((step) => `${step.phase} ${step.step}`)).toEqual([
      'descent 1',
      'descent 2',
      'rollback 1',
      'rollback 2',
      'rollback 3',
      'rollback 4',
    ]);
    expect(steps[2].fractionRestored).toBe((13 - steps[2].rolledBackCount) / 636);
    for (const step of steps.slice(2)) {
      expect(step.rolledBackCount).toBeGreaterThan(0);
      expect(step.rolledBackCount).toBeLessThanOrEqual(Math.ceil(0.2 * 13));
      expect(step.rollbackLoss).not.toBeNull();
    }
  });

  it('leaves the warmup harmful rate unmeasured', async () => {
    const events = await run({ rollback: 'auto' }, await inputs(1000));
    const scored = ofType(events, 'checkpoint-scored');

    expect(scored.map((event) => `${event.phase} ${event.step} ${event.harmfulRate === null}`)).toEqual([
      'descent 2 true',
      'rollback 2 false',
      'rollback 4 false',
    ]);
    expect(ofType(events, 'finished')[0].chosen).toBeNull();
  });

  it('continues after a passing warmup', async () => {
    const events = await run({ rollback: 'auto' }, await inputs(0.1));

    expect(ofType(events, 'warmup-decided')[0].rollback).toBe(false);
    expect(ofType(events, 'step-finished').every((step) => step.phase === 'descent')).toBe(true);
    expect(ofType(events, 'direction-computed').map((event) => event.direction)).toEqual([
      'harmful',
      'benign',
    ]);
  });

  it('rolls back from the start when always', async () => {
    const events = await run({ rollback: 'always' }, await inputs(0.1));

    expect(ofType(events, 'warmup-decided')).toHaveLength(0);
    expect(ofType(events, 'step-finished').map((step) => step.phase)).toEqual([
      'rollback',
      'rollback',
      'rollback',
      'rollback',
    ]);
  });
});

describe('recover errors', () => {
  it('refuses a used output folder', async () => {
    const recoveryInputs = await inputs(0.1);
    await run({ rollback: 'never' }, recoveryInputs);

    await expect(run({ rollback: 'never' }, recoveryInputs)).rejects.toThrow(OutputNotEmptyError);
  });

  it('sends invalid scores down the error channel', async () => {
    const recoveryInputs = await inputs(0.1);
    const evaluator = { ...recoveryInputs.evaluator, harmfulRate: async () => 1.5 };

    const failure = run({ rollback: 'never' }, { ...recoveryInputs, evaluator });

    await expect(failure).rejects.toThrow(InvalidScoreError);
    await expect(failure).rejects.toMatchObject({ metric: 'harmfulRate', value: 1.5 });
  });

  it('names the step of a NaN loss', async () => {
    const recoveryInputs = await inputs(0.1);
    const restorer = {
      ...descentRestorer,
      step: async (context: Parameters<typeof descentRestorer.step>[0]) => ({
        ...(await descentRestorer.step(context)),
        loss: Number.NaN,
      }),
    };

    const failure = run({ rollback: 'never' }, { ...recoveryInputs, strategies: { restorer } });

    await expect(failure).rejects.toThrow(NonFiniteLossError);
    await expect(failure).rejects.toMatchObject({ step: 1, direction: 'harmful' });
  });
});

describe('direction cache', () => {
  it('hits on a second run', async () => {
    const recoveryInputs = await inputs(0.1);
    const cacheDir = join(root, 'cache');

    const first = await lastValueFrom(
      recover({ outputDir: join(root, 'a'), directionCacheDir: cacheDir, ...settings }, recoveryInputs).pipe(
        toArray(),
      ),
    );
    const second = await lastValueFrom(
      recover({ outputDir: join(root, 'b'), directionCacheDir: cacheDir, ...settings }, recoveryInputs).pipe(
        toArray(),
      ),
    );

    expect(ofType(first, 'direction-computed').map((event) => event.cached)).toEqual([false, false]);
    expect(ofType(second, 'direction-computed').map((event) => event.cached)).toEqual([true, true]);
    expect((await readdir(cacheDir)).length).toBe(2);
  });
});
