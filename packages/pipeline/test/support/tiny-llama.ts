/** A seeded random Llama checkpoint folder (3 layers, hidden size 32) and a character tokenizer for tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCheckpoint } from '@realign/checkpoint';
import { expectedTensors, parseModelConfig, type ChatTokenizer } from '@realign/model';
import { Rng } from '@realign/tensor';

export const TINY_LLAMA_CONFIG = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  vocab_size: 64,
  hidden_size: 32,
  intermediate_size: 48,
  num_hidden_layers: 3,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  max_position_embeddings: 128,
  rms_norm_eps: 1e-5,
  tie_word_embeddings: false,
  torch_dtype: 'float32',
};

/**
 * Writes config.json and model.safetensors with normal(0, 0.2) weights (norm weights 1 + noise).
 * `perturbFrom` adds noise of standard deviation `perturbStd` to those weights instead.
 */
export async function writeTinyLlama(
  dir: string,
  seed: number,
  perturbFrom?: Map<string, Float32Array>,
  perturbStd = 0.05,
): Promise<Map<string, Float32Array>> {
  const config = parseModelConfig(TINY_LLAMA_CONFIG);
  const rng = new Rng(seed);
  const tensors = new Map<string, Float32Array>();
  for (const spec of expectedTensors(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const base = perturbFrom?.get(spec.name);
    const isNorm = spec.role.toLowerCase().includes('norm');
    tensors.set(
      spec.name,
      Float32Array.from({ length: size }, (_, i) =>
        base !== undefined ? base[i] + rng.normal() * perturbStd : (isNorm ? 1 : 0) + rng.normal() * 0.2,
      ),
    );
  }

  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(TINY_LLAMA_CONFIG));
  const shapes = new Map(expectedTensors(config).map((spec) => [spec.name, spec.shape]));
  await writeCheckpoint(
    dir,
    [...tensors].map(([name, data]) => ({ name, shape: shapes.get(name)!, data })),
    { dtype: 'F32' },
  );
  return tensors;
}

/** Maps each character to (code mod 60) + 4 inside a fixed chat frame; ids 1-3 frame the turn. */
export const characterTokenizer: ChatTokenizer = {
  encode: (text) => Array.from(text, (char) => (char.charCodeAt(0) % 60) + 4),
  decode: (ids) => ids.map((id) => String.fromCharCode(id + 60)).join(''),
  renderChat: (messages, options) => [
    1,
    ...messages.flatMap((message) => [
      2,
      ...Array.from(message.content, (char) => (char.charCodeAt(0) % 60) + 4),
    ]),
    ...(options.addGenerationPrompt ? [3] : []),
  ],
  renderChatText: (messages) => messages.map((message) => message.content).join('\n'),
  chatTemplate: '<s>{% for m in messages %}<u>{{ m.content }}{% endfor %}<a>',
  eosTokenIds: [0],
  padTokenId: null,
  bosTokenId: 1,
  vocabSize: 64,
};
