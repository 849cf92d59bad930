import { NonFiniteGradientError, SelectionInputError } from './errors.ts';

export interface CandidateMask {
  /** 1 where the element is a candidate. */
  readonly mask: Uint8Array;
  readonly count: number;
}

/**
 * Marks the elements where moving `weight` to `target` descends the loss to first order:
 * (weight - target) and grad are both nonzero and share a sign. A gradient step would move the
 * weight by -grad, so the weight should move towards the target exactly when the two agree.
 * Elements already equal to their target, or with a zero gradient, are never candidates.
 *
 * Throws NonFiniteGradientError on a NaN gradient. Infinite gradients rank above everything else.
 */
export function signAgreementMask(
  name: string,
  weight: Float32Array,
  target: Float32Array,
  grad: Float32Array,
  allowed?: Uint8Array,
): CandidateMask {
  checkLengths(name, weight, target, grad, allowed);

  const mask = new Uint8Array(weight.length);
  let count = 0;
  for (let i = 0; i < weight.length; i++) {
    const g = grad[i];
    if (Number.isNaN(g)) throw new NonFiniteGradientError(name, i, g);
    if (allowed !== undefined && allowed[i] === 0) continue;

    const w = weight[i];
    const t = target[i];
    // Comparisons, not a subtraction, so the sign test is exact for every fp32 pair.
    if ((w > t && g > 0) || (w < t && g < 0)) {
      mask[i] = 1;
      count++;
    }
  }
  return { mask, count };
}

function checkLengths(
  name: string,
  weight: Float32Array,
  target: Float32Array,
  grad: Float32Array,
  allowed?: Uint8Array,
): void {
  const lengths = {
    weight: weight.length,
    target: target.length,
    grad: grad.length,
    allowed: allowed?.length,
  };
  const differs = Object.values(lengths).some((length) => length !== undefined && length !== weight.length);
  if (differs) {
    throw new SelectionInputError(`element counts of ${name} differ: ${JSON.stringify(lengths)}`);
  }
}
