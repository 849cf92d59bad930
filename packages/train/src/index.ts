export { AdamW, type AdamWOptions } from './optim/adamw.ts';
export { clipGradNorm } from './optim/clip.ts';
export type { ParameterTensor, TrainableParameter } from './optim/parameter.ts';
export { checkSchedule, warmupCosineLr, type WarmupCosineOptions } from './optim/schedule.ts';
export { buildBatch, IGNORE_INDEX, type BatchOptions, type TokenizedExample, type TrainBatch } from './batch.ts';
export { batchSchedule, shuffled, type IntSource } from './shuffle.ts';
export { TrainConfigError, TrainDivergedError } from './errors.ts';
