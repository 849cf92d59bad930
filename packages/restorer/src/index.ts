export type { RestoreStepContext, RestoreStepResult, Restorer } from './types.ts';
export {
  countDecoderParameters,
  eligibleTensorNames,
  isNormModule,
  parseDecoderTensorName,
  type DecoderTensorName,
} from './tensor-names.ts';
export { RestoreState } from './restore-state.ts';
export {
  copyAt,
  countPerLayer,
  prepareEligibleParameters,
  type EligibleParameter,
  type WorkingModel,
} from './working-model.ts';
export { descentRestorer } from './restorers/descent.ts';
export { getRestorer, restorers } from './registry.ts';
