import { embedding, matmul, reshape, rmsNorm, scale, slice, type Tensor } from '@realign/tensor';
import { expectedTensors, type TensorRole } from './architecture.ts';
import { attentionMask, padLeft, type PaddedBatch } from './batch.ts';
import type { ModelConfig } from './config.ts';
import { generateGreedy, type GenerateOptions, type GenerateResult } from './generate.ts';
import { decoderLayer, softcap, type LayerCache, type LayerWeights } from './decoder-layer.ts';
import { ropeInverseFrequencies, ropeTables } from './rope.ts';

export interface ForwardOptions {
  /**
   * Layer counts L whose residual stream to return: the state after the first L decoder layers,
   * before any final norm (0 is the scaled embedding). Like Hugging Face hidden_states[L] for
   * L < numLayers; for L = numLayers Hugging Face applies the final norm and this does not.
   */
  hiddenStateLayers?: readonly number[];
  /** Whether to compute logits. Default: true for a full model; a truncated model has no LM head. */
  logits?: boolean;
}

export interface ForwardOutput {
  /** [B, T, V], or null when not requested. Slot t of sequence b contains its token t - padding[b]. */
  logits: Tensor | null;
  /** Layer count to residual stream [B, T, H], for each requested layer. */
  hiddenStates: Map<number, Tensor>;
  /** Left padding of each sequence: its tokens occupy slots padding[b]..T-1. */
  padding: number[];
}

export interface ModelSource {
  baseDir: string;
  adapterDir: string | null;
}

/** Per-layer keys and values of a generation in progress. */
export type KvCache = LayerCache[];

/**
 * A decoder loaded from a Hugging Face checkpoint, possibly truncated to its first `numLayers`
 * layers. Parameters are fp32 Tensors keyed by their Hugging Face names.
 *
 * Batches are lists of token id sequences of any lengths. They are padded on the LEFT, so the last
 * real token of every sequence is at slot T - 1. RoPE positions count from each sequence's first real
 * token, and no real token attends to padding. So each sequence gets the results it gets alone: bit
 * for bit with the js engine, and within fp32 rounding with onnxruntime, whose kernels depend on shape.
 */
export class DecoderModel {
  /** Number of decoder layers loaded (config.numLayers unless truncated). */
  readonly numLayers: number;
  private readonly layers: LayerWeights[];
  private readonly inverseFrequencies: Float64Array;
  private readonly globalNames = new Map<TensorRole, string>();

  constructor(
    readonly config: ModelConfig,
    readonly parameters: Map<string, Tensor>,
    numLayers: number,
    /** Stop tokens from generation_config.json (else config.json eos_token_id). */
    readonly stopTokenIds: number[],
    /** Checkpoint folder of the base weights, and the LoRA adapter merged into them (if any). */
    readonly source: ModelSource,
  ) {
    this.numLayers = numLayers;
    this.layers = Array.from({ length: numLayers }, () => ({}));
    for (const spec of expectedTensors(config)) {
      const tensor = parameters.get(spec.name);
      if (spec.layer === null) this.globalNames.set(spec.role, spec.name);
      else if (spec.layer < numLayers && tensor !== undefined) this.layers[spec.layer][spec.role] = tensor;
    }
    this.inverseFrequencies = ropeInverseFrequencies(config);
  }

  /** Whether the model stops before the last layer (no final norm, no LM head). */
  get isTruncated(): boolean {
    return this.numLayers < this.config.numLayers;
  }

  private global(role: TensorRole): Tensor {
    const name = this.globalNames.get(role);
    const tensor = name === undefined ? undefined : this.parameters.get(name);
    if (tensor === undefined) throw new Error(`model: ${role} weight is not loaded (truncated model?)`);
    return tensor;
  }

  /** Runs the decoder on a batch; see ForwardOptions for what it returns. */
  forward(sequences: readonly (readonly number[])[], options: ForwardOptions = {}): ForwardOutput {
    const wantLogits = options.logits ?? !this.isTruncated;
    if (wantLogits && this.isTruncated) {
      throw new RangeError(
        `forward: logits need all ${this.config.numLayers} layers, but the model is truncated to ${this.numLayers}`,
      );
    }
    const requested = options.hiddenStateLayers ?? [];
    for (const layer of requested) {
      if (!Number.isInteger(layer) || layer < 0 || layer > this.numLayers) {
        throw new RangeError(`forward: hidden state layer ${layer} is outside 0..${this.numLayers}`);
      }
    }

    const batch = padLeft(sequences);
    const lastLayer = wantLogits ? this.numLayers : Math.max(0, ...requested);
    const hiddenStates = new Map<number, Tensor>();
    const hidden = this.runLayers(batch, lastLayer, null, (layer, state) => {
      if (requested.includes(layer)) hiddenStates.set(layer, state);
    }).hidden;
    return { logits: wantLogits ? this.logits(hidden) : null, hiddenStates, padding: batch.padding };
  }

  /**
   * Returns the residual stream after the first `layer` layers at the last token of each sequence,
   * [B, H]. Differentiable: gradients reach the parameters that require them.
   */
  lastTokenHiddenState(sequences: readonly (readonly number[])[], layer: number): Tensor {
    const state = this.forward(sequences, { hiddenStateLayers: [layer], logits: false }).hiddenStates.get(
      layer,
    )!;
    const [batch, length, hidden] = state.shape;
    return reshape(slice(state, 1, length - 1, length), [batch, hidden]);
  }

  /** Runs greedy decoding with a key/value cache; see generateGreedy. */
  generate(prompts: readonly (readonly number[])[], options: GenerateOptions): GenerateResult[] {
    return generateGreedy(this, prompts, options);
  }

  /** Applies the final norm, the LM head (the embedding when tied) and Gemma 2 soft-capping to [B, T, H]. */
  logits(hidden: Tensor): Tensor {
    const normed = rmsNorm(hidden, this.global('finalNorm'), this.config.rmsNormEps, {
      weightOffset: this.config.normWeightOffset,
    });
    const head = this.config.tieWordEmbeddings ? this.global('embedding') : this.global('lmHead');
    const logits = matmul(normed, head, { transposeB: true });
    return this.config.finalLogitSoftcap === null ? logits : softcap(logits, this.config.finalLogitSoftcap);
  }

  /**
   * Embeds `batch` and runs layers 0..lastLayer-1, calling `observe(L, state)` with the residual
   * stream after L layers (L = 0..lastLayer). With `cache` (one entry per layer, earlier slots of a
   * generation), the batch holds only the new slots, and masks and positions account for the past.
   */
  runLayers(
    batch: PaddedBatch,
    lastLayer: number,
    cache: KvCache | null,
    observe?: (layer: number, state: Tensor) => void,
  ): { hidden: Tensor; cache: KvCache } {
    const pastLength = cache === null || cache.length === 0 ? 0 : cache[0].keys.shape[2];
    const length = batch.length;
    const embedded = embedding(this.global('embedding'), batch.ids, [batch.batch, length]);
    let hidden = this.config.embeddingScale === 1 ? embedded : scale(embedded, this.config.embeddingScale);
    observe?.(0, hidden);

    const { cos, sin } = ropeTables(this.inverseFrequencies, batch.positions, batch.batch, length);
    const masks = new Map<string, Tensor>();
    const maskFor = (attention: 'full' | 'sliding') => {
      if (!masks.has(attention)) {
        masks.set(
          attention,
          attentionMask(batch.padding, length, pastLength, attention, this.config.slidingWindow),
        );
      }
      return masks.get(attention)!;
    };

    const newCache: KvCache = [];
    for (let layer = 0; layer < lastLayer; layer++) {
      const mask = maskFor(this.config.layerAttention[layer]);
      const result = decoderLayer(hidden, this.layers[layer], {
        config: this.config,
        cos,
        sin,
        mask,
        cache: cache === null || cache.length === 0 ? null : cache[layer],
      });
      hidden = result.hidden;
      newCache.push(result.cache);
      observe?.(layer + 1, hidden);
    }
    return { hidden, cache: newCache };
  }
}
