/** SiLU and the tanh approximation of GELU. */
import { getEngine } from '../settings.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/**
 * silu(x) = x * sigmoid(x). Runs the engine's SiLU kernels when it has them; otherwise the forward
 * loop keeps sigmoid(x) so the backward needs no second exp.
 */
export function silu(x: Tensor): Tensor {
  const engine = getEngine();
  const input = x.data;
  let out: Float32Array;
  let sigmoid: Float32Array | null = null;
  if (engine.silu !== undefined) {
    out = engine.silu(input);
  } else {
    sigmoid = new Float32Array(x.size);
    out = new Float32Array(x.size);
    for (let i = 0; i < out.length; i++) {
      const s = 1 / (1 + Math.exp(-input[i]));
      sigmoid[i] = s;
      out[i] = input[i] * s;
    }
  }

  return record(new Tensor(out, x.shape), 'silu', [x], (g) => {
    const active = getEngine();
    if (sigmoid === null && active.siluBackward !== undefined) return [active.siluBackward(input, g)];
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) {
      const s = sigmoid === null ? 1 / (1 + Math.exp(-input[i])) : sigmoid[i];
      grad[i] = g[i] * s * (1 + input[i] * (1 - s));
    }
    return [grad];
  });
}

const GELU_SCALE = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/**
 * gelu(x) = 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))), PyTorch's approximate='tanh'. Runs the
 * engine's GELU kernels when it has them; otherwise the forward loop keeps the tanh for the backward.
 */
export function gelu(x: Tensor): Tensor {
  const engine = getEngine();
  const input = x.data;
  let out: Float32Array;
  let tanh: Float32Array | null = null;
  if (engine.gelu !== undefined) {
    out = engine.gelu(input);
  } else {
    tanh = new Float32Array(x.size);
    out = new Float32Array(x.size);
    for (let i = 0; i < out.length; i++) {
      const v = input[i];
      const t = geluTanh(v);
      tanh[i] = t;
      out[i] = 0.5 * v * (1 + t);
    }
  }

  return record(new Tensor(out, x.shape), 'gelu', [x], (g) => {
    const active = getEngine();
    if (tanh === null && active.geluBackward !== undefined) return [active.geluBackward(input, g)];
    const grad = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) {
      const v = input[i];
      const t = tanh === null ? geluTanh(v) : tanh[i];
      const du = GELU_SCALE * (1 + 3 * GELU_CUBIC * v * v);
      grad[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du);
    }
    return [grad];
  });
}

function geluTanh(v: number): number {
  return Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
}
