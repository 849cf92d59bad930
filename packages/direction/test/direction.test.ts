import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, noGrad } from '@realign/tensor';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DirectionCache,
  DirectionCacheError,
  InvalidDirectionError,
  directionCacheKey,
  directionLossBackward,
  getDirection,
  hashWeightsUpToLayer,
  meanHiddenState,
  type DirectionKeyInput,
} from '../src/index.ts';
import { ToyDecoder, createToyCheckpoint, memorySource, perturbCheckpoint } from './support/toy-decoder.ts';

const shape = { vocab: 7, hidden: 4, intermediate: 6, layers: 2 };
const prompts = [Int32Array.from([1, 2, 3]), Int32Array.from([4]), Int32Array.from([5, 6])];

beforeAll(async () => {
  await initBackend({ engine: 'js' });
});

describe('meanHiddenState', () => {
  it('averages embedding rows with no layers', () => {
    const checkpoint = createToyCheckpoint(1, shape);
    const embed = checkpoint.get('model.embed_tokens.weight')!.data;
    const row = (id: number, i: number) => embed[id * shape.hidden + i];

    const direction = meanHiddenState(ToyDecoder.fromCheckpoint(checkpoint, 0), prompts, {
      batchSize: 2,
      position: -1,
    });

    const expected = [0, 1, 2, 3].map((i) => (row(3, i) + row(4, i) + row(6, i)) / 3);
    expected.forEach((value, i) => expect(direction[i]).toBeCloseTo(value, 6));
  });

  it('reads a position from the start', () => {
    const checkpoint = createToyCheckpoint(1, shape);
    const embed = checkpoint.get('model.embed_tokens.weight')!.data;

    const direction = meanHiddenState(ToyDecoder.fromCheckpoint(checkpoint, 0), [prompts[0]], {
      batchSize: 1,
      position: 0,
    });

    expect(Array.from(direction)).toEqual(Array.from(embed.slice(shape.hidden, 2 * shape.hidden)));
  });

  it('does not depend on the batch size', () => {
    const model = ToyDecoder.fromCheckpoint(createToyCheckpoint(2, shape), 2);

    const one = meanHiddenState(model, prompts, { batchSize: 1, position: -1 });
    const three = meanHiddenState(model, prompts, { batchSize: 3, position: -1 });

    expect(Array.from(three)).toEqual(Array.from(one));
  });

  it('rejects a zero direction', () => {
    const checkpoint = createToyCheckpoint(1, shape);
    checkpoint.get('model.embed_tokens.weight')!.data.fill(0);
    const model = ToyDecoder.fromCheckpoint(checkpoint, 0);

    expect(() => meanHiddenState(model, prompts, { batchSize: 2, position: -1 })).toThrow(
      InvalidDirectionError,
    );
  });

  it('stops when the signal is aborted', () => {
    const model = ToyDecoder.fromCheckpoint(createToyCheckpoint(1, shape), 1);
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));

    expect(() =>
      meanHiddenState(model, prompts, { batchSize: 1, position: -1, signal: controller.signal }),
    ).toThrow('cancelled');
  });
});

describe('directionLossBackward', () => {
  const direction = Float32Array.from([1, -2, 0.5, 3]);

  it('returns -cos of the batch-mean state', () => {
    const model = ToyDecoder.fromCheckpoint(createToyCheckpoint(3, shape), 2);
    const states = noGrad(() => model.hiddenStates(prompts, -1)).data;
    const meanState = [0, 1, 2, 3].map((i) => (states[i] + states[4 + i] + states[8 + i]) / 3);
    const dot = meanState.reduce((total, value, i) => total + value * direction[i], 0);
    const cos = dot / (Math.hypot(...meanState) * Math.hypot(...direction));

    const result = directionLossBackward(model, prompts, direction, { batchSize: 3, position: -1 });

    expect(result.batchLosses).toHaveLength(1);
    expect(result.meanLoss).toBeCloseTo(-cos, 5);
  });

  it('sums gradients over batches', () => {
    const checkpoint = createToyCheckpoint(4, shape);
    const name = 'model.layers.1.mlp.down_proj.weight';
    const gradFor = (batch: Int32Array[]) => {
      const model = ToyDecoder.fromCheckpoint(checkpoint, 2);
      model.tensors().get(name)!.requiresGrad = true;
      directionLossBackward(model, batch, direction, { batchSize: 2, position: -1 });
      return model.tensors().get(name)!.grad!;
    };

    const together = gradFor(prompts);
    const first = gradFor(prompts.slice(0, 2));
    const second = gradFor(prompts.slice(2));

    together.forEach((value, i) => expect(value).toBeCloseTo(first[i] + second[i], 6));
  });

  it('matches finite differences', () => {
    const checkpoint = createToyCheckpoint(5, shape);
    const name = 'model.layers.0.mlp.up_proj.weight';
    const model = ToyDecoder.fromCheckpoint(checkpoint, 2);
    const weight = model.tensors().get(name)!;
    weight.requiresGrad = true;
    directionLossBackward(model, prompts, direction, { batchSize: 3, position: -1 });
    const grad = weight.grad!.slice();

    const lossAt = () =>
      noGrad(() => directionLossBackward(model, prompts, direction, { batchSize: 3, position: -1 }).meanLoss);
    for (const index of [0, 7, 13]) {
      const original = weight.data[index];
      weight.data[index] = original + 1e-2;
      const plus = lossAt();
      weight.data[index] = original - 1e-2;
      const minus = lossAt();
      weight.data[index] = original;

      expect(grad[index], `element ${index}`).toBeCloseTo((plus - minus) / 2e-2, 3);
    }
  });
});

describe('directionCacheKey', () => {
  const base: DirectionKeyInput = {
    weightsHash: 'abc',
    prompts: ['how do I', 'why'],
    chatTemplate: '{{ messages }}',
    tokenIds: [Int32Array.from([1, 2]), Int32Array.from([3])],
    layer: 2,
    position: -1,
  };

  it('is stable for equal inputs', () => {
    expect(directionCacheKey({ ...base, tokenIds: base.tokenIds.map((ids) => ids.slice()) })).toBe(
      directionCacheKey(base),
    );
  });

  it.each([
    ['weights', { weightsHash: 'abd' }],
    ['prompt text', { prompts: ['how do I', 'why?'] }],
    ['prompt boundary', { prompts: ['how do Iwhy', ''] }],
    ['template', { chatTemplate: '{{ messages }} ' }],
    ['token ids', { tokenIds: [Int32Array.from([1]), Int32Array.from([2, 3])] }],
    ['layer', { layer: 3 }],
    ['position', { position: -2 }],
  ])('changes with the %s', (_field, change) => {
    expect(directionCacheKey({ ...base, ...change })).not.toBe(directionCacheKey(base));
  });
});

describe('hashWeightsUpToLayer', () => {
  it('covers only tensors that reach the layer', async () => {
    const checkpoint = createToyCheckpoint(6, shape);
    const hash = await hashWeightsUpToLayer(memorySource(checkpoint), 1);
    const changed = (name: string) => {
      const copy = new Map(checkpoint);
      const tensor = copy.get(name)!;
      const data = tensor.data.slice();
      data[0] += 1;
      copy.set(name, { shape: tensor.shape, data });
      return hashWeightsUpToLayer(memorySource(copy), 1);
    };

    expect(await changed('model.layers.0.post_attention_layernorm.weight')).not.toBe(hash);
    expect(await changed('model.embed_tokens.weight')).not.toBe(hash);
    expect(await changed('model.layers.1.mlp.up_proj.weight')).toBe(hash);
    expect(await changed('lm_head.weight')).toBe(hash);
    expect(await changed('model.norm.weight')).toBe(hash);
  });
});

describe('DirectionCache', () => {
  let folder: string;
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('round-trips exact values', async () => {
    folder = await mkdtemp(join(tmpdir(), 'realign-direction-'));
    const cache = new DirectionCache(folder);
    const values = Float32Array.from([1.1, -2.5e-30, 3.4e38, 0]);

    await cache.put('k1', values, { layer: 2 });

    expect(Array.from((await cache.get('k1'))!)).toEqual(Array.from(values));
    expect(await cache.get('k2')).toBeNull();
    expect(await readdir(folder)).toEqual(['k1.json']);
  });

  it('rejects a corrupt file', async () => {
    folder = await mkdtemp(join(tmpdir(), 'realign-direction-'));
    const cache = new DirectionCache(folder);
    await writeFile(cache.pathFor('bad'), '{"format":"realign-direction"');

    await expect(cache.get('bad')).rejects.toThrow(DirectionCacheError);
  });

  it('computes once, then hits', async () => {
    folder = await mkdtemp(join(tmpdir(), 'realign-direction-'));
    const checkpoint = perturbCheckpoint(createToyCheckpoint(7, shape), 8, 0.1);
    let loads = 0;
    const request = {
      key: {
        weightsHash: 'w',
        prompts: ['a', 'b', 'c'],
        chatTemplate: 't',
        tokenIds: prompts,
        layer: 2,
        position: -1,
      },
      loadModel: async () => {
        loads++;
        return ToyDecoder.fromCheckpoint(checkpoint, 2);
      },
      cache: new DirectionCache(folder),
      read: { batchSize: 2 },
    };

    const first = await getDirection(request);
    const second = await getDirection(request);

    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(loads).toBe(1);
    expect(Array.from(second.direction)).toEqual(Array.from(first.direction));
  });
});
