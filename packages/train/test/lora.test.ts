import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { loadModel } from '@realign/model';
import { backward, initBackend } from '@realign/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildBatch,
  causalLmLoss,
  LoraAdapter,
  peftTensorNames,
  trainLora,
  type LoraSettings,
} from '../src/index.ts';
import { toyExamples, writeTinyCheckpoint } from './tiny-model.ts';

const SETTINGS: LoraSettings = { rank: 2, alpha: 4, targetModules: ['q_proj', 'v_proj', 'down_proj'] };

describe('LoraAdapter', () => {
  let baseDir: string;

  beforeAll(async () => {
    await initBackend({ engine: 'js' });
    baseDir = await writeTinyCheckpoint(5);
  });

  afterAll(async () => {
    await rm(dirname(baseDir), { recursive: true, force: true });
  });

  it('adapts only targeted weights', async () => {
    const model = await loadModel(baseDir);
    const adapter = new LoraAdapter(model, SETTINGS, 1);

    expect(adapter.weightNames).toEqual([
      'model.layers.0.self_attn.q_proj.weight',
      'model.layers.0.self_attn.v_proj.weight',
      'model.layers.0.mlp.down_proj.weight',
      'model.layers.1.self_attn.q_proj.weight',
      'model.layers.1.self_attn.v_proj.weight',
      'model.layers.1.mlp.down_proj.weight',
    ]);
    expect(adapter.parameters[0].name).toBe('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight');
  });

  it('matches finite differences for A and B', async () => {
    const model = await loadModel(baseDir);
    const adapter = new LoraAdapter(model, SETTINGS, 1);
    const batch = buildBatch(toyExamples().slice(0, 3), { maxLength: 16 });
    const [a, b] = adapter.parameters.slice(2, 4);
    // B starts at zero, which makes dL/dA zero; give it values so both gradients are informative.
    b.tensor.data.forEach((_, i) => (b.tensor.data[i] = 0.1 * Math.sin(i + 1)));

    const lossAt = () => {
      adapter.apply();
      return causalLmLoss(model, batch).item();
    };
    adapter.apply();
    backward(causalLmLoss(model, batch));
    adapter.collectGradients();

    for (const parameter of [a, b]) {
      const analytic = parameter.tensor.grad![3];
      const h = 1e-2;
      parameter.tensor.data[3] += h;
      const up = lossAt();
      parameter.tensor.data[3] -= 2 * h;
      const down = lossAt();
      parameter.tensor.data[3] += h;

      expect(analytic, parameter.name).toBeCloseTo((up - down) / (2 * h), 4);
      expect(Math.abs(analytic), parameter.name).toBeGreaterThan(1e-5);
    }
  });

  it('round-trips through the model package merge', async () => {
    const model = await loadModel(baseDir);
    const base = await loadModel(baseDir);
    const adapter = new LoraAdapter(model, SETTINGS, 2);
    const adapterDir = join(dirname(baseDir), 'adapter');

    const history = trainLora(adapter, toyExamples(), {
      steps: 30,
      batchSize: 4,
      peakLr: 1e-2,
      warmupSteps: 2,
      maxLength: 16,
      seed: 3,
    });
    await adapter.save(adapterDir, baseDir);
    const merged = await loadModel(adapterDir);

    expect(history.at(-1)!.loss).toBeLessThan(history[0].loss);
    for (const [name, tensor] of model.parameters) {
      const mergedData = merged.parameters.get(name)!.data;
      const maxDifference = mergedData.reduce(
        (max, value, i) => Math.max(max, Math.abs(value - tensor.data[i])),
        0,
      );
      expect(maxDifference, name).toBeLessThan(1e-6);
    }
    const q = 'model.layers.1.self_attn.q_proj.weight';
    expect(merged.parameters.get(q)!.data).not.toEqual(base.parameters.get(q)!.data);
    const k = 'model.layers.1.self_attn.k_proj.weight';
    expect(merged.parameters.get(k)!.data).toEqual(base.parameters.get(k)!.data);
  });

  it('writes a PEFT adapter_config.json', async () => {
    const model = await loadModel(baseDir);
    const adapterDir = join(dirname(baseDir), 'adapter-config');
    await new LoraAdapter(model, SETTINGS, 1).save(adapterDir, 'tiny-base');

    const config = JSON.parse(await readFile(join(adapterDir, 'adapter_config.json'), 'utf8'));

    expect(config.peft_type).toBe('LORA');
    expect(config.r).toBe(2);
    expect(config.lora_alpha).toBe(4);
    expect(config.target_modules).toEqual(['q_proj', 'v_proj', 'down_proj']);
    expect(config.base_model_name_or_path).toBe('tiny-base');
  });

  it('rejects targets matching nothing', async () => {
    const model = await loadModel(baseDir);

    expect(() => new LoraAdapter(model, { ...SETTINGS, targetModules: [] }, 1)).toThrow(
      /match no Linear weight/,
    );
  });
});

describe('peftTensorNames', () => {
  it('prefixes base_model.model', () => {
    expect(peftTensorNames('model.layers.3.mlp.up_proj.weight')).toEqual({
      a: 'base_model.model.model.layers.3.mlp.up_proj.lora_A.weight',
      b: 'base_model.model.model.layers.3.mlp.up_proj.lora_B.weight',
    });
  });
});
