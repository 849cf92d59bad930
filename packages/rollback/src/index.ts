export type { RollbackPolicy, RollbackStepContext, RollbackStepResult } from './types.ts';
export { benignGradientRollback } from './policies/benign-gradient.ts';
export { getRollbackPolicy, rollbackPolicies } from './registry.ts';
