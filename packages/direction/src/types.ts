import type { Tensor } from '@realign/tensor';

/**
 * A decoder truncated to its first `layerCount` layers, seen only through the residual stream it
 * produces. The model package's truncated decoder implements this; tests use small fakes.
 */
export interface HiddenStateModel {
  /** Number of decoder layers the model runs (L). */
  readonly layerCount: number;
  /**
   * Returns the residual-stream state after the last layer run, at `position` of each prompt, as
   * a [prompts.length, hidden] tensor. `position` counts from the start when >= 0 and from the
   * end when negative (-1 is the last token); it indexes each prompt's own tokens, so padding
   * must not shift it. Records autograd history when grad mode is on.
   */
  hiddenStates(prompts: readonly Int32Array[], position: number): Tensor;
}

/** Read access to a checkpoint's tensors by name, one tensor at a time, as fp32. */
export interface TensorSource {
  /** Tensor names in a stable order. */
  names(): readonly string[];
  shape(name: string): readonly number[];
  /** Reads one tensor as fp32; the caller owns the returned array. */
  read(name: string): Promise<Float32Array>;
}

/** How prompts are batched and which token position is read. */
export interface StateReadOptions {
  /** Prompts per forward pass (>= 1). The last batch may be smaller. */
  readonly batchSize: number;
  /** Token position, negative from the end; -1 is the last prompt token. */
  readonly position: number;
  /** Checked between batches; aborting throws the signal's reason. */
  readonly signal?: AbortSignal;
}
