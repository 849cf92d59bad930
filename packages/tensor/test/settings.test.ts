import { describe, expect, it } from 'vitest';
import * as T from '../src/index.ts';

describe('initBackend', () => {
  it('getEngine names initBackend before it ran', () => {
    expect(() => T.getEngine()).toThrow(/await initBackend\(\)/);
    expect(() => T.matmul(T.Tensor.ones([1, 1]), T.Tensor.ones([1, 1]))).toThrow(T.BackendError);
  });

  it('rejects an unknown engine and bad thread counts', async () => {
    await expect(T.initBackend({ engine: 'gpu' as 'js' })).rejects.toThrow(/unknown engine 'gpu'/);
    await expect(T.initBackend({ engine: 'js', threads: 0 })).rejects.toThrow(
      /threads must be a positive integer/,
    );
  });

  it('switches to the js engine', async () => {
    await T.initBackend({ engine: 'js' });
    expect(T.getEngine().name).toBe('js');
    const product = T.matmul(T.Tensor.fromArray([1, 2], [1, 2]), T.Tensor.fromArray([3, 4], [2, 1]));
    expect(product.item()).toBe(11);
  });
});
