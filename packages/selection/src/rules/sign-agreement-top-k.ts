import { resolveBudget } from '../budget.ts';
import { signAgreementMask } from '../candidates.ts';
import { selectLargest } from '../top-k.ts';
import type { SelectionBudget, SelectionResult, SelectionRule, SelectionTensor } from '../types.ts';

/**
 * The rule from the descent restorer and rollback method: candidates are elements where
 * (weight - target) and grad are nonzero with the same sign; the budget's worth of candidates
 * with the largest |grad| are selected. Ties at the threshold go to earlier tensors, then lower
 * indices. A budget above the candidate count selects every candidate.
 */
export const signAgreementTopK: SelectionRule = {
  name: 'sign-agreement-top-k',
  description:
    'Candidates where (weight - target) and the gradient share a nonzero sign; keep the largest |gradient|.',

  async select(tensors: readonly SelectionTensor[], budget: SelectionBudget): Promise<SelectionResult> {
    const masks: Uint8Array[] = [];
    let candidateCount = 0;
    for (const tensor of tensors) {
      const target = await tensor.readTarget();
      const candidates = signAgreementMask(tensor.name, tensor.weight, target, tensor.grad, tensor.allowed);
      masks.push(candidates.mask);
      candidateCount += candidates.count;
    }

    const k = resolveBudget(budget, candidateCount);
    const sources = tensors.map((tensor, i) => ({ values: tensor.grad, mask: masks[i] }));
    const indices = selectLargest(sources, k);
    return { indices, candidateCount, selectedCount: Math.min(k, candidateCount) };
  },
};
