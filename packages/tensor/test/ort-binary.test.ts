import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BinaryKind, KernelEngine } from '../src/index.ts';
import { collapseBroadcast } from '../src/engines/ort/kernels/binary.ts';
import { createOrtEngine, Rng } from '../src/index.ts';
import * as R from './reference.ts';

const FUNCTIONS: Record<BinaryKind, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

/** Operand shapes and the broadcast output shape. */
const SHAPES: { a: number[]; b: number[]; out: number[] }[] = [
  { a: [2, 3, 4], b: [2, 3, 4], out: [2, 3, 4] },
  { a: [2, 3, 4], b: [4], out: [2, 3, 4] },
  { a: [3, 1], b: [1, 4], out: [3, 4] },
  { a: [2, 1, 4], b: [3, 1], out: [2, 3, 4] },
  { a: [5], b: [], out: [5] },
  { a: [], b: [], out: [] },
  { a: [2, 9, 16, 16], b: [16, 16], out: [2, 9, 16, 16] },
];

function sample(shape: number[], rng: Rng): Float32Array {
  const values = new Float32Array(R.size(shape));
  // Magnitudes in [0.5, 2] keep division well away from zero.
  for (let i = 0; i < values.length; i++)
    values[i] = (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + 1.5 * rng.uniform());
  return values;
}

describe('collapseBroadcast', () => {
  it('merges axes read the same way', () => {
    expect(collapseBroadcast([8, 9, 64, 64], [64, 64], [8, 9, 64, 64])).toEqual({
      a: [72, 4096],
      b: [1, 4096],
      y: [72, 4096],
    });
  });

  it('keeps alternating broadcast axes apart', () => {
    expect(collapseBroadcast([2, 1, 4], [3, 1], [2, 3, 4])).toEqual({
      a: [2, 1, 4],
      b: [1, 3, 1],
      y: [2, 3, 4],
    });
  });

  it('drops size-1 output axes', () => {
    expect(collapseBroadcast([1, 5, 1], [5, 1], [1, 5, 1])).toEqual({ a: [5], b: [5], y: [5] });
  });

  it('turns scalars into one element', () => {
    expect(collapseBroadcast([], [], [])).toEqual({ a: [1], b: [1], y: [1] });
  });
});

describe('ort engine binary kernel', () => {
  let engine: KernelEngine;
  beforeAll(async () => {
    engine = await createOrtEngine({ threads: 2 });
  });
  afterAll(() => engine.dispose());

  for (const kind of Object.keys(FUNCTIONS) as BinaryKind[]) {
    for (const { a: aShape, b: bShape, out } of SHAPES) {
      it(`${kind} [${aShape.join(', ')}] with [${bShape.join(', ')}]`, () => {
        const rng = new Rng(aShape.length * 10 + bShape.length);
        const a = sample(aShape, rng);
        const b = sample(bShape, rng);
        const expected = R.binary(
          { data: Float64Array.from(a), shape: aShape },
          { data: Float64Array.from(b), shape: bShape },
          FUNCTIONS[kind],
        );

        const y = engine.binary!(kind, a, aShape, b, bShape, out);

        expect(y).toHaveLength(R.size(out));
        // One fp32 operation is correctly rounded, so each element equals the rounded float64 result.
        expect(Array.from(y)).toEqual(Array.from(expected.data, Math.fround));
      });
    }
  }

  it('returns an empty result for an empty operand', () => {
    expect(engine.binary!('add', new Float32Array(0), [0, 3], new Float32Array(3), [3], [0, 3])).toHaveLength(
      0,
    );
  });
});
