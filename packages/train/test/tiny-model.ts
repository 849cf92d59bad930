import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { writeInitialCheckpoint } from '../src/index.ts';

/** config.json of a 2-layer Llama with grouped-query attention, small enough for unit tests. */
export function tinyLlamaConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: 24,
    hidden_size: 16,
    intermediate_size: 32,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    max_position_embeddings: 64,
    rms_norm_eps: 1e-6,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
    eos_token_id: 2,
    ...overrides,
  };
}

/** Writes a seeded tiny checkpoint into a new temp folder and returns the folder. */
export async function writeTinyCheckpoint(
  seed: number,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'train-tiny-'));
  const dir = join(root, 'model');
  await writeInitialCheckpoint(dir, { configJson: tinyLlamaConfig(overrides), seed });
  return dir;
}

/** Toy chat set: prompt [1, x, 3] is answered by [x + 10, 2] for x = 4..11, and 2 is the end token. */
export function toyExamples(): { promptIds: number[]; responseIds: number[] }[] {
  return Array.from({ length: 8 }, (_, x) => ({ promptIds: [1, x + 4, 3], responseIds: [x + 14, 2] }));
}
