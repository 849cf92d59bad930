import { describe, expect, it } from 'vitest';
import { Rng, Tensor, TensorShapeError } from '../src/index.ts';

describe('Tensor', () => {
  it('rejects data that does not fit the shape', () => {
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(
      /data has 5 elements but shape \[2, 3\] needs 6/,
    );
    expect(() => new Tensor(new Float32Array(0), [-1])).toThrow(TensorShapeError);
  });

  it('builds filled tensors', () => {
    expect(Array.from(Tensor.zeros([2]).data)).toEqual([0, 0]);
    expect(Array.from(Tensor.ones([3]).data)).toEqual([1, 1, 1]);
    expect(Array.from(Tensor.full([2, 1], 2.5).data)).toEqual([2.5, 2.5]);
    expect(Tensor.fromArray([1, 2, 3, 4], [2, 2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('treats rank 0 as one element', () => {
    const scalar = Tensor.fromArray([7], []);
    expect(scalar.rank).toBe(0);
    expect(scalar.size).toBe(1);
    expect(scalar.item()).toBe(7);
  });

  it('item rejects more than one element', () => {
    expect(() => Tensor.zeros([2]).item()).toThrow(/item: tensor of shape \[2\] has 2 elements/);
  });

  it('detach shares data without history', () => {
    const x = Tensor.ones([2], { requiresGrad: true });
    const detached = x.detach();
    expect(detached.data).toBe(x.data);
    expect(detached.requiresGrad).toBe(false);
    expect(detached.gradFn).toBeNull();
  });

  it('randn uses the generator and std', () => {
    const a = Tensor.randn([1000], new Rng(3), 0.5);
    const b = Tensor.randn([1000], new Rng(3), 0.5);
    expect(a.data).toEqual(b.data);
    const variance = a.data.reduce((total, v) => total + v * v, 0) / a.size;
    expect(Math.sqrt(variance)).toBeGreaterThan(0.45);
    expect(Math.sqrt(variance)).toBeLessThan(0.55);
  });
});

describe('Rng', () => {
  it('repeats a stream for the same seed', () => {
    const first = new Rng(42);
    const second = new Rng(42);
    for (let i = 0; i < 100; i++) expect(first.uniform()).toBe(second.uniform());
  });

  it('gives different streams for nearby seeds', () => {
    expect(new Rng(1).uniform()).not.toBe(new Rng(2).uniform());
  });

  it('keeps uniform samples in [0, 1) with mean near 1/2', () => {
    const rng = new Rng(7);
    let total = 0;
    for (let i = 0; i < 10000; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      total += u;
    }
    expect(Math.abs(total / 10000 - 0.5)).toBeLessThan(0.01);
  });

  it('draws normal samples with unit variance', () => {
    const rng = new Rng(11);
    let total = 0;
    let squares = 0;
    for (let i = 0; i < 20000; i++) {
      const v = rng.normal();
      total += v;
      squares += v * v;
    }
    expect(Math.abs(total / 20000)).toBeLessThan(0.03);
    expect(Math.abs(squares / 20000 - 1)).toBeLessThan(0.05);
  });

  it('draws every integer below n', () => {
    const rng = new Rng(5);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[rng.int(6)]++;
    for (const count of counts) expect(count).toBeGreaterThan(850);
    expect(() => rng.int(0)).toThrow(RangeError);
  });
});
