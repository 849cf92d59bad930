import { describe, expect, it } from 'vitest';
import {
  NonFiniteGradientError,
  countForRate,
  getSelectionRule,
  resolveBudget,
  selectLargest,
  signAgreementMask,
  signAgreementTopK,
  type SelectionTensor,
} from '../src/index.ts';

const f32 = (values: number[]) => Float32Array.from(values);

function tensor(
  name: string,
  weight: number[],
  target: number[],
  grad: number[],
  allowed?: number[],
): SelectionTensor {
  const targetValues = f32(target);
  return {
    name,
    weight: f32(weight),
    grad: f32(grad),
    readTarget: async () => targetValues,
    allowed: allowed === undefined ? undefined : Uint8Array.from(allowed),
  };
}

describe('signAgreementMask', () => {
  it('keeps only same-sign nonzero pairs', () => {
    const weight = f32([1, 1, 1, 1, 0, 2, 1, 1]);
    const target = f32([0, 0, 2, 2, 0, 2, 0, 0]);
    const grad = f32([0.5, -0.5, -1, 1, 3, 1, 0, -0]);

    const { mask, count } = signAgreementMask('t', weight, target, grad);

    expect(Array.from(mask)).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
    expect(count).toBe(2);
  });

  it('respects the allowed mask', () => {
    const { mask, count } = signAgreementMask(
      't',
      f32([1, 1]),
      f32([0, 0]),
      f32([1, 1]),
      Uint8Array.from([0, 1]),
    );

    expect(Array.from(mask)).toEqual([0, 1]);
    expect(count).toBe(1);
  });

  it('rejects a NaN gradient by tensor and index', () => {
    const call = () => signAgreementMask('layer.w', f32([1, 1]), f32([0, 0]), f32([1, NaN]));

    expect(call).toThrow(NonFiniteGradientError);
    expect(call).toThrow(/layer\.w.*element 1/);
  });

  it('rejects tensors of different lengths', () => {
    expect(() => signAgreementMask('w', f32([1, 1]), f32([0]), f32([1, 1]))).toThrow(
      /element counts of w differ/,
    );
  });
});

describe('budget rounding', () => {
  it('rounds the restore count up', () => {
    expect(countForRate(0.002, 1001)).toBe(3);
    expect(countForRate(0.002, 1000)).toBe(2);
    expect(countForRate(0, 1000)).toBe(0);
  });

  it('ignores fp64 representation error', () => {
    // 0.07 * 100 is 7.000000000000001 in fp64.
    expect(countForRate(0.07, 100)).toBe(7);
    expect(resolveBudget({ fractionOfCandidates: 0.07 }, 100)).toBe(7);
  });

  it('rounds a fraction of candidates up', () => {
    expect(resolveBudget({ fractionOfCandidates: 0.2 }, 6)).toBe(2);
    expect(resolveBudget({ fractionOfCandidates: 0.2 }, 1)).toBe(1);
    expect(resolveBudget({ fractionOfCandidates: 0.2 }, 0)).toBe(0);
  });

  it('rejects out-of-range budgets', () => {
    expect(() => resolveBudget({ fractionOfCandidates: 1.5 }, 4)).toThrow(/\[0, 1\]/);
    expect(() => resolveBudget({ count: -1 }, 4)).toThrow(/non-negative integer/);
    expect(() => countForRate(Number.NaN, 4)).toThrow(/restore rate/);
  });
});

describe('selectLargest', () => {
  const all = (n: number) => new Uint8Array(n).fill(1);

  it('breaks ties by source then index', () => {
    const sources = [
      { values: f32([3, 1, -2, 2]), mask: all(4) },
      { values: f32([2, -5]), mask: all(2) },
    ];

    const picked = selectLargest(sources, 3).map((indices) => Array.from(indices));

    expect(picked).toEqual([[0, 2], [1]]);
  });

  it('returns every eligible element when k exceeds them', () => {
    const sources = [{ values: f32([1, 2, 3]), mask: Uint8Array.from([1, 0, 1]) }];

    expect(Array.from(selectLargest(sources, 10)[0])).toEqual([0, 2]);
  });

  it('returns nothing for k = 0', () => {
    expect(selectLargest([{ values: f32([1]), mask: all(1) }], 0)[0].length).toBe(0);
  });

  it('ranks infinities and denormals', () => {
    const values = f32([1e-45, Infinity, -3e-39, 0, -Infinity, 1]);

    const picked = Array.from(selectLargest([{ values, mask: all(6) }], 4)[0]);

    expect(picked).toEqual([1, 2, 4, 5]);
  });

  it('matches a full sort on random data with ties', () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };

    for (let trial = 0; trial < 40; trial++) {
      const sources = [0, 1, 2].map(() => {
        const n = 1 + Math.floor(random() * 300);
        // Few distinct magnitudes (many ties) mixed with wide exponents (bucket edges).
        const values = Float32Array.from({ length: n }, () =>
          random() < 0.5 ? Math.round(random() * 8) / 4 - 1 : (random() - 0.5) * 10 ** (random() * 20 - 10),
        );
        const mask = Uint8Array.from({ length: n }, () => (random() < 0.8 ? 1 : 0));
        return { values, mask };
      });
      const eligible = sources.flatMap((source, s) =>
        Array.from(source.values, (value, i) => ({ s, i, magnitude: Math.abs(value) })).filter(
          ({ i }) => source.mask[i] === 1,
        ),
      );
      const k = Math.floor(random() * (eligible.length + 2));

      const expected = eligible
        .sort((a, b) => b.magnitude - a.magnitude || a.s - b.s || a.i - b.i)
        .slice(0, k);
      const picked = selectLargest(sources, k);

      const expectedPerSource = sources.map((_, s) =>
        expected
          .filter((entry) => entry.s === s)
          .map((entry) => entry.i)
          .sort((a, b) => a - b),
      );
      expect(
        picked.map((indices) => Array.from(indices)),
        `trial ${trial}, k ${k}`,
      ).toEqual(expectedPerSource);
    }
  });
});

describe('signAgreementTopK', () => {
  it('restores the largest candidates within budget', async () => {
    const tensors = [
      tensor('a', [1, 1, 1, 1], [0, 0, 2, 2], [0.5, -9, -1, 9]),
      tensor('b', [0, 0, 5], [1, 1, 1], [-0.5, -2, 7]),
    ];

    const result = await signAgreementTopK.select(tensors, { count: 2 });

    // Candidates: a[0] (0.5), a[2] (1), b[0] (0.5), b[1] (2), b[2] (7).
    expect(result.candidateCount).toBe(5);
    expect(result.selectedCount).toBe(2);
    expect(result.indices.map((indices) => Array.from(indices))).toEqual([[], [1, 2]]);
  });

  it('selects every candidate when the budget is larger', async () => {
    const tensors = [tensor('a', [1, 1, 1], [0, 0, 0], [1, -1, 2])];

    const result = await signAgreementTopK.select(tensors, { count: 100 });

    expect(result.selectedCount).toBe(2);
    expect(Array.from(result.indices[0])).toEqual([0, 2]);
  });

  it('takes a ceil fraction of allowed candidates', async () => {
    const tensors = [
      tensor('a', [1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 0]),
    ];

    const result = await signAgreementTopK.select(tensors, { fractionOfCandidates: 0.2 });

    // Five allowed candidates; ceil(0.2 x 5) = 1, the largest allowed |grad| is 5 at index 4.
    expect(result.candidateCount).toBe(5);
    expect(Array.from(result.indices[0])).toEqual([4]);
  });

  it('is listed in the registry', () => {
    expect(getSelectionRule('sign-agreement-top-k')).toBe(signAgreementTopK);
    expect(() => getSelectionRule('nope')).toThrow(/known rules: sign-agreement-top-k/);
  });
});
