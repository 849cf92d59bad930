/** Element-wise functions of one tensor. */
import { binaryElementwise } from '../kernels/dispatch.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

export function neg(x: Tensor): Tensor {
  return scaleWithName(x, -1, 'neg');
}

/** Returns x * s for a constant s. */
export function scale(x: Tensor, s: number): Tensor {
  return scaleWithName(x, s, 'scale');
}

function scaleWithName(x: Tensor, s: number, op: string): Tensor {
  const factor = Float32Array.of(s);
  const times = (values: Float32Array) => binaryElementwise('mul', values, x.shape, factor, [], x.shape);

  return record(new Tensor(times(x.data), x.shape), op, [x], (g) => [times(g)]);
}

export function exp(x: Tensor): Tensor {
  const out = new Float32Array(x.size);
  const input = x.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(input[i]);

  return record(new Tensor(out, x.shape), 'exp', [x], (g) => {
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) grad[i] = g[i] * out[i];
    return [grad];
  });
}

export function log(x: Tensor): Tensor {
  const out = new Float32Array(x.size);
  const input = x.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.log(input[i]);

  return record(new Tensor(out, x.shape), 'log', [x], (g) => {
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) grad[i] = g[i] / input[i];
    return [grad];
  });
}

export function sqrt(x: Tensor): Tensor {
  const out = new Float32Array(x.size);
  const input = x.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(input[i]);

  return record(new Tensor(out, x.shape), 'sqrt', [x], (g) => {
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) grad[i] = (0.5 * g[i]) / out[i];
    return [grad];
  });
}

/** Computes tanh(x). The backward reads the output because d tanh(x)/dx = 1 - tanh(x)^2. */
export function tanh(x: Tensor): Tensor {
  const out = new Float32Array(x.size);
  const input = x.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.tanh(input[i]);

  return record(new Tensor(out, x.shape), 'tanh', [x], (g) => {
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) grad[i] = g[i] * (1 - out[i] * out[i]);
    return [grad];
  });
}

export function square(x: Tensor): Tensor {
  const out = new Float32Array(x.size);
  const input = x.data;
  for (let i = 0; i < out.length; i++) out[i] = input[i] * input[i];

  return record(new Tensor(out, x.shape), 'square', [x], (g) => {
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) grad[i] = 2 * g[i] * input[i];
    return [grad];
  });
}
