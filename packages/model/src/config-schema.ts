import { z } from 'zod';

/**
 * zod schemas for the config.json of each supported Hugging Face architecture. Defaults follow the
 * config classes of Hugging Face transformers (4.4x) for fields a config.json may leave out; the
 * sizes that fix tensor shapes are required.
 */

export const SUPPORTED_DTYPES = ['float32', 'float16', 'bfloat16'] as const;
export type Dtype = (typeof SUPPORTED_DTYPES)[number];

const positiveInt = z.number().int().positive();

/** rope_scaling: `rope_type` (current transformers) or `type` (older configs) picks the formula. */
const llama3RopeScaling = z.object({
  rope_type: z.literal('llama3'),
  factor: z.number().positive(),
  low_freq_factor: z.number().positive(),
  high_freq_factor: z.number().positive(),
  original_max_position_embeddings: positiveInt,
});
const linearRopeScaling = z.object({ rope_type: z.literal('linear'), factor: z.number().positive() });
const defaultRopeScaling = z.object({ rope_type: z.literal('default') });

export const SUPPORTED_ROPE_TYPES = ['default', 'linear', 'llama3'] as const;

export const ropeScalingSchema = z.preprocess(
  (value) => {
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    return { ...record, rope_type: record.rope_type ?? record.type };
  },
  z.discriminatedUnion('rope_type', [llama3RopeScaling, linearRopeScaling, defaultRopeScaling], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `unsupported rope_scaling type ${JSON.stringify((issue.input as { rope_type?: unknown }).rope_type)}; supported: ${SUPPORTED_ROPE_TYPES.join(', ')}`
        : undefined,
  }),
);
export type RopeScalingJson = z.infer<typeof ropeScalingSchema>;

const commonFields = {
  vocab_size: positiveInt,
  hidden_size: positiveInt,
  intermediate_size: positiveInt,
  num_hidden_layers: positiveInt,
  num_attention_heads: positiveInt,
  num_key_value_heads: positiveInt.nullish(),
  head_dim: positiveInt.nullish(),
  max_position_embeddings: positiveInt.default(2048),
  rms_norm_eps: z.number().positive().default(1e-6),
  rope_theta: z.number().positive().default(10000),
  rope_scaling: ropeScalingSchema.nullish(),
  tie_word_embeddings: z.boolean().default(false),
  torch_dtype: z.enum(SUPPORTED_DTYPES).nullish(),
  dtype: z.enum(SUPPORTED_DTYPES).nullish(),
  eos_token_id: z.union([z.number().int(), z.array(z.number().int())]).nullish(),
};

export const llamaConfigSchema = z.object({
  ...commonFields,
  hidden_act: z.enum(['silu']).default('silu'),
  rms_norm_eps: z.number().positive().default(1e-6),
  attention_bias: z.boolean().default(false),
  mlp_bias: z.boolean().default(false),
  pretraining_tp: z.literal(1, { error: 'pretraining_tp other than 1 is not supported' }).default(1),
});

export const mistralConfigSchema = z.object({
  ...commonFields,
  hidden_act: z.enum(['silu']).default('silu'),
  sliding_window: positiveInt.nullish(),
});

export const qwen2ConfigSchema = z.object({
  ...commonFields,
  hidden_act: z.enum(['silu']).default('silu'),
  use_sliding_window: z.boolean().default(false),
  sliding_window: positiveInt.nullish(),
  max_window_layers: z.number().int().nonnegative().default(28),
});

/**
 * Gemma configs written before transformers 4.38.2 carry only `hidden_act: "gelu"`, which
 * transformers treats as the tanh approximation; `hidden_activation` wins when present.
 */
const gemmaActivationFields = {
  hidden_act: z.enum(['gelu', 'gelu_pytorch_tanh']).nullish(),
  hidden_activation: z.enum(['gelu_pytorch_tanh']).nullish(),
};

export const gemmaConfigSchema = z.object({
  ...commonFields,
  ...gemmaActivationFields,
  head_dim: positiveInt.default(256),
  tie_word_embeddings: z.boolean().default(true),
  attention_bias: z.boolean().default(false),
});

export const gemma2ConfigSchema = z.object({
  ...commonFields,
  ...gemmaActivationFields,
  head_dim: positiveInt.default(256),
  tie_word_embeddings: z.boolean().default(true),
  attention_bias: z.boolean().default(false),
  query_pre_attn_scalar: z.number().positive().default(256),
  sliding_window: positiveInt.nullish().default(4096),
  attn_logit_softcapping: z.number().positive().nullish().default(50),
  final_logit_softcapping: z.number().positive().nullish().default(30),
});

/** generation_config.json: only the stop tokens matter here. */
export const generationConfigSchema = z.object({
  eos_token_id: z.union([z.number().int(), z.array(z.number().int())]).nullish(),
  pad_token_id: z.number().int().nullish(),
  bos_token_id: z.number().int().nullish(),
});
