import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  gemma2ConfigSchema,
  gemmaConfigSchema,
  generationConfigSchema,
  llamaConfigSchema,
  mistralConfigSchema,
  qwen2ConfigSchema,
  type Dtype,
  type RopeScalingJson,
} from './config-schema.ts';
import { ModelConfigError } from './errors.ts';

export type Family = 'llama' | 'mistral' | 'qwen2' | 'gemma' | 'gemma2';

export type RopeScaling =
  | { type: 'linear'; factor: number }
  | {
      type: 'llama3';
      factor: number;
      lowFreqFactor: number;
      highFreqFactor: number;
      originalMaxPositionEmbeddings: number;
    };

/** Attention of one decoder layer: over all earlier tokens, or over the last `slidingWindow` tokens. */
export type LayerAttention = 'full' | 'sliding';

/** One internal description of a decoder, whatever family its config.json came from. */
export interface ModelConfig {
  family: Family;
  /** The Hugging Face class name from config.json `architectures`, e.g. 'LlamaForCausalLM'. */
  architecture: string;
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  maxPositionEmbeddings: number;
  rmsNormEps: number;
  ropeTheta: number;
  ropeScaling: RopeScaling | null;
  /** Bias vectors of the q, k, v and o projections: true where present. */
  attentionBias: { q: boolean; k: boolean; v: boolean; o: boolean };
  /** Whether gate, up and down projections carry a bias vector. */
  mlpBias: boolean;
  tieWordEmbeddings: boolean;
  /** MLP gate activation: SiLU (Llama, Mistral, Qwen2) or GELU with the tanh approximation (Gemma). */
  activation: 'silu' | 'gelu_tanh';
  /** Factor applied to token embeddings: sqrt(hiddenSize) for Gemma, 1 otherwise. */
  embeddingScale: number;
  /** RMSNorm multiplies by (offset + weight): 1 for Gemma, 0 otherwise. */
  normWeightOffset: 0 | 1;
  /** Attention scores are q.k * queryScale. */
  queryScale: number;
  /** Gemma 2: extra norms after attention and around the MLP. */
  sandwichNorms: boolean;
  attnLogitSoftcap: number | null;
  finalLogitSoftcap: number | null;
  slidingWindow: number | null;
  /** Per layer; 'sliding' only where slidingWindow is set. */
  layerAttention: LayerAttention[];
  /** Storage dtype from config.json (torch_dtype or dtype); computation is always fp32. */
  dtype: Dtype;
  /** eos_token_id of config.json as a list (may be empty). */
  eosTokenIds: number[];
}

export const SUPPORTED_ARCHITECTURES: Record<string, Family> = {
  LlamaForCausalLM: 'llama',
  MistralForCausalLM: 'mistral',
  Qwen2ForCausalLM: 'qwen2',
  GemmaForCausalLM: 'gemma',
  Gemma2ForCausalLM: 'gemma2',
};

/** Formats zod issues as `file: field "path": message (found value)` lines. */
export function formatIssues(file: string, error: z.ZodError, input: unknown): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.join('.');
    let found: unknown = input;
    for (const key of issue.path) {
      found =
        found !== null && typeof found === 'object'
          ? (found as Record<PropertyKey, unknown>)[key]
          : undefined;
    }
    let shown = ` (found ${JSON.stringify(found)})`;
    if (found === undefined) shown = issue.code === 'invalid_type' ? ' (missing)' : '';
    return `${file}: field "${path}": ${issue.message}${shown}`;
  });
  return lines.join('\n');
}

function parseWith<S extends z.ZodType>(schema: S, json: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) throw new ModelConfigError(formatIssues(file, result.error, json));
  return result.data;
}

function toRopeScaling(json: RopeScalingJson | null | undefined): RopeScaling | null {
  if (json === null || json === undefined || json.rope_type === 'default') return null;
  if (json.rope_type === 'linear') return { type: 'linear', factor: json.factor };
  return {
    type: 'llama3',
    factor: json.factor,
    lowFreqFactor: json.low_freq_factor,
    highFreqFactor: json.high_freq_factor,
    originalMaxPositionEmbeddings: json.original_max_position_embeddings,
  };
}

/**
 * Moves `rope_parameters` (the form transformers 5 writes: rope_theta and the scaling in one object)
 * into the rope_theta and rope_scaling fields the schemas read, so neither is silently defaulted.
 */
function withRopeParameters(json: unknown, file: string): unknown {
  const record = json as Record<string, unknown>;
  const parameters = record.rope_parameters;
  if (parameters === undefined || parameters === null) return json;
  if (typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new ModelConfigError(
      `${file}: field "rope_parameters" must be an object (found ${JSON.stringify(parameters)})`,
    );
  }
  const { rope_theta: theta, ...scaling } = parameters as Record<string, unknown>;
  return { ...record, rope_theta: theta ?? record.rope_theta, rope_scaling: scaling };
}

function familyOf(json: unknown, file: string): { family: Family; architecture: string } {
  const architectures = (json as { architectures?: unknown })?.architectures;
  const supported = Object.keys(SUPPORTED_ARCHITECTURES).join(', ');
  if (!Array.isArray(architectures) || architectures.length !== 1 || typeof architectures[0] !== 'string') {
    throw new ModelConfigError(
      `${file}: field "architectures" must list exactly one architecture (found ${JSON.stringify(architectures)}); supported: ${supported}`,
    );
  }
  const architecture = architectures[0];
  const family = SUPPORTED_ARCHITECTURES[architecture];
  if (family === undefined) {
    throw new ModelConfigError(
      `${file}: unsupported architecture "${architecture}"; supported: ${supported}`,
    );
  }
  return { family, architecture };
}

const SCHEMAS = {
  llama: llamaConfigSchema,
  mistral: mistralConfigSchema,
  qwen2: qwen2ConfigSchema,
  gemma: gemmaConfigSchema,
  gemma2: gemma2ConfigSchema,
} as const;

/** Parses the JSON of a config.json into a ModelConfig; `file` names it in error messages. */
export function parseModelConfig(json: unknown, file = 'config.json'): ModelConfig {
  const { family, architecture } = familyOf(json, file);
  const raw = parseWith(SCHEMAS[family], withRopeParameters(json, file), file) as z.infer<
    (typeof SCHEMAS)['gemma2']
  > &
    Partial<z.infer<typeof llamaConfigSchema>> &
    Partial<z.infer<typeof qwen2ConfigSchema>>;

  const numHeads = raw.num_attention_heads;
  const numKvHeads = raw.num_key_value_heads ?? numHeads;
  if (numHeads % numKvHeads !== 0) {
    throw new ModelConfigError(
      `${file}: num_attention_heads (${numHeads}) must be a multiple of num_key_value_heads (${numKvHeads})`,
    );
  }
  const headDim = raw.head_dim ?? raw.hidden_size / numHeads;
  if (!Number.isInteger(headDim)) {
    throw new ModelConfigError(
      `${file}: hidden_size (${raw.hidden_size}) is not divisible by num_attention_heads (${numHeads}) and head_dim is not set`,
    );
  }
  if (headDim % 2 !== 0)
    throw new ModelConfigError(`${file}: head_dim must be even for RoPE (found ${headDim})`);

  const isGemma = family === 'gemma' || family === 'gemma2';
  const qkvBias = family === 'qwen2' || (raw.attention_bias ?? false);
  const eos = raw.eos_token_id ?? [];
  return {
    family,
    architecture,
    vocabSize: raw.vocab_size,
    hiddenSize: raw.hidden_size,
    intermediateSize: raw.intermediate_size,
    numLayers: raw.num_hidden_layers,
    numHeads,
    numKvHeads,
    headDim,
    maxPositionEmbeddings: raw.max_position_embeddings,
    rmsNormEps: raw.rms_norm_eps,
    ropeTheta: raw.rope_theta,
    ropeScaling: toRopeScaling(raw.rope_scaling),
    attentionBias: {
      q: qkvBias,
      k: qkvBias,
      v: qkvBias,
      o: family !== 'qwen2' && (raw.attention_bias ?? false),
    },
    mlpBias: raw.mlp_bias ?? false,
    tieWordEmbeddings: raw.tie_word_embeddings,
    activation: isGemma ? 'gelu_tanh' : 'silu',
    embeddingScale: isGemma ? Math.sqrt(raw.hidden_size) : 1,
    normWeightOffset: isGemma ? 1 : 0,
    queryScale: family === 'gemma2' ? raw.query_pre_attn_scalar ** -0.5 : headDim ** -0.5,
    sandwichNorms: family === 'gemma2',
    attnLogitSoftcap: family === 'gemma2' ? (raw.attn_logit_softcapping ?? null) : null,
    finalLogitSoftcap: family === 'gemma2' ? (raw.final_logit_softcapping ?? null) : null,
    ...slidingWindowOf(family, raw),
    dtype: raw.torch_dtype ?? raw.dtype ?? 'float32',
    eosTokenIds: Array.isArray(eos) ? eos : [eos],
  };
}

/**
 * Marks the layers that attend over a sliding window. Mistral with `sliding_window` uses it in every
 * layer. Qwen2 with use_sliding_window uses it from layer max_window_layers on. Gemma 2 uses it in the
 * even-indexed layers.
 */
function slidingWindowOf(
  family: Family,
  raw: {
    num_hidden_layers: number;
    sliding_window?: number | null;
    use_sliding_window?: boolean;
    max_window_layers?: number;
  },
): { slidingWindow: number | null; layerAttention: LayerAttention[] } {
  const window = raw.sliding_window ?? null;
  const layers = Array.from({ length: raw.num_hidden_layers }, (_, i) => i);
  const pick = (isSliding: (layer: number) => boolean) => ({
    slidingWindow: window,
    layerAttention: layers.map((i): LayerAttention => (window !== null && isSliding(i) ? 'sliding' : 'full')),
  });
  if (family === 'mistral') return pick(() => true);
  if (family === 'qwen2')
    return pick((i) => raw.use_sliding_window === true && i >= (raw.max_window_layers ?? 0));
  if (family === 'gemma2') return pick((i) => i % 2 === 0);
  return { slidingWindow: null, layerAttention: layers.map(() => 'full') };
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelConfigError(`${path}: cannot read file (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelConfigError(`${path}: invalid JSON (${(error as Error).message})`);
  }
}

/** Reads and parses `dir/config.json`. */
export async function loadModelConfig(dir: string): Promise<ModelConfig> {
  const path = join(dir, 'config.json');
  return parseModelConfig(await readJson(path), path);
}

/**
 * Returns the stop tokens of a checkpoint: eos_token_id of generation_config.json when the file
 * exists (a number or a list), else that of config.json.
 */
export async function loadStopTokenIds(dir: string, config: ModelConfig): Promise<number[]> {
  const path = join(dir, 'generation_config.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [...config.eosTokenIds];
    throw new ModelConfigError(`${path}: cannot read or parse file (${(error as Error).message})`);
  }
  const parsed = parseWith(generationConfigSchema, json, path);
  const eos = parsed.eos_token_id;
  if (eos === null || eos === undefined) return [...config.eosTokenIds];
  return Array.isArray(eos) ? eos : [eos];
}

export { readJson };
