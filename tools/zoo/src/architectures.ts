import { z } from 'zod';

/** Sizes of a zoo decoder. Head dimension is hiddenSize / numHeads. */
export const decoderSizeSchema = z.object({
  hiddenSize: z.number().int().positive().describe('residual stream width'),
  intermediateSize: z.number().int().positive().describe('MLP width'),
  numLayers: z.number().int().positive().describe('decoder layers'),
  numHeads: z.number().int().positive().describe('query heads'),
  numKvHeads: z
    .number()
    .int()
    .positive()
    .describe('key/value heads (grouped-query attention when fewer than numHeads)'),
  maxPositions: z.number().int().positive().describe('max_position_embeddings, in tokens'),
});
export type DecoderSize = z.infer<typeof decoderSizeSchema>;

export type ZooFamily = 'llama' | 'qwen2';

/** Token ids config.json and generation_config.json record; the tokenizer fixes them. */
export interface SpecialIds {
  bos: number;
  eos: number;
  pad: number;
}

/**
 * Builds a Hugging Face config.json for a small Llama or Qwen2 decoder. Qwen2 differs here by its q, k
 * and v biases (implied by model_type qwen2) and its sliding-window fields, which stay switched off.
 */
export function buildConfigJson(
  family: ZooFamily,
  size: DecoderSize,
  vocabSize: number,
  ids: SpecialIds,
): Record<string, unknown> {
  const common = {
    vocab_size: vocabSize,
    hidden_size: size.hiddenSize,
    intermediate_size: size.intermediateSize,
    num_hidden_layers: size.numLayers,
    num_attention_heads: size.numHeads,
    num_key_value_heads: size.numKvHeads,
    head_dim: size.hiddenSize / size.numHeads,
    max_position_embeddings: size.maxPositions,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    rope_scaling: null,
    hidden_act: 'silu',
    initializer_range: 0.02,
    tie_word_embeddings: true,
    attention_dropout: 0,
    bos_token_id: ids.bos,
    eos_token_id: ids.eos,
    pad_token_id: ids.pad,
    use_cache: true,
    torch_dtype: 'bfloat16',
    transformers_version: '4.46.0',
  };

  if (family === 'llama') {
    return {
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      ...common,
      attention_bias: false,
      mlp_bias: false,
      pretraining_tp: 1,
    };
  }
  return {
    architectures: ['Qwen2ForCausalLM'],
    model_type: 'qwen2',
    ...common,
    use_sliding_window: false,
    sliding_window: size.maxPositions,
    max_window_layers: size.numLayers,
  };
}

/** Builds generation_config.json: greedy decoding that stops at the end-of-turn token. */
export function buildGenerationConfig(ids: SpecialIds, maxNewTokens: number): Record<string, unknown> {
  return {
    bos_token_id: ids.bos,
    eos_token_id: ids.eos,
    pad_token_id: ids.pad,
    do_sample: false,
    max_new_tokens: maxNewTokens,
    transformers_version: '4.46.0',
  };
}
