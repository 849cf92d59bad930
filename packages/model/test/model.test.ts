import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '@realign/checkpoint';
import { getEngine, initBackend, Tensor } from '@realign/tensor';
import { loadModel, saveModel } from '../src/index.ts';
import { FIXTURES, loadReference, relativeError, sequenceRows } from './fixtures.ts';

beforeAll(async () => {
  await initBackend({ engine: (process.env.REALIGN_TEST_ENGINE as 'js' | 'ort' | undefined) ?? 'js' });
});

/**
 * Expects bit-identical values with the js engine. onnxruntime picks kernels by shape, so a batch and a
 * single sequence may round differently there.
 */
function expectSameResult(actual: Float32Array, expected: Float32Array): void {
  if (getEngine().name === 'js') expect(actual).toEqual(expected);
  else expect(relativeError(actual, expected)).toBeLessThan(1e-6);
}

describe('padded batches', () => {
  it.each(['llama-gqa', 'gemma2'])('%s batch equals each sequence alone', async (name) => {
    const model = await loadModel(FIXTURES + name);
    const sequences = [
      [5, 9, 1, 33, 7, 2, 60],
      [4, 4],
      [17, 3, 8, 12],
    ];
    const layers = [1, model.numLayers];
    const batched = model.forward(sequences, { hiddenStateLayers: layers });

    expect(batched.padding).toEqual([0, 5, 3]);
    sequences.forEach((sequence, b) => {
      const alone = model.forward([sequence], { hiddenStateLayers: layers });
      expectSameResult(sequenceRows(batched.logits!, b, batched.padding[b]), alone.logits!.data);
      for (const layer of layers) {
        expectSameResult(
          sequenceRows(batched.hiddenStates.get(layer)!, b, batched.padding[b]),
          alone.hiddenStates.get(layer)!.data,
        );
      }
    });
  });

  it('last token state reads the final slot', async () => {
    const model = await loadModel(FIXTURES + 'llama-gqa');
    const sequences = [[5, 9, 1], [4]];
    const states = model.lastTokenHiddenState(sequences, 2);
    const alone = model.forward([[4]], { hiddenStateLayers: [2], logits: false }).hiddenStates.get(2)!;

    expect(states.shape).toEqual([2, 32]);
    expect(relativeError(states.data.slice(32), alone.data)).toBeLessThan(1e-6);
  });

  it('empty sequence is rejected', async () => {
    const model = await loadModel(FIXTURES + 'llama-gqa');
    expect(() => model.forward([[1, 2], []])).toThrow('forward: sequence 1 is empty');
  });
});

describe('truncated models', () => {
  it('loads only the first layers', async () => {
    const model = await loadModel(FIXTURES + 'llama-gqa', { numLayers: 2 });
    const names = [...model.parameters.keys()];

    expect(model.isTruncated).toBe(true);
    expect(names).toContain('model.layers.1.mlp.down_proj.bias');
    expect(names.some((n) => n.startsWith('model.layers.2.'))).toBe(false);
    expect(names).not.toContain('model.norm.weight');
    expect(names).not.toContain('lm_head.weight');
    expect(() => model.forward([[1, 2]], { logits: true })).toThrow(/logits need all 3 layers/);
    expect(() => model.forward([[1, 2]], { hiddenStateLayers: [3] })).toThrow(/outside 0..2/);
  });

  it('hidden state equals the full model', async () => {
    const { meta, tensors } = await loadReference('llama-gqa');
    const model = await loadModel(FIXTURES + 'llama-gqa', { numLayers: 2 });
    const out = model.forward(meta.sequences, { hiddenStateLayers: [2] });

    expect(out.logits).toBeNull();
    const state = sequenceRows(out.hiddenStates.get(2)!, 0, out.padding[0]);
    expect(relativeError(state, tensors.get('hidden.0.2')!.data)).toBeLessThan(1e-5);
  });

  it('rejects a layer count out of range', async () => {
    await expect(loadModel(FIXTURES + 'llama-gqa', { numLayers: 4 })).rejects.toThrow(
      /numLayers must be an integer in 1..3/,
    );
  });
});

describe('LoRA adapters', () => {
  it.each(['llama-gqa', 'qwen2-tied'])('%s merged logits match the reference', async (name) => {
    const { meta, tensors } = await loadReference(name);
    const merged = await loadModel(FIXTURES + name, { adapter: `${FIXTURES}${name}-lora` });
    const out = merged.forward(meta.sequences);

    meta.sequences.forEach((_, b) => {
      const logits = sequenceRows(out.logits!, b, out.padding[b]);
      expect(relativeError(logits, tensors.get(`lora_logits.${b}`)!.data)).toBeLessThan(1e-4);
    });
  });

  it('adapter folder loads as a model', async () => {
    const viaOption = await loadModel(FIXTURES + 'llama-gqa', { adapter: FIXTURES + 'llama-gqa-lora' });
    const viaFolder = await loadModel(FIXTURES + 'llama-gqa-lora');

    expect(viaFolder.source).toEqual({
      baseDir: join(FIXTURES, 'llama-gqa'),
      adapterDir: FIXTURES + 'llama-gqa-lora',
    });
    const name = 'model.layers.1.self_attn.q_proj.weight';
    expect(viaFolder.parameters.get(name)!.data).toEqual(viaOption.parameters.get(name)!.data);
  });
});

describe('generation', () => {
  it('explicit stop tokens override the config', async () => {
    const { meta } = await loadReference('llama-gqa');
    const model = await loadModel(FIXTURES + 'llama-gqa');
    const results = model.generate(meta.sequences, { maxNewTokens: 3, stopTokenIds: [] });

    expect(results[0]).toEqual({
      tokenIds: [...meta.generated[0].token_ids, meta.stop_token_ids[0]],
      finishReason: 'length',
    });
  });

  it('zero new tokens returns empty results', async () => {
    const model = await loadModel(FIXTURES + 'gemma');
    expect(model.generate([[1, 2]], { maxNewTokens: 0 })).toEqual([{ tokenIds: [], finishReason: 'length' }]);
    expect(() => model.generate([[1, 2]], { maxNewTokens: -1 })).toThrow(
      'maxNewTokens must be an integer >= 0 (found -1)',
    );
  });

  it('truncated model cannot generate', async () => {
    const model = await loadModel(FIXTURES + 'gemma', { numLayers: 1 });
    expect(() => model.generate([[1, 2]], { maxNewTokens: 2 })).toThrow(
      'generate: the model is truncated and has no LM head',
    );
  });
});

describe('saving', () => {
  it.each(['llama-gqa', 'mistral-bf16-sharded', 'qwen2-tied'])('%s round trip is bit-exact', async (name) => {
    const model = await loadModel(FIXTURES + name);
    const dir = await mkdtemp(join(tmpdir(), 'realign-save-'));
    await saveModel(model, dir);

    const [source, saved] = await Promise.all([openCheckpoint(FIXTURES + name), openCheckpoint(dir)]);
    expect([...saved.tensorNames].sort()).toEqual([...source.tensorNames].sort());
    for (const tensorName of source.tensorNames) {
      expect(saved.info(tensorName).dtype, tensorName).toBe(source.info(tensorName).dtype);
      expect(await saved.readFloat32(tensorName), tensorName).toEqual(await source.readFloat32(tensorName));
    }
    await Promise.all([source.close(), saved.close()]);
  });

  it('truncated model saves all tensors', async () => {
    const model = await loadModel(FIXTURES + 'llama-gqa-lora', { numLayers: 1 });
    const changed = model.parameters.get('model.layers.0.mlp.up_proj.weight')!;
    changed.data[0] = 0.125;
    const dir = await mkdtemp(join(tmpdir(), 'realign-save-'));
    await saveModel(model, dir, { dtype: 'float32' });

    const full = await loadModel(FIXTURES + 'llama-gqa-lora');
    const reloaded = await loadModel(dir);
    expect(reloaded.parameters.get('model.layers.0.mlp.up_proj.weight')!.data).toEqual(changed.data);
    // Layer 2 was not loaded, so it comes from the base checkpoint with the adapter merged.
    const later = 'model.layers.2.self_attn.v_proj.weight';
    expect(
      relativeError(reloaded.parameters.get(later)!.data, full.parameters.get(later)!.data),
    ).toBeLessThan(1e-7);
  });

  it('parameter map with a wrong shape is rejected', async () => {
    const parameters = new Map([['model.norm.weight', Tensor.zeros([31])]]);
    const dir = await mkdtemp(join(tmpdir(), 'realign-save-'));
    await expect(saveModel(parameters, dir, { sourceDir: FIXTURES + 'llama-gqa' })).rejects.toThrow(
      'parameter model.norm.weight: expected shape [32], found [31]',
    );
  });
});
