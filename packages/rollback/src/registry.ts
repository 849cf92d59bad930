import { benignGradientRollback } from './policies/benign-gradient.ts';
import type { RollbackPolicy } from './types.ts';

/** Built-in rollback policies. A custom policy needs no registration: pass the object where one is expected. */
export const rollbackPolicies: readonly RollbackPolicy[] = [benignGradientRollback];

/** Looks a built-in policy up by name; the error lists the known names. */
export function getRollbackPolicy(name: string): RollbackPolicy {
  const policy = rollbackPolicies.find((candidate) => candidate.name === name);
  if (policy === undefined) {
    const known = rollbackPolicies.map((candidate) => candidate.name).join(', ');
    throw new Error(`unknown rollback policy "${name}"; known policies: ${known}`);
  }
  return policy;
}
