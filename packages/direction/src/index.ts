export type { HiddenStateModel, StateReadOptions, TensorSource } from './types.ts';
export { DirectionCacheError, InvalidDirectionError } from './errors.ts';
export { toBatches } from './batches.ts';
export { meanHiddenState } from './mean-state.ts';
export { directionLossBackward, type DirectionLossResult } from './direction-loss.ts';
export { directionCacheKey, hashWeightsUpToLayer, type DirectionKeyInput } from './cache-key.ts';
export { DirectionCache } from './cache.ts';
export { getDirection, type DirectionRequest, type DirectionResult } from './get-direction.ts';
