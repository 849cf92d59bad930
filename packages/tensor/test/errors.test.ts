import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '../src/index.ts';
import { ENGINES } from './engines.ts';

const zeros = (shape: number[]) => T.Tensor.zeros(shape);

describe.each(ENGINES)('op errors on the $name engine', (engine) => {
  beforeAll(() => engine.init());

  it('matmul names both shapes', () => {
    expect(() => T.matmul(zeros([2, 3, 4]), zeros([5, 6]))).toThrow(
      'matmul: inner dimensions differ: a [2, 3, 4] vs b [5, 6]',
    );
    expect(() => T.matmul(zeros([2, 3, 4]), zeros([3, 4, 5]))).toThrow(
      /batch dimensions differ: a \[2, 3, 4\] vs b \[3, 4, 5\]/,
    );
    expect(() => T.matmul(zeros([4]), zeros([4, 2]))).toThrow(/rank >= 2/);
  });

  it('element-wise ops name unbroadcastable shapes', () => {
    expect(() => T.add(zeros([2, 3]), zeros([4]))).toThrow(
      'add: shapes cannot be broadcast together: a [2, 3] vs b [4]',
    );
    expect(() => T.mul(zeros([2]), zeros([3]))).toThrow(/^mul: /);
  });

  it('rejects an empty batch by op name', () => {
    expect(() => T.matmul(zeros([0, 3]), zeros([3, 2]))).toThrow('matmul: a [0, 3] is empty');
    expect(() => T.crossEntropy(zeros([0, 4]), new Int32Array(0))).toThrow(
      'crossEntropy: logits [0, 4] is empty',
    );
    expect(() => T.mean(zeros([0, 4]))).toThrow(/mean: input \[0, 4\] is empty/);
    expect(() => T.softmax(zeros([2, 0]))).toThrow(/softmax: input \[2, 0\] is empty/);
    expect(() => T.rmsNorm(zeros([0, 4]), zeros([4]), 1e-6)).toThrow(/rmsNorm: x \[0, 4\] is empty/);
    expect(() => T.embedding(zeros([3, 2]), new Int32Array(0), [0])).toThrow(/embedding: ids \[0\] is empty/);
  });

  it('embedding names an out-of-range id and V', () => {
    expect(() => T.embedding(zeros([3, 2]), new Int32Array([0, 3]), [2])).toThrow(
      'embedding: id 3 at position 1 is out of range for vocabulary size 3',
    );
  });

  it('crossEntropy rejects bad targets', () => {
    expect(() => T.crossEntropy(zeros([2, 3]), new Int32Array([0, 5]))).toThrow(/target 5 at row 1/);
    expect(() => T.crossEntropy(zeros([2, 3]), new Int32Array([-100, -100]))).toThrow(
      /all 2 targets equal ignoreIndex/,
    );
    expect(() => T.crossEntropy(zeros([2, 3]), new Int32Array([0]))).toThrow(
      /logits \[2, 3\] vs targets \[1\]/,
    );
  });

  it('shape ops reject invalid arguments', () => {
    expect(() => T.reshape(zeros([2, 3]), [4, -1])).toThrow('reshape: cannot reshape [2, 3] into [4, -1]');
    expect(() => T.reshape(zeros([2, 3]), [-1, -1])).toThrow(/at most one -1/);
    expect(() => T.transpose(zeros([2, 3]), [0, 0])).toThrow(/not a permutation/);
    expect(() => T.slice(zeros([2, 3]), 1, 2, 4)).toThrow(
      /range \[2, 4\) is invalid for axis 1 of shape \[2, 3\]/,
    );
    expect(() => T.concat([zeros([2, 3]), zeros([3, 3])], 1)).toThrow(
      /shapes differ outside axis 1: \[2, 3\] vs \[3, 3\]/,
    );
    expect(() => T.sum(zeros([2, 3]), [2])).toThrow(/sum: axis 2 is out of range for a rank-2 tensor/);
  });

  it('rmsNorm and rope name their shapes', () => {
    expect(() => T.rmsNorm(zeros([2, 4]), zeros([3]), 1e-6)).toThrow(/x \[2, 4\] vs weight \[3\]/);
    expect(() => T.rope(zeros([1, 2, 3, 4]), zeros([1, 5, 4]), zeros([1, 5, 4]))).toThrow(
      /rope: cos and sin must be/,
    );
    expect(() => T.rope(zeros([1, 2, 3, 5]), zeros([1, 3, 5]), zeros([1, 3, 5]))).toThrow(/must be even/);
  });
});
