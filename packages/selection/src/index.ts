export type { SelectionBudget, SelectionResult, SelectionRule, SelectionTensor } from './types.ts';
export { NonFiniteGradientError, SelectionInputError } from './errors.ts';
export { countForRate, resolveBudget } from './budget.ts';
export { signAgreementMask, type CandidateMask } from './candidates.ts';
export { selectLargest, type RankedSource } from './top-k.ts';
export { signAgreementTopK } from './rules/sign-agreement-top-k.ts';
export { getSelectionRule, selectionRules } from './registry.ts';
