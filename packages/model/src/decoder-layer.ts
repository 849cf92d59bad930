import {
  add,
  concat,
  gelu,
  matmul,
  mul,
  reshape,
  rmsNorm,
  rope,
  scale,
  silu,
  softmax,
  tanh,
  transpose,
  Tensor,
} from '@realign/tensor';
import type { TensorRole } from './architecture.ts';
import type { ModelConfig } from './config.ts';

/** The weights of one decoder layer by role; biases and Gemma 2 norms are absent when unused. */
export type LayerWeights = Partial<Record<TensorRole, Tensor>>;

/** Keys and values of earlier slots [B, kvHeads, pastLength, headDim], for generation. */
export interface LayerCache {
  keys: Tensor;
  values: Tensor;
}

export interface LayerInputs {
  config: ModelConfig;
  /** RoPE tables [B, T, headDim] for the T new slots. */
  cos: Tensor;
  sin: Tensor;
  /** Additive mask [B, 1, 1, T, pastLength + T]. */
  mask: Tensor;
  cache: LayerCache | null;
}

function required(weights: LayerWeights, role: TensorRole): Tensor {
  const tensor = weights[role];
  if (tensor === undefined) throw new Error(`decoder layer: weight "${role}" was not loaded`);
  return tensor;
}

/** y = x W^T + b for a PyTorch Linear weight W [out, in]. */
function linear(x: Tensor, weight: Tensor, bias: Tensor | undefined): Tensor {
  const y = matmul(x, weight, { transposeB: true });
  return bias === undefined ? y : add(y, bias);
}

/** Computes Gemma 2's soft-capping cap * tanh(x / cap), which limits each value to at most cap in magnitude. */
export function softcap(x: Tensor, cap: number): Tensor {
  return scale(tanh(scale(x, 1 / cap)), cap);
}

/** Splits [B, T, heads * D] into [B, heads, T, D]. */
function splitHeads(x: Tensor, heads: number, headDim: number): Tensor {
  const [batch, length] = x.shape;
  return transpose(reshape(x, [batch, length, heads, headDim]), [0, 2, 1, 3]);
}

/**
 * Grouped-query attention without repeating keys and values: the `group` query heads that share one
 * key/value head are stacked along the sequence axis, [B, kvHeads, group * T, D].
 */
function attention(
  x: Tensor,
  weights: LayerWeights,
  inputs: LayerInputs,
): { output: Tensor; cache: LayerCache } {
  const { config, cos, sin, mask } = inputs;
  const [batch, length] = x.shape;
  const { numHeads, numKvHeads, headDim } = config;
  const group = numHeads / numKvHeads;

  const q = rope(splitHeads(linear(x, required(weights, 'q'), weights.qBias), numHeads, headDim), cos, sin);
  let keys = rope(
    splitHeads(linear(x, required(weights, 'k'), weights.kBias), numKvHeads, headDim),
    cos,
    sin,
  );
  let values = splitHeads(linear(x, required(weights, 'v'), weights.vBias), numKvHeads, headDim);
  if (inputs.cache !== null) {
    keys = concat([inputs.cache.keys, keys], 2);
    values = concat([inputs.cache.values, values], 2);
  }
  const keyLength = keys.shape[2];

  let scores = scale(
    matmul(reshape(q, [batch, numKvHeads, group * length, headDim]), keys, { transposeB: true }),
    config.queryScale,
  );
  if (config.attnLogitSoftcap !== null) scores = softcap(scores, config.attnLogitSoftcap);
  const masked = add(reshape(scores, [batch, numKvHeads, group, length, keyLength]), mask);
  const probabilities = reshape(softmax(masked, -1), [batch, numKvHeads, group * length, keyLength]);

  const context = reshape(matmul(probabilities, values), [batch, numHeads, length, headDim]);
  const merged = reshape(transpose(context, [0, 2, 1, 3]), [batch, length, numHeads * headDim]);
  return { output: linear(merged, required(weights, 'o'), weights.oBias), cache: { keys, values } };
}

function mlp(x: Tensor, weights: LayerWeights, config: ModelConfig): Tensor {
  const gate = linear(x, required(weights, 'gate'), weights.gateBias);
  const activated = config.activation === 'silu' ? silu(gate) : gelu(gate);
  const up = linear(x, required(weights, 'up'), weights.upBias);
  return linear(mul(activated, up), required(weights, 'down'), weights.downBias);
}

/**
 * Runs one pre-norm decoder layer on the residual stream [B, T, H]. Gemma 2 also normalises the
 * attention and MLP outputs before adding them back. Returns the new residual stream and the keys
 * and values of all slots so far.
 */
export function decoderLayer(
  hidden: Tensor,
  weights: LayerWeights,
  inputs: LayerInputs,
): { hidden: Tensor; cache: LayerCache } {
  const { config } = inputs;
  const norm = (x: Tensor, role: TensorRole) =>
    rmsNorm(x, required(weights, role), config.rmsNormEps, { weightOffset: config.normWeightOffset });

  const attended = attention(norm(hidden, 'inputNorm'), weights, inputs);
  const attentionOut = config.sandwichNorms ? norm(attended.output, 'postAttentionNorm') : attended.output;
  const afterAttention = add(hidden, attentionOut);

  const mlpIn = norm(afterAttention, config.sandwichNorms ? 'preFeedforwardNorm' : 'postAttentionNorm');
  const mlpOut = mlp(mlpIn, weights, config);
  const output = add(afterAttention, config.sandwichNorms ? norm(mlpOut, 'postFeedforwardNorm') : mlpOut);
  return { hidden: output, cache: attended.cache };
}
