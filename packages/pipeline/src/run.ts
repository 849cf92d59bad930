import type { EligibleParameter, RestoreState, WorkingModel } from '@realign/restorer';
import type { StateReadOptions } from '@realign/direction';
import type { RecoveryConfig } from './config.ts';
import type { CheckpointFolder } from './checkpoint-store.ts';
import type { CheckpointScoredEvent, RecoveryPhase, WarmupDecidedEvent } from './events.ts';
import { resolveStrategies } from './registry.ts';
import type { RecoveryInputs, RecoveryStrategies } from './types.ts';

/** The working copy: the truncated fine-tuned model being restored, its eligible tensors and restore state. */
export interface WorkingCopy {
  readonly model: WorkingModel;
  readonly parameters: readonly EligibleParameter[];
  state: RestoreState;
}

/** Events that a resumed run replays from the checkpoint it resumes from. */
export type HistoryEvent = CheckpointScoredEvent | WarmupDecidedEvent;

/**
 * The mutable state of one recovery run, shared by its stages. Each stage fills in what later
 * stages read: prepare sets the sizes and prompts, directions the directions and fingerprint,
 * baseline the minimum task score, steps the working copy and progress.
 */
export class RecoveryRun {
  readonly strategies: Required<RecoveryStrategies>;

  layer = 0;
  decoderParameterCount = 0;
  restoreBudget = 0;
  harmfulPrompts: string[] = [];
  taskPrompts: string[] = [];
  harmfulIds: Int32Array[] = [];
  taskIds: Int32Array[] = [];

  harmfulDirection: Float32Array | null = null;
  benignDirection: Float32Array | null = null;
  /** Values that must match between a checkpoint and the current run for a resume. */
  fingerprint: Record<string, string> = {};

  baseline: { taskScore: number; harmfulRate: number } | null = null;
  minimumTaskScore = 0;

  resumeFrom: CheckpointFolder | null = null;
  working: WorkingCopy | null = null;
  phase: RecoveryPhase = 'descent';
  /** Steps completed in the current phase. */
  step = 0;
  warmup: 'pending' | 'continue' | 'rollback' = 'pending';
  history: HistoryEvent[] = [];

  constructor(
    readonly config: RecoveryConfig,
    readonly inputs: RecoveryInputs,
  ) {
    this.strategies = resolveStrategies(inputs.strategies);
  }

  get models() {
    return this.inputs.models;
  }

  readOptions(signal: AbortSignal): StateReadOptions {
    return { batchSize: this.config.batchSize, position: this.config.position, signal };
  }

  requireWorking(): WorkingCopy {
    if (this.working === null)
      throw new Error('recovery run: the working copy is not loaded yet; this is a bug');
    return this.working;
  }
}
