import { signAgreementTopK } from './rules/sign-agreement-top-k.ts';
import type { SelectionRule } from './types.ts';

/** Built-in selection rules. A custom rule needs no registration: pass the object where a rule is expected. */
export const selectionRules: readonly SelectionRule[] = [signAgreementTopK];

/** Looks a built-in rule up by name; the error lists the known names. */
export function getSelectionRule(name: string): SelectionRule {
  const rule = selectionRules.find((candidate) => candidate.name === name);
  if (rule === undefined) {
    const known = selectionRules.map((candidate) => candidate.name).join(', ');
    throw new Error(`unknown selection rule "${name}"; known rules: ${known}`);
  }
  return rule;
}
