/**
 * Table-driven gradient checks. Each case runs one expression through the library (fp32, analytic
 * backward) and through an independent float64 reference forward. The reference gives the expected
 * output and, by central differences, the expected gradient of sum(output * outputGrad).
 */
import { expect } from 'vitest';
import { backward, Rng, Tensor } from '../src/index.ts';
import type { Array64 } from './reference.ts';

export const TOLERANCE = {
  /** fp32 forward vs float64 reference. */
  forward: { abs: 1e-5, rel: 1e-4 },
  /** fp32 analytic gradient vs float64 central difference. */
  gradient: { abs: 1e-4, rel: 1e-3 },
} as const;

/** Central-difference step, relative to max(1, |x|); float64 keeps the truncation error near 1e-12. */
const STEP = 1e-6;

export interface InputSpec {
  shape: number[];
  /** 'normal' (default): N(0, 1); 'positive': uniform in [0.5, 2], for log, sqrt and div. */
  values?: 'normal' | 'positive';
  /** Whether the input requires grad and is checked (default true). */
  grad?: boolean;
}

export interface GradCase {
  name: string;
  inputs: InputSpec[];
  run: (inputs: Tensor[]) => Tensor;
  reference: (inputs: Array64[]) => Array64;
}

function sample(spec: InputSpec, rng: Rng): Float64Array {
  const count = spec.shape.reduce((p, d) => p * d, 1);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const raw = spec.values === 'positive' ? 0.5 + 1.5 * rng.uniform() : rng.normal();
    // Round to fp32 so the library and the reference see exactly the same inputs.
    values[i] = Math.fround(raw);
  }
  return values;
}

function close(actual: number, expected: number, tolerance: { abs: number; rel: number }): boolean {
  return Math.abs(actual - expected) <= tolerance.abs + tolerance.rel * Math.abs(expected);
}

/** Runs one case: forward values, then every input's gradient, against the float64 reference. */
export function checkGradients(testCase: GradCase, seed = 1234): void {
  const rng = new Rng(seed);
  const values = testCase.inputs.map((spec) => sample(spec, rng));
  const arrays: Array64[] = values.map((data, i) => ({ data, shape: testCase.inputs[i].shape }));
  const tensors = values.map(
    (data, i) =>
      new Tensor(Float32Array.from(data), testCase.inputs[i].shape, {
        requiresGrad: testCase.inputs[i].grad ?? true,
      }),
  );

  const output = testCase.run(tensors);
  const expected = testCase.reference(arrays);
  expect(output.shape, `${testCase.name}: output shape`).toEqual(expected.shape);
  for (let i = 0; i < expected.data.length; i++) {
    if (!close(output.data[i], expected.data[i], TOLERANCE.forward)) {
      expect.fail(`${testCase.name}: output[${i}] is ${output.data[i]}, reference ${expected.data[i]}`);
    }
  }

  const outputGrad = new Float32Array(output.size);
  for (let i = 0; i < outputGrad.length; i++) outputGrad[i] = Math.fround(rng.normal());
  backward(output, outputGrad);

  testCase.inputs.forEach((spec, inputIndex) => {
    if (spec.grad === false) {
      expect(tensors[inputIndex].grad, `${testCase.name}: input ${inputIndex} needs no grad`).toBeNull();
      return;
    }
    checkInputGradient(testCase, arrays, inputIndex, tensors[inputIndex], outputGrad);
  });
}

function checkInputGradient(
  testCase: GradCase,
  arrays: Array64[],
  inputIndex: number,
  tensor: Tensor,
  outputGrad: Float32Array,
): void {
  const where = `${testCase.name}: input ${inputIndex} of shape [${tensor.shape.join(', ')}]`;
  const objective = (): number => {
    const out = testCase.reference(arrays).data;
    let total = 0;
    for (let i = 0; i < out.length; i++) total += out[i] * outputGrad[i];
    return total;
  };
  const data = arrays[inputIndex].data;
  const analytic = tensor.grad ?? new Float32Array(tensor.size);
  for (let i = 0; i < data.length; i++) {
    const original = data[i];
    const step = STEP * Math.max(1, Math.abs(original));
    data[i] = original + step;
    const plus = objective();
    data[i] = original - step;
    const minus = objective();
    data[i] = original;
    const numeric = (plus - minus) / (2 * step);
    if (!close(analytic[i], numeric, TOLERANCE.gradient)) {
      expect.fail(`${where}: grad[${i}] is ${analytic[i]}, finite difference ${numeric}`);
    }
  }
}
