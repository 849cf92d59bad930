import { descentRestorer, restorers } from '@realign/restorer';
import { benignGradientRollback, rollbackPolicies } from '@realign/rollback';
import { selectionRules, signAgreementTopK } from '@realign/selection';
import { checkpointEvaluator } from './checkpoint-evaluator.ts';
import type { RecoveryStrategies } from './types.ts';

/** The method's behaviour: sign-agreement top-k selection, the descent restorer, benign-gradient rollback. */
export const defaultStrategies: RecoveryStrategies = {
  selection: signAgreementTopK,
  restorer: descentRestorer,
  rollback: benignGradientRollback,
};

/**
 * Every built-in stage implementation, by kind. Evaluators need task data and judges, so the
 * registry lists the factory that builds one from them instead of a ready object.
 */
export const builtInStages = {
  selection: selectionRules,
  restorer: restorers,
  rollback: rollbackPolicies,
  evaluatorFactories: { checkpoint: checkpointEvaluator },
} as const;

/** Fills the strategies a caller left out with the defaults. */
export function resolveStrategies(partial: Partial<RecoveryStrategies> = {}): Required<RecoveryStrategies> {
  const selection = partial.selection ?? defaultStrategies.selection;
  return {
    selection,
    rollbackSelection: partial.rollbackSelection ?? selection,
    restorer: partial.restorer ?? defaultStrategies.restorer,
    rollback: partial.rollback ?? defaultStrategies.rollback,
  };
}
