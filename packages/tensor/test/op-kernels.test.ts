/**
 * Ops that hand their arithmetic to optional engine kernels. On the ORT engine each op must call its
 * kernels, and its values and gradients must match the same op on the js engine, which runs the op's loops.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { KernelEngine } from '../src/engine.ts';
import { backward, getEngine, initBackend, Rng, Tensor } from '../src/index.ts';
import * as T from '../src/index.ts';

type KernelName = keyof KernelEngine;

interface KernelCase {
  name: string;
  /** Expected calls of each kernel in one forward and backward pass on the ort engine. */
  kernelCalls: Partial<Record<KernelName, number>>;
  /** A kernel used only by the backward, removed to run an ort forward with the js backward. */
  backwardKernel?: KernelName;
  inputShapes: number[][];
  run: (inputs: Tensor[]) => Tensor;
}

const CASES: KernelCase[] = [
  {
    name: 'rmsNorm',
    kernelCalls: { rmsNorm: 1, rmsNormBackward: 1 },
    backwardKernel: 'rmsNormBackward',
    inputShapes: [[3, 5, 16], [16]],
    run: ([x, w]) => T.rmsNorm(x, w, 1e-5),
  },
  {
    name: 'rmsNorm with weightOffset 1',
    kernelCalls: { rmsNorm: 1, rmsNormBackward: 1 },
    backwardKernel: 'rmsNormBackward',
    inputShapes: [[4, 16], [16]],
    run: ([x, w]) => T.rmsNorm(x, w, 1e-6, { weightOffset: 1 }),
  },
  {
    name: 'gelu',
    kernelCalls: { gelu: 1, geluBackward: 1 },
    backwardKernel: 'geluBackward',
    inputShapes: [[4, 64]],
    run: ([x]) => T.gelu(T.scale(x, 3)),
  },
  {
    // 18,432 elements: add, mul, both mul gradients and the tape's sum for the reused a go to the
    // engine, while the sum of b's gradient over the broadcast axis stays in the js loop.
    name: 'add and mul on large tensors',
    kernelCalls: { binary: 5 },
    inputShapes: [
      [4, 64, 72],
      [64, 72],
    ],
    run: ([a, b]) => T.mul(T.add(a, b), a),
  },
  {
    // sub, scale, div, div's two gradient products and scale's gradient go to the engine. The ops
    // on b alone stay in the js loops because b has only 4,608 elements.
    name: 'sub, scale and div on large tensors',
    kernelCalls: { binary: 6 },
    inputShapes: [
      [4, 64, 72],
      [64, 72],
    ],
    run: ([a, b]) => T.div(T.scale(T.sub(a, b), 0.5), T.add(T.square(b), 1)),
  },
];

/** max |actual - expected| / max |expected|. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let maxDiff = 0;
  let maxExpected = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxExpected = Math.max(maxExpected, Math.abs(expected[i]));
  }
  return maxDiff / maxExpected;
}

/** Runs the case forward and backward on the active engine; returns the output and each input's gradient. */
function runCase(testCase: KernelCase): Float32Array[] {
  const rng = new Rng(99);
  const inputs = testCase.inputShapes.map((shape) => Tensor.randn(shape, rng, 1, { requiresGrad: true }));
  const output = testCase.run(inputs);
  backward(output, Tensor.randn(output.shape, rng).data);
  return [output.data, ...inputs.map((input) => input.grad ?? new Float32Array(0))];
}

/** Shadows one kernel of the active engine with undefined, as an engine without it would have. */
function removeKernel(engine: KernelEngine, kernel: KernelName): void {
  Object.defineProperty(engine, kernel, { value: undefined, configurable: true });
}

describe.each(CASES)('$name on engine kernels', (testCase) => {
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => initBackend({ engine: 'js' }));

  it('calls the ort kernels', async () => {
    await initBackend({ engine: 'ort', threads: 1 });
    const engine = getEngine();
    const spies = Object.keys(testCase.kernelCalls).map((kernel) => vi.spyOn(engine, kernel as 'silu'));

    runCase(testCase);

    Object.values(testCase.kernelCalls).forEach((calls, i) => {
      expect(spies[i], Object.keys(testCase.kernelCalls)[i]).toHaveBeenCalledTimes(calls);
    });
  });

  it('matches the js loops', async () => {
    await initBackend({ engine: 'js' });
    const expected = runCase(testCase);
    await initBackend({ engine: 'ort', threads: 1 });
    const actual = runCase(testCase);

    expected.forEach((values, i) => {
      expect(values.length, `result ${i} is empty`).toBeGreaterThan(0);
      expect(relativeError(actual[i], values), `result ${i}`).toBeLessThan(1e-5);
    });
  });

  it.runIf(testCase.backwardKernel !== undefined)(
    'mixes an ort forward with the js backward loop',
    async () => {
      await initBackend({ engine: 'js' });
      const expected = runCase(testCase);
      await initBackend({ engine: 'ort', threads: 1 });
      removeKernel(getEngine(), testCase.backwardKernel!);
      const actual = runCase(testCase);

      expected.forEach((values, i) => {
        expect(relativeError(actual[i], values), `result ${i}`).toBeLessThan(1e-5);
      });
    },
  );
});
