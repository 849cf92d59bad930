import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';

import { loadModel } from '@realign/model';
import { initBackend } from '@realign/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fullFineTuneParameters, initParameters, trainCausalLm, type TrainOptions } from '../src/index.ts';
import { toyExamples, writeTinyCheckpoint } from './tiny-model.ts';

const OPTIONS: TrainOptions = {
  steps: 100,
  batchSize: 8,
  peakLr: 1e-2,
  warmupSteps: 4,
  maxLength: 16,
  seed: 7,
};

describe('trainCausalLm', () => {
  let dir: string;

  beforeAll(async () => {
    await initBackend({ engine: 'js' });
    dir = await writeTinyCheckpoint(11);
  });

  afterAll(async () => {
    await rm(dirname(dir), { recursive: true, force: true });
  });

  async function trainOnce(options: TrainOptions = OPTIONS) {
    const model = await loadModel(dir, { requiresGrad: true });
    const history = trainCausalLm(model, fullFineTuneParameters(model), toyExamples(), options);
    return { model, history };
  }

  it('lowers the loss on a toy set', async () => {
    const { history } = await trainOnce();

    // An untrained model is near uniform over 24 tokens: ln 24 = 3.18 nats.
    expect(history[0].loss).toBeGreaterThan(2.8);
    expect(history.at(-1)!.loss).toBeLessThan(0.2);
  });

  it('gives identical weights for one seed', async () => {
    const first = await trainOnce({ ...OPTIONS, steps: 6 });
    const second = await trainOnce({ ...OPTIONS, steps: 6 });

    for (const [name, tensor] of first.model.parameters) {
      expect(second.model.parameters.get(name)!.data, name).toEqual(tensor.data);
    }
  });

  it('changes the data order with the seed', async () => {
    const first = await trainOnce({ ...OPTIONS, steps: 3, warmupSteps: 1, batchSize: 3 });
    const second = await trainOnce({ ...OPTIONS, steps: 3, warmupSteps: 1, batchSize: 3, seed: 8 });

    expect(second.history.map((event) => event.loss)).not.toEqual(first.history.map((event) => event.loss));
  });

  it('counts reply tokens only', async () => {
    const { history } = await trainOnce({ ...OPTIONS, steps: 1, warmupSteps: 1, batchSize: 4 });

    // Four examples, each with a two-token reply.
    expect(history[0].targetTokens).toBe(8);
  });
});

describe('initParameters', () => {
  it('draws matrices with the init std', async () => {
    const { loadModelConfig } = await import('@realign/model');
    const dir = await writeTinyCheckpoint(3);
    const config = await loadModelConfig(dir);
    await rm(dirname(dir), { recursive: true, force: true });

    const weights = initParameters(config, 3);
    const embedding = weights.get('model.embed_tokens.weight')!;
    const std = Math.sqrt(embedding.reduce((sum, value) => sum + value * value, 0) / embedding.length);

    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.025);
    expect([...weights.get('model.norm.weight')!]).toEqual(new Array(16).fill(1));
    expect(initParameters(config, 3).get('model.layers.1.mlp.up_proj.weight')).toEqual(
      weights.get('model.layers.1.mlp.up_proj.weight'),
    );
  });
});
