import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '../src/index.ts';
import { ENGINES } from './engines.ts';

describe.each(ENGINES)('tape on the $name engine', (engine) => {
  beforeAll(() => engine.init());

  it('uses a caller-supplied output gradient', () => {
    const x = T.Tensor.fromArray([1, 2, 3], [3], { requiresGrad: true });
    T.backward(T.square(x), new Float32Array([1, 10, 100]));
    // d(x^2)/dx = 2x, weighted by the output gradient.
    expect(Array.from(x.grad!)).toEqual([2, 40, 600]);
  });

  it('reduces a broadcast gradient to the input shape', () => {
    const a = T.Tensor.zeros([2, 3], { requiresGrad: true });
    const bias = T.Tensor.zeros([3], { requiresGrad: true });
    T.backward(T.sum(T.add(a, bias)));
    expect(Array.from(bias.grad!)).toEqual([2, 2, 2]);
    expect(Array.from(a.grad!)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('sums large gradients of a reused input', () => {
    // 20,000 elements, above the size at which the ort engine sums gradients with its add kernel.
    const x = T.Tensor.fromArray(new Float32Array(20_000).fill(1.5), [100, 200], { requiresGrad: true });
    const y = T.add(T.add(x, x), T.mul(x, x));
    T.backward(y, new Float32Array(20_000).fill(2));
    // d(2x + x^2)/dx = 2 + 2x = 5 at x = 1.5, times the output gradient 2.
    expect(x.grad!.every((value) => value === 10)).toBe(true);
    expect(Array.from(y.data.subarray(0, 2))).toEqual([5.25, 5.25]);
  });

  it('accumulates across backward calls until zeroGrad', () => {
    const x = T.Tensor.fromArray([3], [1], { requiresGrad: true });
    T.backward(T.scale(x, 2));
    T.backward(T.scale(x, 5));
    expect(x.grad![0]).toBe(7);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('adds both contributions of a reused intermediate', () => {
    const x = T.Tensor.fromArray([2], [1], { requiresGrad: true });
    const y = T.exp(x);
    // loss = y * y + y, so dloss/dx = (2y + 1) * y.
    T.backward(T.add(T.mul(y, y), y));
    const e = Math.exp(2);
    expect(x.grad![0]).toBeCloseTo((2 * e + 1) * e, 3);
  });

  it('records nothing inside noGrad', () => {
    const x = T.Tensor.ones([2], { requiresGrad: true });
    const y = T.noGrad(() => {
      expect(T.isGradEnabled()).toBe(false);
      return T.scale(x, 2);
    });
    expect(T.isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });

  it('restores grad mode when noGrad throws', () => {
    expect(() =>
      T.noGrad(() => {
        throw new Error('inner failure');
      }),
    ).toThrow('inner failure');
    expect(T.isGradEnabled()).toBe(true);
  });

  it('rejects a loss that needs no grad', () => {
    expect(() => T.backward(T.Tensor.ones([1]))).toThrow(/does not require grad/);
  });

  it('rejects a non-scalar loss without outputGrad', () => {
    const x = T.Tensor.ones([2], { requiresGrad: true });
    expect(() => T.backward(T.scale(x, 2))).toThrow(/loss of shape \[2\] has 2 elements/);
    expect(() => T.backward(T.scale(x, 2), new Float32Array(3))).toThrow(/outputGrad has 3 elements/);
  });

  it('releases the graph after backward', () => {
    const x = T.Tensor.ones([2], { requiresGrad: true });
    const hidden = T.exp(x);
    const loss = T.sum(hidden);
    T.backward(loss);
    expect(hidden.gradFn?.parents).toEqual([]);
    expect(() => T.backward(T.sum(hidden))).toThrow(/graph through exp was already released/);
  });

  it('keeps no gradient on intermediate tensors', () => {
    const x = T.Tensor.ones([2], { requiresGrad: true });
    const hidden = T.exp(x);
    T.backward(T.sum(hidden));
    expect(hidden.grad).toBeNull();
    expect(x.grad).not.toBeNull();
  });

  it('shares data between a reshape and its input', () => {
    const x = T.Tensor.zeros([2, 3]);
    expect(T.reshape(x, [3, 2]).data).toBe(x.data);
  });
});
