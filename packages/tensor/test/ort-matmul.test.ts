import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelEngine, MatmulSpec } from '../src/engine.ts';
import { createOrtEngine } from '../src/engines/ort/index.ts';

/** Float64 reference product with the same buffer layout contract as KernelEngine.matmul. */
function referenceMatmul(a: Float32Array, b: Float32Array, spec: MatmulSpec): Float64Array {
  const { batch, m, k, n } = spec;
  const y = new Float64Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    const aBase = p * m * k;
    const bBase = spec.broadcastB ? 0 : p * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let total = 0;
        for (let t = 0; t < k; t++) {
          const aValue = spec.transposeA ? a[aBase + t * m + i] : a[aBase + i * k + t];
          const bValue = spec.transposeB ? b[bBase + j * k + t] : b[bBase + t * n + j];
          total += aValue * bValue;
        }
        y[p * m * n + i * n + j] = total;
      }
    }
  }
  return y;
}

/** Deterministic values in [-1, 1) from a linear congruential generator. */
function seededValues(length: number, seed: number): Float32Array {
  const values = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

/** Largest |actual - expected| divided by the largest |expected| (a norm-relative error). */
function relativeError(actual: Float32Array, expected: Float64Array): number {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

const SHAPES: Array<Pick<MatmulSpec, 'batch' | 'm' | 'k' | 'n'>> = [
  { batch: 1, m: 1, k: 1, n: 1 },
  { batch: 1, m: 7, k: 5, n: 3 },
  { batch: 3, m: 1, k: 9, n: 4 },
  { batch: 2, m: 6, k: 1, n: 5 },
  { batch: 4, m: 5, k: 8, n: 1 },
  { batch: 2, m: 33, k: 65, n: 17 },
];

const VARIANTS = [false, true].flatMap((transposeA) =>
  [false, true].flatMap((transposeB) =>
    [false, true].map((broadcastB) => ({ transposeA, transposeB, broadcastB })),
  ),
);

describe('ort engine matmul', () => {
  let engine: KernelEngine;
  beforeAll(async () => {
    engine = await createOrtEngine({ threads: 2 });
  });
  afterAll(() => engine.dispose());

  for (const variant of VARIANTS) {
    const label = `transposeA ${variant.transposeA}, transposeB ${variant.transposeB}, broadcastB ${variant.broadcastB}`;
    it(`matches reference: ${label}`, () => {
      for (const [index, shape] of SHAPES.entries()) {
        const spec = { ...shape, ...variant };
        const a = seededValues(spec.batch * spec.m * spec.k, 11 + index);
        const b = seededValues((spec.broadcastB ? 1 : spec.batch) * spec.k * spec.n, 97 + index);

        const y = engine.matmul(a, b, spec);

        expect(y.length, JSON.stringify(spec)).toBe(spec.batch * spec.m * spec.n);
        expect(relativeError(y, referenceMatmul(a, b, spec)), JSON.stringify(spec)).toBeLessThan(1e-5);
      }
    });
  }

  it('computes a hand-worked product', () => {
    const a = Float32Array.from([1, 2, 3, 4, 5, 6]); // [2, 3]
    const b = Float32Array.from([1, 0, 2, 1, 0, 3]); // stored [n=2, k=3]; op(b) = b^T
    const spec = { batch: 1, m: 2, k: 3, n: 2, transposeA: false, transposeB: true, broadcastB: false };

    expect(Array.from(engine.matmul(a, b, spec))).toEqual([7, 10, 16, 22]);
  });

  it('reads subarray views at their offset', () => {
    const backing = Float32Array.from([99, 1, 2, 3, 4, 99, 5, 6, 7, 8]);
    const a = backing.subarray(1, 5); // [[1, 2], [3, 4]]
    const b = backing.subarray(6, 10); // [[5, 6], [7, 8]]
    const spec = { batch: 1, m: 2, k: 2, n: 2, transposeA: false, transposeB: false, broadcastB: false };

    expect(Array.from(engine.matmul(a, b, spec))).toEqual([19, 22, 43, 50]);
  });

  it('returns zeros for an empty inner dimension', () => {
    const spec = { batch: 2, m: 3, k: 0, n: 2, transposeA: false, transposeB: false, broadcastB: false };

    expect(Array.from(engine.matmul(new Float32Array(0), new Float32Array(0), spec))).toEqual(
      new Array(12).fill(0),
    );
  });

  it('rejects buffers that do not match the spec', () => {
    const spec = { batch: 2, m: 3, k: 4, n: 5, transposeA: false, transposeB: false, broadcastB: true };

    expect(() => engine.matmul(new Float32Array(24), new Float32Array(40), spec)).toThrow(
      /buffer lengths a 24, b 40 .*\(expected a 24, b 20\)/,
    );
  });
});

describe('ort engine lifecycle', () => {
  it('rejects calls after dispose', async () => {
    const engine = await createOrtEngine();
    const spec = { batch: 1, m: 1, k: 1, n: 1, transposeA: false, transposeB: false, broadcastB: false };
    engine.matmul(Float32Array.of(2), Float32Array.of(3), spec);

    engine.dispose();

    expect(() => engine.matmul(Float32Array.of(2), Float32Array.of(3), spec)).toThrow(/after dispose/);
  });

  it('rejects a thread count below 1', async () => {
    await expect(createOrtEngine({ threads: 0 })).rejects.toThrow(
      /threads must be a positive integer, found 0/,
    );
  });
});
