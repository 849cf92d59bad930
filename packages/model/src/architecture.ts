import type { Family, ModelConfig } from './config.ts';

/**
 * Architecture as data: the tensors of each family, as Hugging Face names them, with the layer
 * index written as `{i}` and the shape as a function of the config.
 */
export type TensorRole =
  | 'embedding'
  | 'finalNorm'
  | 'lmHead'
  | 'inputNorm'
  | 'postAttentionNorm'
  | 'preFeedforwardNorm'
  | 'postFeedforwardNorm'
  | 'q'
  | 'k'
  | 'v'
  | 'o'
  | 'qBias'
  | 'kBias'
  | 'vBias'
  | 'oBias'
  | 'gate'
  | 'up'
  | 'down'
  | 'gateBias'
  | 'upBias'
  | 'downBias';

interface TensorTemplate {
  role: TensorRole;
  template: string;
  shape: (c: ModelConfig) => number[];
  /** Whether the tensor exists for this config (biases, untied LM head, Gemma 2 norms). */
  present?: (c: ModelConfig) => boolean;
}

const q = (c: ModelConfig) => c.numHeads * c.headDim;
const kv = (c: ModelConfig) => c.numKvHeads * c.headDim;

const GLOBAL_TENSORS: TensorTemplate[] = [
  { role: 'embedding', template: 'model.embed_tokens.weight', shape: (c) => [c.vocabSize, c.hiddenSize] },
  { role: 'finalNorm', template: 'model.norm.weight', shape: (c) => [c.hiddenSize] },
  {
    role: 'lmHead',
    template: 'lm_head.weight',
    shape: (c) => [c.vocabSize, c.hiddenSize],
    present: (c) => !c.tieWordEmbeddings,
  },
];

const LAYER_TENSORS: TensorTemplate[] = [
  { role: 'inputNorm', template: 'model.layers.{i}.input_layernorm.weight', shape: (c) => [c.hiddenSize] },
  { role: 'q', template: 'model.layers.{i}.self_attn.q_proj.weight', shape: (c) => [q(c), c.hiddenSize] },
  { role: 'k', template: 'model.layers.{i}.self_attn.k_proj.weight', shape: (c) => [kv(c), c.hiddenSize] },
  { role: 'v', template: 'model.layers.{i}.self_attn.v_proj.weight', shape: (c) => [kv(c), c.hiddenSize] },
  { role: 'o', template: 'model.layers.{i}.self_attn.o_proj.weight', shape: (c) => [c.hiddenSize, q(c)] },
  {
    role: 'qBias',
    template: 'model.layers.{i}.self_attn.q_proj.bias',
    shape: (c) => [q(c)],
    present: (c) => c.attentionBias.q,
  },
  {
    role: 'kBias',
    template: 'model.layers.{i}.self_attn.k_proj.bias',
    shape: (c) => [kv(c)],
    present: (c) => c.attentionBias.k,
  },
  {
    role: 'vBias',
    template: 'model.layers.{i}.self_attn.v_proj.bias',
    shape: (c) => [kv(c)],
    present: (c) => c.attentionBias.v,
  },
  {
    role: 'oBias',
    template: 'model.layers.{i}.self_attn.o_proj.bias',
    shape: (c) => [c.hiddenSize],
    present: (c) => c.attentionBias.o,
  },
  {
    role: 'postAttentionNorm',
    template: 'model.layers.{i}.post_attention_layernorm.weight',
    shape: (c) => [c.hiddenSize],
  },
  {
    role: 'preFeedforwardNorm',
    template: 'model.layers.{i}.pre_feedforward_layernorm.weight',
    shape: (c) => [c.hiddenSize],
    present: (c) => c.sandwichNorms,
  },
  {
    role: 'postFeedforwardNorm',
    template: 'model.layers.{i}.post_feedforward_layernorm.weight',
    shape: (c) => [c.hiddenSize],
    present: (c) => c.sandwichNorms,
  },
  {
    role: 'gate',
    template: 'model.layers.{i}.mlp.gate_proj.weight',
    shape: (c) => [c.intermediateSize, c.hiddenSize],
  },
  {
    role: 'up',
    template: 'model.layers.{i}.mlp.up_proj.weight',
    shape: (c) => [c.intermediateSize, c.hiddenSize],
  },
  {
    role: 'down',
    template: 'model.layers.{i}.mlp.down_proj.weight',
    shape: (c) => [c.hiddenSize, c.intermediateSize],
  },
  {
    role: 'gateBias',
    template: 'model.layers.{i}.mlp.gate_proj.bias',
    shape: (c) => [c.intermediateSize],
    present: (c) => c.mlpBias,
  },
  {
    role: 'upBias',
    template: 'model.layers.{i}.mlp.up_proj.bias',
    shape: (c) => [c.intermediateSize],
    present: (c) => c.mlpBias,
  },
  {
    role: 'downBias',
    template: 'model.layers.{i}.mlp.down_proj.bias',
    shape: (c) => [c.hiddenSize],
    present: (c) => c.mlpBias,
  },
];

/**
 * Tensors a checkpoint may carry that are not weights: the RoPE inverse-frequency buffers that
 * transformers before 4.31 saved with Llama checkpoints. They are recomputed from the config.
 */
const IGNORED_PATTERNS = [/^model\.layers\.\d+\.self_attn\.rotary_emb\.inv_freq$/];

/** All five families share one table; the config switches the optional tensors on and off. */
const TABLES: Record<Family, { global: TensorTemplate[]; layer: TensorTemplate[] }> = {
  llama: { global: GLOBAL_TENSORS, layer: LAYER_TENSORS },
  mistral: { global: GLOBAL_TENSORS, layer: LAYER_TENSORS },
  qwen2: { global: GLOBAL_TENSORS, layer: LAYER_TENSORS },
  gemma: { global: GLOBAL_TENSORS, layer: LAYER_TENSORS },
  gemma2: { global: GLOBAL_TENSORS, layer: LAYER_TENSORS },
};

export interface TensorSpec {
  name: string;
  role: TensorRole;
  /** Decoder layer index; null for embedding, final norm and LM head. */
  layer: number | null;
  shape: number[];
}

export function layerTensorName(template: string, layer: number): string {
  return template.replace('{i}', String(layer));
}

/** Lists every tensor a full checkpoint of this config contains, in a stable order. */
export function expectedTensors(config: ModelConfig): TensorSpec[] {
  const table = TABLES[config.family];
  const specs: TensorSpec[] = [];
  const add = (t: TensorTemplate, layer: number | null) => {
    if (t.present && !t.present(config)) return;
    const name = layer === null ? t.template : layerTensorName(t.template, layer);
    specs.push({ name, role: t.role, layer, shape: t.shape(config) });
  };

  table.global.filter((t) => t.role === 'embedding').forEach((t) => add(t, null));
  for (let layer = 0; layer < config.numLayers; layer++) table.layer.forEach((t) => add(t, layer));
  table.global.filter((t) => t.role !== 'embedding').forEach((t) => add(t, null));
  return specs;
}

/**
 * Lists the tensors a model truncated to its first `numLayers` layers needs: the embedding and those
 * layers (no final norm, no LM head). With numLayers = config.numLayers, every tensor.
 */
export function neededTensors(config: ModelConfig, numLayers: number): TensorSpec[] {
  if (numLayers === config.numLayers) return expectedTensors(config);
  return expectedTensors(config).filter(
    (t) => t.role === 'embedding' || (t.layer !== null && t.layer < numLayers),
  );
}

export function isIgnoredTensor(name: string): boolean {
  return IGNORED_PATTERNS.some((pattern) => pattern.test(name));
}

/** Returns whether a tensor role is a norm weight, which realign never restores. */
export function isNormRole(role: TensorRole): boolean {
  return role.endsWith('Norm');
}
