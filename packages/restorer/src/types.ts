import type { StateReadOptions, TensorSource } from '@realign/direction';
import type { SelectionRule } from '@realign/selection';
import type { RestoreState } from './restore-state.ts';
import type { EligibleParameter, WorkingModel } from './working-model.ts';

/** Everything one restore step reads and changes. */
export interface RestoreStepContext {
  readonly model: WorkingModel;
  readonly parameters: readonly EligibleParameter[];
  /** The aligned model's tensors, read lazily by name. */
  readonly aligned: TensorSource;
  readonly harmfulDirection: Float32Array;
  readonly harmfulPrompts: readonly Int32Array[];
  readonly read: StateReadOptions;
  /** Elements to restore this step: k = ceil(rate x parameters of all decoder layers). */
  readonly budget: number;
  readonly state: RestoreState;
  readonly selection: SelectionRule;
}

export interface RestoreStepResult {
  /** Mean over batches of -cos(batch-mean hidden state, harmful direction), before restoring. */
  readonly loss: number;
  /** Indices restored this step, per entry of `parameters`, ascending. */
  readonly restored: readonly Uint32Array[];
  readonly restoredCount: number;
  /** Candidates the selection rule found before the budget applied. */
  readonly candidateCount: number;
}

/** One restore step: move some working weights to their aligned values. One restorer per file. */
export interface Restorer {
  /** Registry key, kebab-case. */
  readonly name: string;
  /** One sentence for help text. */
  readonly description: string;
  step(context: RestoreStepContext): Promise<RestoreStepResult>;
}
