import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelEngine } from '../src/engine.ts';
import { createOrtEngine } from '../src/engines/ort/index.ts';

function seededValues(length: number, seed: number, range = 6): Float32Array {
  const values = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = (state / 2 ** 32 - 0.5) * range;
  }
  return values;
}

function maxAbsDiff(actual: Float32Array, expected: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
  return max;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const silu = (x: number) => x * sigmoid(x);
const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

/** Float64 softmax of each row. */
function softmaxRows(x: ArrayLike<number>, rowLength: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let row = 0; row < x.length; row += rowLength) {
    let max = -Infinity;
    for (let i = 0; i < rowLength; i++) max = Math.max(max, x[row + i]);
    let total = 0;
    for (let i = 0; i < rowLength; i++) total += y[row + i] = Math.exp(x[row + i] - max);
    for (let i = 0; i < rowLength; i++) y[row + i] /= total;
  }
  return y;
}

/** Float64 RMSNorm of each row: x / sqrt(mean(x^2) + eps) * scale. */
function rmsNormRows(x: ArrayLike<number>, scale: ArrayLike<number>, eps: number): Float64Array {
  const hidden = scale.length;
  const y = new Float64Array(x.length);
  for (let row = 0; row < x.length; row += hidden) {
    let sumSquares = 0;
    for (let i = 0; i < hidden; i++) sumSquares += x[row + i] ** 2;
    const inverseRms = 1 / Math.sqrt(sumSquares / hidden + eps);
    for (let i = 0; i < hidden; i++) y[row + i] = x[row + i] * inverseRms * scale[i];
  }
  return y;
}

/** Central-difference gradient of sum(g * f(values)) with respect to each entry of `values`. */
function numericGradient(
  values: ArrayLike<number>,
  g: ArrayLike<number>,
  f: (v: Float64Array) => Float64Array,
): number[] {
  const step = 1e-4;
  const objective = (v: Float64Array) => f(v).reduce((total, y, j) => total + y * g[j], 0);
  return Array.from(values, (_, i) => {
    const plus = Float64Array.from(values);
    const minus = Float64Array.from(values);
    plus[i] += step;
    minus[i] -= step;
    return (objective(plus) - objective(minus)) / (2 * step);
  });
}

describe('ort engine element-wise kernels', () => {
  let engine: KernelEngine;
  beforeAll(async () => {
    engine = await createOrtEngine({ threads: 2 });
  });
  afterAll(() => engine.dispose());

  it('silu matches x * sigmoid(x)', () => {
    const x = seededValues(1001, 3, 20);

    const y = engine.silu!(x);

    expect(maxAbsDiff(y, Array.from(x, silu))).toBeLessThan(1e-5);
  });

  it('silu backward matches central differences', () => {
    const x = seededValues(257, 5);
    const g = seededValues(257, 6);
    const step = 1e-4;
    const expected = Array.from(x, (v, i) => (g[i] * (silu(v + step) - silu(v - step))) / (2 * step));

    const dx = engine.siluBackward!(x, g);

    expect(maxAbsDiff(dx, expected)).toBeLessThan(1e-5);
  });

  it('gelu matches the float64 tanh approximation', () => {
    const x = seededValues(1001, 41, 20);

    const y = engine.gelu!(x);

    expect(maxAbsDiff(y, Array.from(x, gelu))).toBeLessThan(1e-5);
  });

  it('gelu keeps exact values at 0 and far from 0', () => {
    const y = engine.gelu!(Float32Array.from([0, -30, 30]));

    expect(y[0]).toBe(0);
    expect(Math.abs(y[1])).toBe(0);
    expect(y[2]).toBe(30);
  });

  it('gelu backward matches central differences', () => {
    const x = seededValues(257, 43, 10);
    const g = seededValues(257, 44);
    const step = 1e-4;
    const expected = Array.from(x, (v, i) => (g[i] * (gelu(v + step) - gelu(v - step))) / (2 * step));

    const dx = engine.geluBackward!(x, g);

    expect(maxAbsDiff(dx, expected)).toBeLessThan(1e-5);
  });

  it('softmax normalises each row', () => {
    const x = seededValues(7 * 13, 7, 10);

    const y = engine.softmax!(x, 13);

    expect(maxAbsDiff(y, softmaxRows(x, 13))).toBeLessThan(1e-6);
  });

  it('softmax gives masked entries zero probability', () => {
    const x = Float32Array.from([0, -Infinity, -Infinity, 1, 2, -Infinity]);

    const y = engine.softmax!(x, 3);

    expect(Array.from(y.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(y[5]).toBe(0);
    expect(y[3]).toBeCloseTo(1 / (1 + Math.E), 6);
  });

  it('softmax backward matches central differences', () => {
    const rowLength = 5;
    const x = seededValues(3 * rowLength, 11, 4);
    const g = seededValues(3 * rowLength, 12);
    const step = 1e-4;
    // d/dx_i of sum_j g_j softmax(x)_j, by central differences in float64.
    const objective = (values: Float64Array) =>
      softmaxRows(values, rowLength).reduce((total, p, j) => total + p * g[j], 0);
    const expected = Array.from(x, (_, i) => {
      const plus = Float64Array.from(x);
      const minus = Float64Array.from(x);
      plus[i] += step;
      minus[i] -= step;
      return (objective(plus) - objective(minus)) / (2 * step);
    });

    const dx = engine.softmaxBackward!(engine.softmax!(x, rowLength), g, rowLength);

    expect(maxAbsDiff(dx, expected)).toBeLessThan(1e-5);
  });

  it('rmsNorm matches the float64 reference', () => {
    const x = seededValues(6 * 8, 21);
    const scale = seededValues(8, 22, 2);

    const { y, inverseRms } = engine.rmsNorm!(x, scale, 1e-5);

    expect(maxAbsDiff(y, rmsNormRows(x, scale, 1e-5))).toBeLessThan(1e-5);
    const firstRowMeanSquare = x.subarray(0, 8).reduce((total, v) => total + v * v, 0) / 8;
    expect(inverseRms).toHaveLength(6);
    expect(inverseRms[0]).toBeCloseTo(1 / Math.sqrt(firstRowMeanSquare + 1e-5), 5);
  });

  it('rmsNorm backward matches central differences', () => {
    const hidden = 5;
    const x = seededValues(3 * hidden, 31);
    const scale = seededValues(hidden, 32, 2);
    const g = seededValues(3 * hidden, 33);
    const { inverseRms } = engine.rmsNorm!(x, scale, 1e-6);

    const grads = engine.rmsNormBackward!(x, inverseRms, scale, g);

    const expectedX = numericGradient(x, g, (v) => rmsNormRows(v, scale, 1e-6));
    const expectedScale = numericGradient(scale, g, (v) => rmsNormRows(x, v, 1e-6));
    expect(maxAbsDiff(grads.x, expectedX)).toBeLessThan(1e-5);
    expect(maxAbsDiff(grads.scale, expectedScale)).toBeLessThan(1e-5);
  });

  it('rejects a row length that does not divide the buffer', () => {
    expect(() => engine.softmax!(new Float32Array(10), 3)).toThrow(
      /row length 3 does not divide the buffer length 10/,
    );
  });

  it('rejects inputs of different lengths', () => {
    expect(() => engine.siluBackward!(new Float32Array(4), new Float32Array(5))).toThrow(
      /equal lengths, found x 4, g 5/,
    );
  });
});
