import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint, writeCheckpoint, type TensorToWrite } from '@realign/checkpoint';
import { initBackend } from '@realign/tensor';
import {
  AdapterError,
  CheckpointMismatchError,
  checkCompatible,
  IncompatibleModelsError,
  loadModel,
  ModelConfigError,
  NonFiniteWeightError,
  parseModelConfig,
} from '../src/index.ts';
import { FIXTURES } from './fixtures.ts';

beforeAll(async () => {
  await initBackend({ engine: 'js' });
});

type Mutation = (tensors: TensorToWrite[]) => TensorToWrite[];

/** Copies fixture `name` to a temp folder, rewriting its tensors and config.json. */
async function mutated(
  name: string,
  mutate: Mutation,
  configPatch: Record<string, unknown> = {},
): Promise<string> {
  const reader = await openCheckpoint(FIXTURES + name);
  const tensors: TensorToWrite[] = [];
  for (const tensorName of reader.tensorNames) {
    tensors.push({
      name: tensorName,
      shape: reader.info(tensorName).shape,
      data: await reader.readFloat32(tensorName),
    });
  }
  await reader.close();

  const dir = await mkdtemp(join(tmpdir(), 'realign-bad-'));
  await writeCheckpoint(dir, mutate(tensors), { sourceDir: FIXTURES + name, dtype: 'F32' });
  const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, ...configPatch }));
  return dir;
}

/** Copies an adapter fixture to a temp folder with a patched adapter_config.json. */
async function patchedAdapter(name: string, patch: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'realign-adapter-'));
  await cp(FIXTURES + name, dir, { recursive: true });
  const config = JSON.parse(await readFile(join(dir, 'adapter_config.json'), 'utf8'));
  await writeFile(join(dir, 'adapter_config.json'), JSON.stringify({ ...config, ...patch }));
  return dir;
}

const tinyLlama = {
  architectures: ['LlamaForCausalLM'],
  vocab_size: 16,
  hidden_size: 8,
  intermediate_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
};

describe('config.json validation', () => {
  it('unknown architecture lists supported ones', () => {
    expect(() =>
      parseModelConfig({ ...tinyLlama, architectures: ['GPT2LMHeadModel'] }, 'gpt2/config.json'),
    ).toThrow(
      'gpt2/config.json: unsupported architecture "GPT2LMHeadModel"; supported: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, GemmaForCausalLM, Gemma2ForCausalLM',
    );
  });

  it('unsupported rope scaling names the field', () => {
    const config = { ...tinyLlama, rope_scaling: { type: 'yarn', factor: 4 } };
    expect(() => parseModelConfig(config, 'c.json')).toThrow(
      'c.json: field "rope_scaling.rope_type": unsupported rope_scaling type "yarn"; supported: default, linear, llama3',
    );
  });

  it('llama3 scaling without factors is rejected', () => {
    const config = { ...tinyLlama, rope_scaling: { rope_type: 'llama3', factor: 8 } };
    expect(() => parseModelConfig(config, 'c.json')).toThrow(/field "rope_scaling.low_freq_factor"/);
  });

  it('unsupported activation and dtype are rejected', () => {
    expect(() => parseModelConfig({ ...tinyLlama, hidden_act: 'gelu' }, 'c.json')).toThrow(
      /field "hidden_act": .*"silu".*\(found "gelu"\)/,
    );
    expect(() => parseModelConfig({ ...tinyLlama, torch_dtype: 'float8' }, 'c.json')).toThrow(
      /field "torch_dtype"/,
    );
  });

  it('heads not divisible by kv heads are rejected', () => {
    expect(() => parseModelConfig({ ...tinyLlama, num_key_value_heads: 3 }, 'c.json')).toThrow(
      'c.json: num_attention_heads (2) must be a multiple of num_key_value_heads (3)',
    );
  });

  it('rope_parameters are read', () => {
    const scaling = {
      rope_type: 'llama3',
      factor: 8,
      low_freq_factor: 1,
      high_freq_factor: 4,
      original_max_position_embeddings: 64,
    };
    const config = parseModelConfig({ ...tinyLlama, rope_parameters: { rope_theta: 500000, ...scaling } });
    expect(config.ropeTheta).toBe(500000);
    expect(config.ropeScaling).toEqual({
      type: 'llama3',
      factor: 8,
      lowFreqFactor: 1,
      highFreqFactor: 4,
      originalMaxPositionEmbeddings: 64,
    });
  });

  it('normalises families', () => {
    const qwen = parseModelConfig({ ...tinyLlama, architectures: ['Qwen2ForCausalLM'] });
    expect(qwen.attentionBias).toEqual({ q: true, k: true, v: true, o: false });
    const gemma = parseModelConfig({
      ...tinyLlama,
      architectures: ['GemmaForCausalLM'],
      head_dim: 4,
      hidden_act: 'gelu',
    });
    expect([gemma.activation, gemma.normWeightOffset, gemma.embeddingScale, gemma.tieWordEmbeddings]).toEqual(
      ['gelu_tanh', 1, Math.sqrt(8), true],
    );
    const llama = parseModelConfig({ ...tinyLlama, torch_dtype: 'bfloat16' });
    expect([llama.numKvHeads, llama.headDim, llama.dtype, llama.queryScale]).toEqual([2, 4, 'bfloat16', 0.5]);
  });
});

describe('checkpoint validation', () => {
  it('missing tensor is named', async () => {
    const dir = await mutated('llama-gqa', (ts) =>
      ts.filter((t) => t.name !== 'model.layers.1.mlp.up_proj.weight'),
    );
    await expect(loadModel(dir)).rejects.toThrow(CheckpointMismatchError);
    await expect(loadModel(dir)).rejects.toThrow(
      `${dir}: checkpoint does not match its config.json (LlamaForCausalLM, 3 layers):\n  - missing tensor model.layers.1.mlp.up_proj.weight (expected shape [48, 32])`,
    );
  });

  it('extra tensor is named', async () => {
    const extra = { name: 'model.layers.0.self_attn.extra.weight', shape: [2], data: new Float32Array(2) };
    const dir = await mutated('llama-gqa', (ts) => [...ts, extra]);
    await expect(loadModel(dir)).rejects.toThrow(
      'extra tensor model.layers.0.self_attn.extra.weight [2] not used by LlamaForCausalLM',
    );
  });

  it('RoPE buffers of old checkpoints are ignored', async () => {
    const buffer = {
      name: 'model.layers.0.self_attn.rotary_emb.inv_freq',
      shape: [4],
      data: Float32Array.of(1, 0.1, 0.01, 0.001),
    };
    const dir = await mutated('llama-gqa', (ts) => [...ts, buffer]);
    const model = await loadModel(dir);
    expect(model.parameters.has(buffer.name)).toBe(false);
  });

  it('lm_head in a tied checkpoint is extra', async () => {
    const head = { name: 'lm_head.weight', shape: [64, 32], data: new Float32Array(64 * 32) };
    const dir = await mutated('qwen2-tied', (ts) => [...ts, head]);
    await expect(loadModel(dir)).rejects.toThrow(
      /extra tensor lm_head.weight \[64, 32\].*tie_word_embeddings/,
    );
  });

  it('shape disagreeing with config is named', async () => {
    const dir = await mutated('llama-gqa', (ts) => ts, { intermediate_size: 50 });
    await expect(loadModel(dir)).rejects.toThrow(
      'tensor model.layers.0.mlp.gate_proj.weight: expected shape [50, 32] from config.json, found [48, 32]',
    );
  });

  it('NaN weight is named', async () => {
    const dir = await mutated('llama-gqa', (ts) =>
      ts.map((t) =>
        t.name === 'model.layers.2.self_attn.o_proj.weight'
          ? { ...t, data: t.data.map((v, i) => (i === 7 ? NaN : v)) }
          : t,
      ),
    );
    await expect(loadModel(dir)).rejects.toThrow(NonFiniteWeightError);
    await expect(loadModel(dir)).rejects.toThrow(
      `${dir}: tensor model.layers.2.self_attn.o_proj.weight has a non-finite value (NaN) at flat index 7`,
    );
  });

  it('infinite weight is named', async () => {
    const dir = await mutated('gemma', (ts) =>
      ts.map((t) =>
        t.name === 'model.embed_tokens.weight'
          ? { ...t, data: t.data.map((v, i) => (i === 0 ? -Infinity : v)) }
          : t,
      ),
    );
    await expect(loadModel(dir)).rejects.toThrow(
      'tensor model.embed_tokens.weight has a non-finite value (-Infinity) at flat index 0',
    );
  });

  it('missing config.json is reported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realign-bad-'));
    await expect(loadModel(dir)).rejects.toThrow(ModelConfigError);
    await expect(loadModel(dir)).rejects.toThrow(`${join(dir, 'config.json')}: cannot read file`);
  });
});

describe('checkCompatible', () => {
  it('same architecture passes', async () => {
    await expect(
      checkCompatible(FIXTURES + 'llama-gqa', FIXTURES + 'llama-gqa-lora'),
    ).resolves.toBeUndefined();
  });

  it('different families list differences', async () => {
    const check = checkCompatible(FIXTURES + 'llama-gqa', FIXTURES + 'qwen2-tied');
    await expect(check).rejects.toThrow(IncompatibleModelsError);
    await expect(checkCompatible(FIXTURES + 'llama-gqa', FIXTURES + 'qwen2-tied')).rejects.toThrow(
      `architecture: ${FIXTURES}llama-gqa has "LlamaForCausalLM", ${FIXTURES}qwen2-tied has "Qwen2ForCausalLM"`,
    );
  });

  it('resized vocabulary is explained', async () => {
    const dir = await mutated(
      'llama-gqa',
      (ts) =>
        ts.map((t) =>
          t.name === 'model.embed_tokens.weight' || t.name === 'lm_head.weight'
            ? { ...t, shape: [65, 32], data: new Float32Array(65 * 32) }
            : t,
        ),
      { vocab_size: 65 },
    );
    const aligned = await loadModel(FIXTURES + 'llama-gqa', { numLayers: 1 });
    await expect(checkCompatible(aligned, dir)).rejects.toThrow(
      /vocabSize: .* has 64, .* has 65 \(fine-tuning resized the embeddings/,
    );
  });
});

describe('adapter validation', () => {
  it('adapter for another base is rejected', async () => {
    await expect(
      loadModel(FIXTURES + 'llama-gqa', { adapter: FIXTURES + 'qwen2-tied-lora' }),
    ).rejects.toThrow(AdapterError);
    await expect(
      loadModel(FIXTURES + 'llama-gqa', { adapter: FIXTURES + 'qwen2-tied-lora' }),
    ).rejects.toThrow(
      'model.layers.0.self_attn.k_proj: expected lora_A [4, 32] and lora_B [16, 4] for base weight [16, 32], found [4, 32] and [8, 4]',
    );
  });

  it('rank differing from r is rejected', async () => {
    const dir = await patchedAdapter('llama-gqa-lora', { r: 4 });
    await expect(loadModel(FIXTURES + 'llama-gqa', { adapter: dir })).rejects.toThrow(
      'model.layers.0.self_attn.q_proj: rank 2 (lora_A) / 2 (lora_B) differs from r = 4 in adapter_config.json',
    );
  });

  it('targets without factors are rejected', async () => {
    const dir = await patchedAdapter('llama-gqa-lora', {
      target_modules: ['q_proj', 'v_proj', 'down_proj', 'o_proj'],
    });
    await expect(loadModel(FIXTURES + 'llama-gqa', { adapter: dir })).rejects.toThrow(
      'target_modules selects 3 modules without LoRA factors (first: model.layers.0.self_attn.o_proj)',
    );
  });

  it('layers_to_transform narrows targets', async () => {
    const dir = await patchedAdapter('llama-gqa-lora', { layers_to_transform: [0, 2] });
    await expect(loadModel(FIXTURES + 'llama-gqa', { adapter: dir })).rejects.toThrow(
      /factors for model\.layers\.1\.[a-z_.]+, which target_modules .* does not select/,
    );
  });

  it('factors outside targets are rejected', async () => {
    const dir = await patchedAdapter('llama-gqa-lora', {
      target_modules: 'model\\.layers\\.\\d+\\.self_attn\\.q_proj',
    });
    await expect(loadModel(FIXTURES + 'llama-gqa', { adapter: dir })).rejects.toThrow(
      /factors for model\.layers\.\d\.(self_attn\.v_proj|mlp\.down_proj), which target_modules .* does not select/,
    );
  });

  it('unsupported options are rejected', async () => {
    const saveModules = await patchedAdapter('llama-gqa-lora', { modules_to_save: ['lm_head'] });
    await expect(loadModel(FIXTURES + 'llama-gqa', { adapter: saveModules })).rejects.toThrow(
      /field "modules_to_save": modules_to_save is not supported/,
    );
    const dora = await patchedAdapter('llama-gqa-lora', { use_dora: true });
    await expect(loadModel(FIXTURES + 'llama-gqa', { adapter: dora })).rejects.toThrow(
      /field "use_dora": DoRA adapters are not supported/,
    );
    const bias = await patchedAdapter('llama-gqa-lora', { bias: 'all' });
    await expect(loadModel(FIXTURES + 'llama-gqa', { adapter: bias })).rejects.toThrow(
      /field "bias": only bias "none"/,
    );
  });

  it('adapter folder without local base needs baseDir', async () => {
    const dir = await patchedAdapter('llama-gqa-lora', {
      base_model_name_or_path: 'meta-llama/Llama-3.2-1B',
    });
    await expect(loadModel(dir)).rejects.toThrow(
      /base_model_name_or_path "meta-llama\/Llama-3.2-1B" is not a local checkpoint folder; pass the base checkpoint folder as baseDir/,
    );
    const model = await loadModel(dir, { baseDir: FIXTURES + 'llama-gqa' });
    expect(model.source.adapterDir).toBe(dir);
  });
});
