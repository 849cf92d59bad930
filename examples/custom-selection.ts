// A custom selection rule, a rule combinator, and a strategy mix for recover().
import type { RecoveryStrategies } from '@realign/pipeline';
import { parseDecoderTensorName } from '@realign/restorer';
import {
  resolveBudget,
  selectLargest,
  signAgreementMask,
  signAgreementTopK,
  type SelectionResult,
  type SelectionRule,
} from '@realign/selection';

/**
 * Keeps the sign-agreement candidates but ranks them by |grad x (weight - target)|: the
 * first-order decrease of the loss when the weight jumps to its target, not the slope alone.
 */
export const firstOrderGainTopK: SelectionRule = {
  name: 'first-order-gain-top-k',
  description: 'Sign-agreement candidates ranked by |gradient x (weight - target)|.',

  async select(tensors, budget) {
    const sources = [];
    let candidateCount = 0;
    for (const tensor of tensors) {
      const target = await tensor.readTarget();
      const { mask, count } = signAgreementMask(
        tensor.name,
        tensor.weight,
        target,
        tensor.grad,
        tensor.allowed,
      );
      const gain = tensor.grad.map((grad, i) => grad * (tensor.weight[i] - target[i]));
      sources.push({ values: gain, mask });
      candidateCount += count;
    }

    const k = resolveBudget(budget, candidateCount);
    return { indices: selectLargest(sources, k), candidateCount, selectedCount: Math.min(k, candidateCount) };
  },
};

/** Wraps a rule so that it only receives tensors of the given decoder layers. Other tensors get no selected elements. */
export function restrictToLayers(rule: SelectionRule, layers: readonly number[]): SelectionRule {
  return {
    name: `${rule.name}-layers-${layers.join('-')}`,
    description: `${rule.description} Only decoder layers ${layers.join(', ')}.`,

    async select(tensors, budget): Promise<SelectionResult> {
      const keep = tensors.map((tensor) => layers.includes(parseDecoderTensorName(tensor.name)?.layer ?? -1));
      const inner = await rule.select(
        tensors.filter((_, i) => keep[i]),
        budget,
      );

      let next = 0;
      const indices = keep.map((kept) => (kept ? inner.indices[next++] : new Uint32Array(0)));
      return { ...inner, indices };
    },
  };
}

/** Restore with the custom rule in the deeper layer only; roll back with the method's own rule. */
export const mixedStrategies: Partial<RecoveryStrategies> = {
  selection: restrictToLayers(firstOrderGainTopK, [1]),
  rollbackSelection: signAgreementTopK,
};
