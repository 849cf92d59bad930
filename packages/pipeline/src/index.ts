export { recover } from './recover.ts';
export {
  parseRecoveryConfig,
  recoveryConfigSchema,
  resolveLayer,
  type RecoveryConfig,
  type RecoveryConfigInput,
} from './config.ts';
export type * from './events.ts';
export {
  InvalidScoreError,
  NonFiniteLossError,
  OutputNotEmptyError,
  RecoveryError,
  ResumeMismatchError,
  RunStateError,
} from './errors.ts';
export type { RecoveryEvaluator, RecoveryInputs, RecoveryModels, RecoveryStrategies } from './types.ts';
export { builtInStages, defaultStrategies, resolveStrategies } from './registry.ts';
export { chooseCheckpoint, minimumTaskScore } from './checkpoint-choice.ts';
export { chooseFinalCheckpoint } from './stages/choose-checkpoint.ts';
export { appendStage, fromWork, type StageWork } from './stage.ts';
export { checkpointFolderName, listCheckpoints, type CheckpointFolder } from './checkpoint-store.ts';
export { RESTORE_STATE_FILE, RUN_STATE_FILE, SCORES_FILE } from './run-state-file.ts';
export {
  decoderWorkingModel,
  openCheckpointModels,
  type CheckpointModels,
  type CheckpointModelsOptions,
} from './checkpoint-models.ts';
export { checkpointEvaluator, type CheckpointEvaluatorOptions } from './checkpoint-evaluator.ts';
