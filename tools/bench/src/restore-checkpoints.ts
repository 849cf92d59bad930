/**
 * The aligned / fine-tuned checkpoint pairs the restore-step benchmark runs on: the shipped zoo
 * pair, and a seeded random-weight Llama pair of a realistic small size written to a temp folder.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCheckpoint } from '@realign/checkpoint';
import { expectedTensors, parseModelConfig } from '@realign/model';
import { Rng } from '@realign/tensor';
import { initParameters } from '@realign/train';
import { zooModel } from '@realign/zoo';

export interface CheckpointPair {
  readonly label: string;
  readonly alignedDir: string;
  readonly finetunedDir: string;
}

/** Returns the zoo's aligned Llama and its full fine-tune on toxicity data with 200 harmful examples. */
export function zooPair(): CheckpointPair {
  return {
    label: 'zoo llama (4 layers, hidden 128)',
    alignedDir: zooModel('zoo-llama-aligned').path,
    finetunedDir: zooModel('zoo-llama-toxicity-h200-full').path,
  };
}

/** The zoo tokenizer's vocabulary; the random pair uses it so the zoo's tokenizer files fit. */
const ZOO_VOCAB_SIZE = 2048;

/**
 * config.json of a Llama with SmolLM-135M's layer shape (hidden 576, 9 query heads, 3 KV heads,
 * intermediate 1536), the zoo tokenizer's vocabulary and `layers` decoder layers, stored in fp32.
 */
export function smolLlamaConfig(layers: number): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: ZOO_VOCAB_SIZE,
    hidden_size: 576,
    intermediate_size: 1536,
    num_hidden_layers: layers,
    num_attention_heads: 9,
    num_key_value_heads: 3,
    head_dim: 64,
    max_position_embeddings: 2048,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    rope_scaling: null,
    hidden_act: 'silu',
    tie_word_embeddings: true,
    attention_bias: false,
    mlp_bias: false,
    bos_token_id: 1,
    eos_token_id: 5,
    pad_token_id: 0,
    torch_dtype: 'float32',
  };
}

export interface RandomPairOptions {
  readonly layers: number;
  readonly seed: number;
  /** Standard deviation of the noise the fine-tuned copy adds to every aligned weight. */
  readonly noiseStd: number;
}

/**
 * Writes `dir/aligned` (weights ~ N(0, 0.02^2), norm weights 1) and `dir/finetuned` (the same
 * plus N(0, noiseStd^2) noise on every tensor), each with the zoo's tokenizer files.
 */
export async function writeRandomLlamaPair(dir: string, options: RandomPairOptions): Promise<CheckpointPair> {
  const configJson = smolLlamaConfig(options.layers);
  const config = parseModelConfig(configJson);
  const shapes = new Map(expectedTensors(config).map((spec) => [spec.name, spec.shape]));
  const weights = initParameters(config, options.seed);
  const alignedDir = join(dir, 'aligned');
  const finetunedDir = join(dir, 'finetuned');

  await writeFolder(alignedDir, configJson, shapes, weights);

  const rng = new Rng(options.seed + 1);
  for (const data of weights.values()) {
    for (let i = 0; i < data.length; i++) data[i] += rng.normal() * options.noiseStd;
  }
  await writeFolder(finetunedDir, configJson, shapes, weights);

  const label = `random llama (${options.layers} layers, hidden 576)`;
  return { label, alignedDir, finetunedDir };
}

async function writeFolder(
  dir: string,
  configJson: Record<string, unknown>,
  shapes: ReadonlyMap<string, readonly number[]>,
  weights: ReadonlyMap<string, Float32Array>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), `${JSON.stringify(configJson, null, 2)}\n`);

  const zooDir = zooModel('zoo-llama-aligned').path;
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'generation_config.json']) {
    await copyFile(join(zooDir, file), join(dir, file));
  }

  const tensors = [...weights].map(([name, data]) => ({ name, shape: [...shapes.get(name)!], data }));
  await writeCheckpoint(dir, tensors, { dtype: 'F32' });
}
