/**
 * One tensor offered to a selection rule. Restoring and rolling back both ask the same question:
 * which elements of `weight` should be set to the target values to descend the loss whose
 * gradient is `grad`?
 */
export interface SelectionTensor {
  /** Checkpoint tensor name, for example `model.layers.0.self_attn.q_proj.weight`. */
  readonly name: string;
  /** Current values of the working copy (fp32, flattened row-major). */
  readonly weight: Float32Array;
  /** Gradient of the loss with respect to `weight`, same length. */
  readonly grad: Float32Array;
  /**
   * Reads the values a selected element is set to: the aligned model's tensor when restoring,
   * the fine-tuned model's when rolling back. Called lazily so that only one target tensor needs
   * to be in memory at a time.
   */
  readTarget(): Promise<Float32Array>;
  /** When present, only elements whose entry is 1 may be selected (rollback: restored this step). */
  readonly allowed?: Uint8Array;
}

/**
 * How many candidates to select: an absolute count (restore: ceil(rate x decoder parameters)) or a
 * fraction of the candidates found (rollback: ceil(ratio x candidates)).
 */
export type SelectionBudget = { readonly count: number } | { readonly fractionOfCandidates: number };

export interface SelectionResult {
  /** Selected element indices per input tensor, in input order, each ascending. */
  readonly indices: readonly Uint32Array[];
  /** Number of elements that met the candidate rule (before the budget was applied). */
  readonly candidateCount: number;
  /** Number of selected elements; min(budget, candidateCount). */
  readonly selectedCount: number;
}

/** A rule that picks which weights move to their target values. One rule per file, listed in registry.ts. */
export interface SelectionRule {
  /** Registry key, kebab-case. */
  readonly name: string;
  /** One sentence for help text. */
  readonly description: string;
  select(tensors: readonly SelectionTensor[], budget: SelectionBudget): Promise<SelectionResult>;
}
