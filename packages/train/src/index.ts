export { AdamW, type AdamWOptions } from './optim/adamw.ts';
export { clipGradNorm } from './optim/clip.ts';
export type { ParameterTensor, TrainableParameter } from './optim/parameter.ts';
export { checkSchedule, warmupCosineLr, type WarmupCosineOptions } from './optim/schedule.ts';
export {
  buildBatch,
  IGNORE_INDEX,
  type BatchOptions,
  type TokenizedExample,
  type TrainBatch,
} from './batch.ts';
export { batchSchedule, shuffled, type IntSource } from './shuffle.ts';
export { causalLmLoss } from './loss.ts';
export { INIT_STD, initParameters, writeInitialCheckpoint, type InitCheckpointOptions } from './init.ts';
export {
  fullFineTuneParameters,
  trainCausalLm,
  trainLora,
  trainOptionsSchema,
  type StepHooks,
  type TrainOptions,
  type TrainStepEvent,
} from './trainer.ts';
export { LoraAdapter } from './lora/lora.ts';
export {
  buildAdapterConfig,
  LORA_TARGET_MODULES,
  loraSettingsSchema,
  peftTensorNames,
  type LoraSettings,
  type LoraTargetModule,
} from './lora/peft-format.ts';
export { TrainConfigError, TrainDivergedError } from './errors.ts';
