/**
 * Rules for which checkpoint tensors the restorer may touch. Hugging Face decoders (Llama,
 * Mistral, Qwen2, Gemma) name decoder-layer tensors `model.layers.<i>.<module path>.<weight|bias>`.
 * Every other tensor (embeddings, final norm, LM head) is outside the decoder layers, so it is
 * never eligible.
 */

export interface DecoderTensorName {
  /** Decoder layer index, from 0. */
  readonly layer: number;
  /** Module path inside the layer, for example `self_attn.q_proj`. */
  readonly module: string;
  readonly kind: 'weight' | 'bias';
}

const DECODER_TENSOR = /^model\.layers\.(\d+)\.(.+)\.(weight|bias)$/;

/** Parses a decoder-layer tensor name, or returns null for any other tensor. */
export function parseDecoderTensorName(name: string): DecoderTensorName | null {
  const match = DECODER_TENSOR.exec(name);
  if (match === null) return null;
  return { layer: Number(match[1]), module: match[2], kind: match[3] as 'weight' | 'bias' };
}

/**
 * True for normalization tensors: any module whose last path segment ends in `norm`
 * (`input_layernorm`, `post_attention_layernorm`, Gemma's `pre_feedforward_layernorm`,
 * Qwen3's `q_norm` and `k_norm`).
 */
export function isNormModule(module: string): boolean {
  const last = module.slice(module.lastIndexOf('.') + 1);
  return last.endsWith('norm');
}

/**
 * Returns the names, in input order, that the restorer may change: weights and biases of decoder
 * layers below `layerCount`, excluding every norm.
 */
export function eligibleTensorNames(names: readonly string[], layerCount: number): string[] {
  return names.filter((name) => {
    const parsed = parseDecoderTensorName(name);
    return parsed !== null && parsed.layer < layerCount && !isNormModule(parsed.module);
  });
}

/**
 * Counts the parameters of all decoder layers of the full model, norms included: the base of
 * the per-step restore budget k = ceil(rate x count). Embeddings and the LM head are left out.
 */
export function countDecoderParameters(
  names: readonly string[],
  shape: (name: string) => readonly number[],
): number {
  let count = 0;
  for (const name of names) {
    if (parseDecoderTensorName(name) === null) continue;
    count += shape(name).reduce((product, size) => product * size, 1);
  }
  return count;
}
