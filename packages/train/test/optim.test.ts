import { describe, expect, it } from 'vitest';

import { AdamW } from '../src/optim/adamw.ts';
import { clipGradNorm } from '../src/optim/clip.ts';
import { checkSchedule, warmupCosineLr } from '../src/optim/schedule.ts';
import type { TrainableParameter } from '../src/optim/parameter.ts';

function parameter(values: number[], weightDecay = true): TrainableParameter {
  return { name: 'w', tensor: { data: Float32Array.from(values), grad: null }, weightDecay };
}

describe('AdamW', () => {
  it('matches hand-computed steps', () => {
    const w = parameter([1, -2]);
    const optimizer = new AdamW([w], { weightDecay: 0.1 });

    // Step 1: m_hat = g and v_hat = g^2, so the update is sign(g); w = w * (1 - 0.1 * 0.1) - 0.1 * sign(g).
    w.tensor.grad = Float32Array.from([0.5, 1]);
    optimizer.step(0.1);
    expect(w.tensor.data[0]).toBeCloseTo(0.89, 6);
    expect(w.tensor.data[1]).toBeCloseTo(-2.08, 6);

    // Step 2, first element with g = -0.25: m = 0.9 * 0.05 - 0.1 * 0.25 = 0.02, m_hat = 0.02 / 0.19;
    // v = 0.999 * 0.00025 + 0.001 * 0.0625 = 0.00031225, v_hat = v / 0.001999;
    // w = 0.89 * 0.99 - 0.1 * m_hat / sqrt(v_hat) = 0.8544663 (PyTorch 1.13 AdamW gives 0.8544664).
    w.tensor.grad = Float32Array.from([-0.25, 1]);
    optimizer.step(0.1);
    expect(w.tensor.data[0]).toBeCloseTo(0.8544663, 6);
    expect(w.tensor.data[1]).toBeCloseTo(-2.1592, 6);
    expect(optimizer.steps).toBe(2);
  });

  it('skips decay when disabled', () => {
    const w = parameter([1], false);
    const optimizer = new AdamW([w], { weightDecay: 0.5 });

    w.tensor.grad = Float32Array.from([2]);
    optimizer.step(0.1);
    expect(w.tensor.data[0]).toBeCloseTo(0.9, 6);
  });

  it('leaves gradient-free parameters alone', () => {
    const w = parameter([3]);
    const optimizer = new AdamW([w]);

    optimizer.step(0.1);
    expect(w.tensor.data[0]).toBe(3);
  });

  it('zeroGrad clears gradients', () => {
    const w = parameter([3]);
    w.tensor.grad = Float32Array.from([1]);

    new AdamW([w]).zeroGrad();
    expect(w.tensor.grad).toBeNull();
  });

  it('rejects beta outside [0, 1)', () => {
    expect(() => new AdamW([], { beta1: 1 })).toThrow(/beta1 must be in \[0, 1\), got 1/);
  });
});

describe('warmupCosineLr', () => {
  const options = { peakLr: 1e-3, warmupSteps: 4, totalSteps: 14, minLrRatio: 0.1 };

  it('warms up linearly from the first step', () => {
    expect(warmupCosineLr(0, options)).toBeCloseTo(0.25e-3, 12);
    expect(warmupCosineLr(3, options)).toBeCloseTo(1e-3, 12);
  });

  it('follows the half cosine after warmup', () => {
    expect(warmupCosineLr(4, options)).toBeCloseTo(1e-3, 12);
    // Halfway through decay (step 9 of 4..14): min + (peak - min) * 0.5 = 1e-4 + 9e-4 / 2.
    expect(warmupCosineLr(9, options)).toBeCloseTo(5.5e-4, 12);
    // A quarter through: 1e-4 + 9e-4 * 0.5 * (1 + cos(pi / 4)).
    expect(warmupCosineLr(6.5, options)).toBeCloseTo(1e-4 + 9e-4 * 0.5 * (1 + Math.SQRT1_2), 12);
    expect(warmupCosineLr(14, options)).toBeCloseTo(1e-4, 12);
  });

  it('holds the final rate past the end', () => {
    expect(warmupCosineLr(100, options)).toBeCloseTo(1e-4, 12);
  });

  it('rejects warmup longer than training', () => {
    expect(() => checkSchedule({ peakLr: 1e-3, warmupSteps: 5, totalSteps: 4 })).toThrow(
      /warmupSteps must be/,
    );
  });
});

describe('clipGradNorm', () => {
  it('scales gradients to the max norm', () => {
    const a = { data: new Float32Array(2), grad: Float32Array.from([3, 0]) };
    const b = { data: new Float32Array(1), grad: Float32Array.from([4]) };

    const norm = clipGradNorm([a, b], 1);

    expect(norm).toBeCloseTo(5, 6);
    expect(a.grad[0]).toBeCloseTo(0.6, 5);
    expect(b.grad[0]).toBeCloseTo(0.8, 5);
  });

  it('keeps gradients under the max norm', () => {
    const a = { data: new Float32Array(1), grad: Float32Array.from([0.5]) };

    expect(clipGradNorm([a], 1)).toBeCloseTo(0.5, 6);
    expect(a.grad[0]).toBe(0.5);
  });

  it('returns a non-finite norm unchanged', () => {
    const a = { data: new Float32Array(1), grad: Float32Array.from([Number.NaN]) };

    expect(clipGradNorm([a], 1)).toBeNaN();
  });
});
