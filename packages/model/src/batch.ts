import { Tensor } from '@realign/tensor';
import type { LayerAttention } from './config.ts';

/**
 * A batch of token sequences padded on the LEFT to a common length T, so the last real token of
 * every sequence sits at index T - 1. Positions count from each sequence's first real token.
 */
export interface PaddedBatch {
  batch: number;
  length: number;
  /** Token ids [B, T]; padding slots hold `padId`. */
  ids: Int32Array;
  /** RoPE positions [B, T]: 0 at the first real token; 0 in padding slots. */
  positions: Int32Array;
  /** Number of padding slots at the start of each sequence. */
  padding: number[];
}

/** Token id written into padding slots; any in-range id works because padding is never attended. */
const PAD_ID = 0;

/** Left-pads `sequences` (token ids) into one batch; each must contain at least one token. */
export function padLeft(sequences: readonly (readonly number[])[]): PaddedBatch {
  if (sequences.length === 0) throw new RangeError('forward: the batch is empty; pass at least one sequence');
  sequences.forEach((sequence, index) => {
    if (sequence.length === 0)
      throw new RangeError(`forward: sequence ${index} is empty; every sequence needs a token`);
  });

  const length = Math.max(...sequences.map((s) => s.length));
  const batch = sequences.length;
  const ids = new Int32Array(batch * length).fill(PAD_ID);
  const positions = new Int32Array(batch * length);
  const padding = sequences.map((s) => length - s.length);
  sequences.forEach((sequence, b) => {
    for (let t = 0; t < sequence.length; t++) {
      ids[b * length + padding[b] + t] = sequence[t];
      positions[b * length + padding[b] + t] = t;
    }
  });
  return { batch, length, ids, positions, padding };
}

/**
 * Builds the additive attention mask [B, 1, 1, T, pastLength + T] (0 or -Infinity) for queries at
 * slots pastLength..pastLength+T-1 over keys at slots 0..pastLength+T-1 of a left-padded batch.
 *
 * A real query attends to real keys at or before it. With a sliding window it attends only to the last
 * `window` of them (query - key < window, as in transformers). A padding query attends only to itself,
 * which keeps its softmax finite. No real query reads a padding slot, so padding cannot change real results.
 */
export function attentionMask(
  padding: readonly number[],
  length: number,
  pastLength: number,
  attention: LayerAttention,
  window: number | null,
): Tensor {
  const keys = pastLength + length;
  const mask = new Float32Array(padding.length * length * keys).fill(-Infinity);
  padding.forEach((pad, b) => {
    for (let t = 0; t < length; t++) {
      const query = pastLength + t;
      const row = (b * length + t) * keys;
      if (query < pad) {
        mask[row + query] = 0;
        continue;
      }
      const first = attention === 'sliding' && window !== null ? Math.max(pad, query - window + 1) : pad;
      for (let key = first; key <= query; key++) mask[row + key] = 0;
    }
  });
  return new Tensor(mask, [padding.length, 1, 1, length, keys]);
}
