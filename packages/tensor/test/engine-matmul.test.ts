import { describe, expect, it } from 'vitest';
import { createJsEngine, createOrtEngine, Rng, type KernelEngine } from '../src/index.ts';
import * as R from './reference.ts';

/** Engines checked kernel by kernel; each entry creates a fresh engine. */
const KERNEL_ENGINES: { name: string; create: () => Promise<KernelEngine> }[] = [
  { name: 'js', create: async () => createJsEngine() },
  { name: 'ort', create: () => createOrtEngine({ threads: 1 }) },
];

/** fp32 products of length ~100 against a float64 reference. */
const TOLERANCE = { abs: 1e-4, rel: 1e-5 };

function random(count: number, rng: Rng): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = rng.normal();
  return values;
}

const CASES = [
  { batch: 1, m: 1, k: 1, n: 1 },
  { batch: 2, m: 7, k: 13, n: 5 },
  { batch: 3, m: 67, k: 130, n: 71 },
  { batch: 1, m: 2, k: 300, n: 129 },
];
const LAYOUTS = [
  { transposeA: false, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: false },
  { transposeA: true, transposeB: true },
];

describe.each(KERNEL_ENGINES)('$name engine matmul', ({ create }) => {
  for (const { batch, m, k, n } of CASES) {
    for (const { transposeA, transposeB } of LAYOUTS) {
      for (const broadcastB of [false, true]) {
        const label = `batch ${batch} m ${m} k ${k} n ${n} tA ${transposeA} tB ${transposeB} shared b ${broadcastB}`;
        it(label, async () => {
          const engine = await create();
          const rng = new Rng(batch * 1000 + m + k + n);
          const a = random(batch * m * k, rng);
          const b = random((broadcastB ? 1 : batch) * k * n, rng);
          const spec = { batch, m, k, n, transposeA, transposeB, broadcastB };
          const actual = engine.matmul(a, b, spec);
          engine.dispose();

          const shapeA = transposeA ? [batch, k, m] : [batch, m, k];
          const shapeB = transposeB ? [n, k] : [k, n];
          const expected = R.matmul(
            { data: Float64Array.from(a), shape: shapeA },
            { data: Float64Array.from(b), shape: broadcastB ? shapeB : [batch, ...shapeB] },
            transposeA,
            transposeB,
          );
          expect(actual.length).toBe(expected.data.length);
          for (let i = 0; i < actual.length; i++) {
            const error = Math.abs(actual[i] - expected.data[i]);
            if (error > TOLERANCE.abs + TOLERANCE.rel * Math.abs(expected.data[i])) {
              expect.fail(`${label}: out[${i}] is ${actual[i]}, reference ${expected.data[i]}`);
            }
          }
        });
      }
    }
  }

  it('returns zeros for an empty inner dimension', async () => {
    const engine = await create();
    const out = engine.matmul(new Float32Array(0), new Float32Array(0), {
      batch: 2,
      m: 2,
      k: 0,
      n: 3,
      transposeA: false,
      transposeB: false,
      broadcastB: false,
    });
    expect(Array.from(out)).toEqual(new Array(12).fill(0));
  });

  it('rejects buffers that do not match the spec', async () => {
    const engine = await create();
    const spec = { batch: 1, m: 2, k: 2, n: 2, transposeA: false, transposeB: false, broadcastB: false };
    expect(() => engine.matmul(new Float32Array(3), new Float32Array(4), spec)).toThrow(
      /buffer lengths a 3, b 4/,
    );
  });
});
