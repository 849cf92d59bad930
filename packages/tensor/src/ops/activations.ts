/** SiLU and the tanh approximation of GELU. */
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/** silu(x) = x * sigmoid(x). */
export function silu(x: Tensor): Tensor {
  const input = x.data;
  const sigmoid = new Float32Array(x.size);
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) {
    const s = 1 / (1 + Math.exp(-input[i]));
    sigmoid[i] = s;
    out[i] = input[i] * s;
  }

  return record(new Tensor(out, x.shape), 'silu', [x], (g) => {
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) {
      const s = sigmoid[i];
      grad[i] = g[i] * s * (1 + input[i] * (1 - s));
    }
    return [grad];
  });
}

const GELU_SCALE = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/** gelu(x) = 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))), PyTorch's approximate='tanh'. */
export function gelu(x: Tensor): Tensor {
  const input = x.data;
  const tanh = new Float32Array(x.size);
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) {
    const v = input[i];
    const t = Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
    tanh[i] = t;
    out[i] = 0.5 * v * (1 + t);
  }

  return record(new Tensor(out, x.shape), 'gelu', [x], (g) => {
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) {
      const v = input[i];
      const t = tanh[i];
      const du = GELU_SCALE * (1 + 3 * GELU_CUBIC * v * v);
      grad[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du);
    }
    return [grad];
  });
}
