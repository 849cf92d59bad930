/**
 * One Llama decoder layer built from @realign/tensor ops: RMSNorm, grouped-query attention with
 * RoPE and a causal softmax, and a SiLU-gated MLP. pytorch_reference.py computes the same layer.
 */
import {
  add,
  matmul,
  mul,
  reshape,
  rmsNorm,
  rope,
  Rng,
  scale,
  silu,
  softmax,
  Tensor,
  transpose,
} from '@realign/tensor';

/** The ops the layer uses; profile.ts passes timed wrappers of them. */
export const LAYER_OPS = { add, matmul, mul, reshape, rmsNorm, rope, scale, silu, softmax, transpose };
export type LayerOps = typeof LAYER_OPS;

export interface LayerConfig {
  batch: number;
  seq: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  eps: number;
}

/** SmolLM-135M's layer geometry at batch 8 and sequence length 64. */
export const BENCH_LAYER: LayerConfig = {
  batch: 8,
  seq: 64,
  hidden: 576,
  heads: 9,
  kvHeads: 3,
  headDim: 64,
  intermediate: 1536,
  eps: 1e-5,
};

/** Weights in PyTorch layout: projections are [out, in], norms are [hidden]. */
export interface LayerWeights {
  inputNorm: Tensor;
  qProj: Tensor;
  kProj: Tensor;
  vProj: Tensor;
  oProj: Tensor;
  postNorm: Tensor;
  gateProj: Tensor;
  upProj: Tensor;
  downProj: Tensor;
}

export interface LayerInputs {
  weights: LayerWeights;
  /** Residual stream entering the layer, [batch, seq, hidden]. */
  x: Tensor;
  /** RoPE tables, [batch, seq, headDim]. */
  cos: Tensor;
  sin: Tensor;
  /** Additive causal mask, [seq, seq]: 0 on and below the diagonal, -Infinity above. */
  mask: Tensor;
  /** Gradient fed to backward for the layer output, [batch, seq, hidden]. */
  outputGrad: Float32Array;
}

/** Creates seeded weights and inputs; everything but the RoPE tables and the mask requires grad. */
export function createLayerInputs(config: LayerConfig, seed: number): LayerInputs {
  const rng = new Rng(seed);
  const { hidden, intermediate } = config;
  const kvWidth = config.kvHeads * config.headDim;
  const param = (shape: number[], std: number) => Tensor.randn(shape, rng, std, { requiresGrad: true });
  const norm = () => {
    const weight = Tensor.randn([hidden], rng, 0.1, { requiresGrad: true });
    weight.data.forEach((value, i) => (weight.data[i] = 1 + value));
    return weight;
  };
  const weights: LayerWeights = {
    inputNorm: norm(),
    qProj: param([hidden, hidden], 0.04),
    kProj: param([kvWidth, hidden], 0.04),
    vProj: param([kvWidth, hidden], 0.04),
    oProj: param([hidden, hidden], 0.04),
    postNorm: norm(),
    gateProj: param([intermediate, hidden], 0.04),
    upProj: param([intermediate, hidden], 0.04),
    downProj: param([hidden, intermediate], 0.025),
  };
  const x = Tensor.randn([config.batch, config.seq, hidden], rng, 1, { requiresGrad: true });
  const outputGrad = Tensor.randn([config.batch, config.seq, hidden], rng, 1).data;
  return { weights, x, ...ropeTables(config), mask: causalMask(config.seq), outputGrad };
}

/** Llama RoPE tables (base 10000) for positions 0..seq-1, repeated for every batch entry. */
function ropeTables(config: LayerConfig): { cos: Tensor; sin: Tensor } {
  const { batch, seq, headDim } = config;
  const half = headDim / 2;
  const cos = new Float32Array(batch * seq * headDim);
  const sin = new Float32Array(batch * seq * headDim);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < seq; t++) {
      for (let i = 0; i < headDim; i++) {
        const angle = t / 10000 ** ((2 * (i % half)) / headDim);
        cos[(b * seq + t) * headDim + i] = Math.cos(angle);
        sin[(b * seq + t) * headDim + i] = Math.sin(angle);
      }
    }
  }
  return { cos: new Tensor(cos, [batch, seq, headDim]), sin: new Tensor(sin, [batch, seq, headDim]) };
}

function causalMask(seq: number): Tensor {
  const mask = new Float32Array(seq * seq);
  for (let query = 0; query < seq; query++) {
    for (let key = query + 1; key < seq; key++) mask[query * seq + key] = Number.NEGATIVE_INFINITY;
  }
  return new Tensor(mask, [seq, seq]);
}

/** Returns x @ W^T for a PyTorch Linear weight W [out, in]. */
function linear(ops: LayerOps, x: Tensor, weight: Tensor): Tensor {
  return ops.matmul(x, weight, { transposeB: true });
}

/** Splits [batch, seq, heads * headDim] into [batch, heads, seq, headDim]. */
function splitHeads(ops: LayerOps, x: Tensor, heads: number, config: LayerConfig): Tensor {
  return ops.transpose(ops.reshape(x, [config.batch, config.seq, heads, config.headDim]), [0, 2, 1, 3]);
}

/**
 * Causal grouped-query attention. Query heads that share a key/value head are stacked along the
 * sequence axis ([batch, kvHeads, group * seq, headDim]), so keys and values are never repeated.
 */
function attention(
  ops: LayerOps,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  mask: Tensor,
  config: LayerConfig,
): Tensor {
  const { batch, seq, heads, kvHeads, headDim } = config;
  const group = heads / kvHeads;

  const stackedQueries = ops.reshape(q, [batch, kvHeads, group * seq, headDim]);
  const scores = ops.scale(ops.matmul(stackedQueries, k, { transposeB: true }), 1 / Math.sqrt(headDim));
  const masked = ops.add(ops.reshape(scores, [batch, heads, seq, seq]), mask);
  const probabilities = ops.reshape(ops.softmax(masked, -1), [batch, kvHeads, group * seq, seq]);
  const context = ops.reshape(ops.matmul(probabilities, v), [batch, heads, seq, headDim]);

  return ops.reshape(ops.transpose(context, [0, 2, 1, 3]), [batch, seq, heads * headDim]);
}

/** Returns the layer output [batch, seq, hidden] for the residual stream x. */
export function decoderLayer(inputs: LayerInputs, config: LayerConfig, ops: LayerOps = LAYER_OPS): Tensor {
  const { weights, x, cos, sin, mask } = inputs;

  const normed = ops.rmsNorm(x, weights.inputNorm, config.eps);
  const q = ops.rope(splitHeads(ops, linear(ops, normed, weights.qProj), config.heads, config), cos, sin);
  const k = ops.rope(splitHeads(ops, linear(ops, normed, weights.kProj), config.kvHeads, config), cos, sin);
  const v = splitHeads(ops, linear(ops, normed, weights.vProj), config.kvHeads, config);
  const afterAttention = ops.add(x, linear(ops, attention(ops, q, k, v, mask, config), weights.oProj));

  const normedAgain = ops.rmsNorm(afterAttention, weights.postNorm, config.eps);
  const gate = ops.silu(linear(ops, normedAgain, weights.gateProj));
  const gated = ops.mul(gate, linear(ops, normedAgain, weights.upProj));
  return ops.add(afterAttention, linear(ops, gated, weights.downProj));
}

/** Maps pytorch_reference.py's file names to the parameters. */
export function namedWeights(weights: LayerWeights): Record<string, Tensor> {
  return {
    input_norm: weights.inputNorm,
    q_proj: weights.qProj,
    k_proj: weights.kProj,
    v_proj: weights.vProj,
    o_proj: weights.oProj,
    post_norm: weights.postNorm,
    gate_proj: weights.gateProj,
    up_proj: weights.upProj,
    down_proj: weights.downProj,
  };
}
