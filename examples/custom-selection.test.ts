import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recover, type RecoveryEvent } from '@realign/pipeline';
import { signAgreementTopK, type SelectionTensor } from '@realign/selection';
import { initBackend } from '@realign/tensor';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HARMFUL_PROMPTS,
  TASK_PROMPTS,
  createToyPair,
  toyEvaluator,
  toyModels,
} from '../packages/pipeline/test/support/toy-models.ts';
import { firstOrderGainTopK, mixedStrategies, restrictToLayers } from './custom-selection.ts';

let root: string;

beforeAll(async () => {
  await initBackend({ engine: 'js' });
  root = await mkdtemp(join(tmpdir(), 'realign-example-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const tensor = (name: string, weight: number[], target: number[], grad: number[]): SelectionTensor => ({
  name,
  weight: Float32Array.from(weight),
  grad: Float32Array.from(grad),
  readTarget: async () => Float32Array.from(target),
});

describe('custom selection example', () => {
  it('ranks by gradient times gap', async () => {
    // Both are candidates; |grad| prefers element 0 (2 > 1), the gain prefers element 1 (1 x 10 > 2 x 1).
    const tensors = [tensor('model.layers.0.mlp.up_proj.weight', [1, 1], [0, -9], [2, 1])];

    const custom = await firstOrderGainTopK.select(tensors, { count: 1 });
    const method = await signAgreementTopK.select(tensors, { count: 1 });

    expect(Array.from(custom.indices[0])).toEqual([1]);
    expect(Array.from(method.indices[0])).toEqual([0]);
  });

  it('restricts a rule to chosen layers', async () => {
    const tensors = [
      tensor('model.layers.0.mlp.up_proj.weight', [1], [0], [5]),
      tensor('model.layers.1.mlp.up_proj.weight', [1], [0], [1]),
    ];

    const result = await restrictToLayers(signAgreementTopK, [1]).select(tensors, { count: 2 });

    expect(result.indices.map((indices) => Array.from(indices))).toEqual([[], [0]]);
    expect(result.candidateCount).toBe(1);
  });

  it('plugs the mix into recover', async () => {
    const pair = createToyPair(5);
    const inputs = {
      models: await toyModels(pair, root),
      evaluator: toyEvaluator(pair, 1000),
      harmfulPrompts: HARMFUL_PROMPTS,
      taskPrompts: TASK_PROMPTS,
      strategies: mixedStrategies,
    };

    const events: RecoveryEvent[] = await lastValueFrom(
      recover(
        { outputDir: join(root, 'out'), rate: 0.02, steps: 2, checkpointInterval: 1, warmupSteps: 1 },
        inputs,
      ).pipe(toArray()),
    );

    const steps = events.filter((event) => event.type === 'step-finished');
    expect(steps.map((step) => step.phase)).toEqual(['descent', 'rollback', 'rollback']);
    for (const step of steps) {
      expect(step.restoredPerLayer[0]).toBe(0);
      expect(step.restoredPerLayer[1]).toBe(13);
    }
    expect(steps[1].rolledBackCount).toBeGreaterThan(0);
  });
});
