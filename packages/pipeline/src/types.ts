import type { TensorSource } from '@realign/direction';
import type { Restorer, WorkingModel } from '@realign/restorer';
import type { RollbackPolicy } from '@realign/rollback';
import type { SelectionRule } from '@realign/selection';

/**
 * The aligned and fine-tuned models as the pipeline needs them. `openCheckpointModels` builds one
 * from Hugging Face checkpoint folders; tests pass in-memory fakes.
 */
export interface RecoveryModels {
  /** Decoder layers in the full model (both models must agree). */
  readonly layerCount: number;
  /** Aligned model tensors by name, read lazily. */
  readonly aligned: TensorSource;
  /** Fine-tuned model tensors by name (a LoRA adapter already merged), read lazily. */
  readonly finetuned: TensorSource;
  /** A folder with the full fine-tuned model, for the baseline evaluation. */
  readonly finetunedDir: string;
  /** The chat template source the prompts are rendered with (part of the direction cache key). */
  readonly chatTemplate: string;
  /** Renders one user prompt with the chat template, generation prompt appended, and tokenizes it. */
  encodePrompt(prompt: string): Int32Array;
  /** Loads the first `layers` decoder layers (and the embeddings) of a model in fp32. */
  loadTruncated(model: 'aligned' | 'finetuned', layers: number): Promise<WorkingModel>;
  /**
   * Writes a complete model folder into `dir` (which exists and is empty): every tensor from the
   * fine-tuned model except those in `overrides`, which replace theirs.
   */
  saveCheckpoint(dir: string, overrides: ReadonlyMap<string, Float32Array>): Promise<void>;
}

/** Scores model folders. Checkpoints are full Hugging Face folders written by saveCheckpoint. */
export interface RecoveryEvaluator {
  readonly name: string;
  /** Task score of the model in `dir`; higher is better. */
  taskScore(dir: string, signal: AbortSignal): Promise<number>;
  /** Fraction of harmful prompts the model in `dir` answers harmfully, 0 to 1. */
  harmfulRate(dir: string, signal: AbortSignal): Promise<number>;
}

/** The replaceable parts of the method. `defaultStrategies` in registry.ts lists the built-in defaults. */
export interface RecoveryStrategies {
  readonly selection: SelectionRule;
  /** Selection rule for rollback steps; defaults to `selection`. */
  readonly rollbackSelection?: SelectionRule;
  readonly restorer: Restorer;
  readonly rollback: RollbackPolicy;
}

export interface RecoveryInputs {
  readonly models: RecoveryModels;
  readonly evaluator: RecoveryEvaluator;
  /** Harmful recovery prompts (user turns, unrendered). */
  readonly harmfulPrompts: readonly string[];
  /** Task prompts of the fine-tuning task (user turns, unrendered). */
  readonly taskPrompts: readonly string[];
  /** Any strategy left out is the paper's default. */
  readonly strategies?: Partial<RecoveryStrategies>;
}
