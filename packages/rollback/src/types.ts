import type { StateReadOptions, TensorSource } from '@realign/direction';
import type { EligibleParameter, RestoreState, WorkingModel } from '@realign/restorer';
import type { SelectionRule } from '@realign/selection';

/** Everything one rollback step reads and changes. It runs right after a restore step. */
export interface RollbackStepContext {
  readonly model: WorkingModel;
  readonly parameters: readonly EligibleParameter[];
  /** The fine-tuned model's tensors, read lazily by name. */
  readonly finetuned: TensorSource;
  readonly benignDirection: Float32Array;
  readonly taskPrompts: readonly Int32Array[];
  readonly read: StateReadOptions;
  /** Indices the restore step just restored, per entry of `parameters`. */
  readonly restoredThisStep: readonly Uint32Array[];
  /** Fraction of the rollback candidates returned to fine-tuned values (0 to 1). */
  readonly ratio: number;
  readonly state: RestoreState;
  readonly selection: SelectionRule;
}

export interface RollbackStepResult {
  /** Mean over batches of -cos(batch-mean hidden state, benign direction), before rolling back. */
  readonly loss: number;
  /** Indices returned to fine-tuned values, per entry of `parameters`, ascending. */
  readonly rolledBack: readonly Uint32Array[];
  readonly rolledBackCount: number;
  readonly candidateCount: number;
}

/** One rollback step: return some just-restored weights to their fine-tuned values. One policy per file. */
export interface RollbackPolicy {
  /** Registry key, kebab-case. */
  readonly name: string;
  /** One sentence for help text. */
  readonly description: string;
  step(context: RollbackStepContext): Promise<RollbackStepResult>;
}
