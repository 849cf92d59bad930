import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '../src/index.ts';
import { ENGINES } from './engines.ts';

describe.each(ENGINES)('edge cases on the $name engine', (engine) => {
  beforeAll(() => engine.init());

  it('leaves an unused input without gradient', () => {
    const used = T.Tensor.ones([2], { requiresGrad: true });
    const unused = T.Tensor.ones([2], { requiresGrad: true });
    T.backward(T.sum(T.scale(used, 2)));
    expect(unused.grad).toBeNull();
    expect(Array.from(used.grad!)).toEqual([2, 2]);
  });

  it('backpropagates through a 20000-op chain', () => {
    const x = T.Tensor.fromArray([1], [1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = T.add(y, 0);
    T.backward(y);
    expect(x.grad![0]).toBe(1);
  });

  it('cosineSimilarity of a zero vector is 0 with finite gradients', () => {
    const zero = T.Tensor.zeros([3], { requiresGrad: true });
    const other = T.Tensor.fromArray([1, 2, 3], [3], { requiresGrad: true });
    const similarity = T.cosineSimilarity(zero, other);
    expect(similarity.item()).toBe(0);
    T.backward(similarity);
    for (const value of zero.grad!) expect(Number.isFinite(value)).toBe(true);
    for (const value of other.grad!) expect(value).toBe(0);
  });

  it('cosineSimilarity of parallel vectors is 1', () => {
    const a = T.Tensor.fromArray([1, 2, 2, 0, 3, 4], [2, 3]);
    const b = T.Tensor.fromArray([2, 4, 4, 0, 6, 8], [2, 3]);
    const similarity = T.cosineSimilarity(a, b, 1);
    expect(similarity.shape).toEqual([2]);
    expect(similarity.data[0]).toBeCloseTo(1, 6);
    expect(similarity.data[1]).toBeCloseTo(1, 6);
  });

  it('crossEntropy stays finite for large logits', () => {
    const logits = T.Tensor.fromArray([1000, 0, -1000, 0], [2, 2], { requiresGrad: true });
    const loss = T.crossEntropy(logits, new Int32Array([1, 0]));
    // Each row puts all its mass away from its target, a loss of 1000 per row.
    expect(loss.item()).toBeCloseTo(1000, 3);
    T.backward(loss);
    expect(Array.from(logits.grad!)).toEqual([0.5, -0.5, -0.5, 0.5]);
  });

  it('crossEntropy matches a hand-computed value', () => {
    const logits = T.Tensor.fromArray([0, Math.log(3), 5, 5], [2, 2]);
    const loss = T.crossEntropy(logits, new Int32Array([1, -1]), { ignoreIndex: -1 });
    // softmax([0, ln 3]) = [1/4, 3/4], so the loss is -ln(3/4); the second row is ignored.
    expect(loss.item()).toBeCloseTo(-Math.log(0.75), 6);
  });

  it('softmax gives zero weight to masked entries', () => {
    const scores = T.Tensor.fromArray([1, -Infinity, 2, 0.5], [2, 2], { requiresGrad: true });
    const probabilities = T.softmax(scores);
    expect(probabilities.data[0]).toBe(1);
    expect(probabilities.data[1]).toBe(0);
    T.backward(probabilities, new Float32Array([1, 2, 3, 4]));
    expect(scores.grad![0]).toBe(0);
    expect(scores.grad![1]).toBe(0);
  });

  it('rmsNorm matches a hand-computed row', () => {
    const x = T.Tensor.fromArray([3, 4], [1, 2]);
    const weight = T.Tensor.fromArray([1, 0.5], [2]);
    // rms = sqrt((9 + 16) / 2), so y = [3, 4] / 3.5355 * [1, 0.5].
    const y = T.rmsNorm(x, weight, 0);
    expect(y.data[0]).toBeCloseTo(3 / Math.sqrt(12.5), 6);
    expect(y.data[1]).toBeCloseTo((4 / Math.sqrt(12.5)) * 0.5, 6);
    const gemma = T.rmsNorm(x, weight, 0, { weightOffset: 1 });
    expect(gemma.data[1]).toBeCloseTo((4 / Math.sqrt(12.5)) * 1.5, 6);
  });

  it('rope rotates pairs across the halves', () => {
    const x = T.Tensor.fromArray([1, 0, 0, 1], [1, 1, 1, 4]);
    const angle = Math.PI / 2;
    const cos = T.Tensor.full([1, 1, 4], Math.cos(angle));
    const sin = T.Tensor.full([1, 1, 4], Math.sin(angle));
    // A quarter turn maps (x1, x2) = (1, 0) to (0, 1) and (0, 1) to (-1, 0).
    const y = T.rope(x, cos, sin);
    expect(Array.from(y.data).map((v) => Math.round(v))).toEqual([0, -1, 1, 0]);
  });

  it('gelu and silu match known values', () => {
    const y = T.gelu(T.Tensor.fromArray([0, 1, -1], [3]));
    expect(y.data[0]).toBe(0);
    expect(y.data[1]).toBeCloseTo(0.841192, 5);
    expect(y.data[2]).toBeCloseTo(-0.158808, 5);
    expect(T.silu(T.Tensor.fromArray([1], [1])).item()).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('tanh saturates with finite gradients', () => {
    const x = T.Tensor.fromArray([-5000, -40, 0, 40, 5000], [5], { requiresGrad: true });
    const y = T.tanh(x);
    T.backward(T.sum(y));
    expect(Array.from(y.data)).toEqual([-1, -1, 0, 1, 1]);
    expect(Array.from(x.grad!)).toEqual([0, 0, 1, 0, 0]);
  });

  it('sum and mean drop or keep axes', () => {
    const x = T.Tensor.fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(T.sum(x).shape).toEqual([]);
    expect(T.sum(x).item()).toBe(21);
    expect(Array.from(T.sum(x, [0]).data)).toEqual([5, 7, 9]);
    expect(T.mean(x, [1], true).shape).toEqual([2, 1]);
    expect(Array.from(T.mean(x, [1], true).data)).toEqual([2, 5]);
  });

  it('matmul shares a weight across batch entries', () => {
    const x = T.Tensor.fromArray([1, 2, 3, 4], [2, 1, 2], { requiresGrad: true });
    const weight = T.Tensor.fromArray([1, 0, 0, 1, 1, 1], [3, 2], { requiresGrad: true });
    const y = T.matmul(x, weight, { transposeB: true });
    expect(y.shape).toEqual([2, 1, 3]);
    expect(Array.from(y.data)).toEqual([1, 2, 3, 3, 4, 7]);
    T.backward(T.sum(y));
    // Each weight row receives the sum of the batch's inputs: [1 + 3, 2 + 4].
    expect(Array.from(weight.grad!)).toEqual([4, 6, 4, 6, 4, 6]);
  });
});
