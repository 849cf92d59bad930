/**
 * The typed event stream of a recovery run. Every event has a `type`; durations are in
 * milliseconds, fractions are 0 to 1, counts are numbers of weights (tensor elements).
 */

/** Loop of a step or checkpoint: plain restore steps, or restore steps each followed by a rollback step. */
export type RecoveryPhase = 'descent' | 'rollback';

export interface StartedEvent {
  readonly type: 'started';
  /** Decoder layers in the full model. */
  readonly layerCount: number;
  /** Layers kept in the working copy (L). */
  readonly layer: number;
  /** Parameters in all decoder layers of the full model. */
  readonly decoderParameterCount: number;
  /** Weights restored per step, k = ceil(rate x decoderParameterCount). */
  readonly restoreBudget: number;
  readonly eligibleTensorCount: number;
  /** Step and phase of the checkpoint the run resumed from, or null for a fresh run. */
  readonly resumedFrom: {
    readonly step: number;
    readonly phase: RecoveryPhase;
    readonly path: string;
  } | null;
}

export interface DirectionComputedEvent {
  readonly type: 'direction-computed';
  readonly direction: 'harmful' | 'benign';
  /** True when the direction came from the cache. */
  readonly cached: boolean;
  readonly promptCount: number;
  /** L2 norm of the direction. */
  readonly norm: number;
  readonly path: string;
  readonly durationMs: number;
}

export interface BaselineScoredEvent {
  readonly type: 'baseline-scored';
  /** Task score of the fine-tuned model; the allowed drop is relative to it. */
  readonly taskScore: number;
  readonly harmfulRate: number;
  /** Lowest task score a checkpoint may have: taskScore x (1 - allowedDrop). */
  readonly minimumTaskScore: number;
}

export interface WarmupDecidedEvent {
  readonly type: 'warmup-decided';
  readonly taskScore: number;
  readonly minimumTaskScore: number;
  /** True when the run restarts from the fine-tuned model with rollback steps. */
  readonly rollback: boolean;
}

export interface StepFinishedEvent {
  readonly type: 'step-finished';
  readonly phase: RecoveryPhase;
  /** Step number, from 1. */
  readonly step: number;
  /** Mean over batches of -cos(hidden state, harmful direction), before this step's restore. */
  readonly loss: number;
  /** Mean over batches of -cos(hidden state, benign direction) before the rollback; null without one. */
  readonly rollbackLoss: number | null;
  readonly restoredCount: number;
  readonly rolledBackCount: number;
  /** Weights holding aligned values after this step, over decoder-layer parameters of the full model. */
  readonly fractionRestored: number;
  /** Weights restored in this step per decoder layer (index = layer). */
  readonly restoredPerLayer: readonly number[];
  /** Weights rolled back in this step per decoder layer (index = layer). */
  readonly rolledBackPerLayer: readonly number[];
  readonly durationMs: number;
}

export interface CheckpointWrittenEvent {
  readonly type: 'checkpoint-written';
  readonly phase: RecoveryPhase;
  readonly step: number;
  readonly path: string;
  readonly durationMs: number;
}

export interface CheckpointScoredEvent {
  readonly type: 'checkpoint-scored';
  readonly phase: RecoveryPhase;
  readonly step: number;
  readonly path: string;
  readonly taskScore: number;
  /** Null when not measured: the warmup checkpoint of a run that then restarts with rollback. */
  readonly harmfulRate: number | null;
  /** taskScore >= minimum task score. */
  readonly withinAllowedDrop: boolean;
  /** True when the scores were read from an earlier run's files on resume. */
  readonly fromDisk: boolean;
  /** Weights holding their aligned value at this checkpoint, per decoder layer (index = layer, all layers of the model). */
  readonly restoredPerLayer: readonly number[];
}

export interface ChosenCheckpoint {
  readonly step: number;
  readonly phase: RecoveryPhase;
  readonly path: string;
  readonly taskScore: number;
  readonly harmfulRate: number | null;
}

export interface FinishedEvent {
  readonly type: 'finished';
  /** The last checkpoint whose task score stays within the allowed drop, or null when none does. */
  readonly chosen: ChosenCheckpoint | null;
  /** One sentence for people: why this checkpoint, or why none. */
  readonly reason: string;
}

export type RecoveryEvent =
  | StartedEvent
  | DirectionComputedEvent
  | BaselineScoredEvent
  | WarmupDecidedEvent
  | StepFinishedEvent
  | CheckpointWrittenEvent
  | CheckpointScoredEvent
  | FinishedEvent;
