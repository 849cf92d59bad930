import { SelectionInputError } from './errors.ts';
import type { SelectionBudget } from './types.ts';

/**
 * Turns a budget into an element count for `candidateCount` candidates. Fractions round up
 * (ceil), so any positive fraction of a non-empty candidate set selects at least one element.
 * The result may exceed `candidateCount`; the caller then selects every candidate.
 */
export function resolveBudget(budget: SelectionBudget, candidateCount: number): number {
  if ('count' in budget) {
    if (!Number.isInteger(budget.count) || budget.count < 0) {
      throw new SelectionInputError(
        `selection budget count must be a non-negative integer, found ${budget.count}`,
      );
    }
    return budget.count;
  }

  const fraction = budget.fractionOfCandidates;
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new SelectionInputError(`selection budget fraction must be in [0, 1], found ${fraction}`);
  }
  return ceilCount(fraction * candidateCount);
}

/** k = ceil(rate x parameterCount): the per-step restore budget. */
export function countForRate(rate: number, parameterCount: number): number {
  if (!(rate >= 0 && rate <= 1)) {
    throw new SelectionInputError(`restore rate must be in [0, 1], found ${rate}`);
  }
  return ceilCount(rate * parameterCount);
}

/**
 * ceil() of a product of a decimal fraction and a count. The product is first rounded to 12
 * significant digits, so representation error cannot add one: 0.07 x 100 is 7.000000000000001 in
 * fp64, and a bare ceil would give 8 instead of 7.
 */
function ceilCount(product: number): number {
  return Math.ceil(Number(product.toPrecision(12)));
}
