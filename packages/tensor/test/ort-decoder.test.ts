import { afterAll, describe, expect, it } from 'vitest';
import {
  add,
  backward,
  initBackend,
  matmul,
  mul,
  reshape,
  rmsNorm,
  rope,
  Rng,
  scale,
  silu,
  softmax,
  Tensor,
  transpose,
} from '../src/index.ts';

/** A tiny Llama-style decoder layer: batch 2, sequence 5, hidden 12, 3 query heads sharing 1 KV head. */
const BATCH = 2;
const SEQ = 5;
const HIDDEN = 12;
const HEADS = 3;
const HEAD_DIM = 4;
const INTERMEDIATE = 10;

interface Params {
  x: Tensor;
  norm: Tensor;
  q: Tensor;
  k: Tensor;
  v: Tensor;
  o: Tensor;
  gate: Tensor;
  up: Tensor;
  down: Tensor;
}

function createParams(): Params {
  const rng = new Rng(42);
  const param = (shape: number[]) => Tensor.randn(shape, rng, 0.3, { requiresGrad: true });
  return {
    x: param([BATCH, SEQ, HIDDEN]),
    norm: param([HIDDEN]),
    q: param([HIDDEN, HIDDEN]),
    k: param([HEAD_DIM, HIDDEN]),
    v: param([HEAD_DIM, HIDDEN]),
    o: param([HIDDEN, HIDDEN]),
    gate: param([INTERMEDIATE, HIDDEN]),
    up: param([INTERMEDIATE, HIDDEN]),
    down: param([HIDDEN, INTERMEDIATE]),
  };
}

function ropeTables(): { cos: Tensor; sin: Tensor } {
  const cos = new Float32Array(BATCH * SEQ * HEAD_DIM);
  const sin = new Float32Array(BATCH * SEQ * HEAD_DIM);
  for (let i = 0; i < cos.length; i++) {
    const position = Math.floor(i / HEAD_DIM) % SEQ;
    const angle = position / 100 ** ((i % (HEAD_DIM / 2)) / HEAD_DIM);
    cos[i] = Math.cos(angle);
    sin[i] = Math.sin(angle);
  }
  return { cos: new Tensor(cos, [BATCH, SEQ, HEAD_DIM]), sin: new Tensor(sin, [BATCH, SEQ, HEAD_DIM]) };
}

function causalMask(): Tensor {
  const mask = new Float32Array(SEQ * SEQ);
  for (let query = 0; query < SEQ; query++) {
    for (let key = query + 1; key < SEQ; key++) mask[query * SEQ + key] = -Infinity;
  }
  return new Tensor(mask, [SEQ, SEQ]);
}

/** Runs forward and backward on the active engine; returns the output and every parameter's gradient. */
function runLayer(): Record<string, Float32Array> {
  const p = createParams();
  const { cos, sin } = ropeTables();
  const linear = (input: Tensor, weight: Tensor) => matmul(input, weight, { transposeB: true });

  const h = rmsNorm(p.x, p.norm, 1e-5);
  const q = rope(transpose(reshape(linear(h, p.q), [BATCH, SEQ, HEADS, HEAD_DIM]), [0, 2, 1, 3]), cos, sin);
  const k = rope(reshape(linear(h, p.k), [BATCH, 1, SEQ, HEAD_DIM]), cos, sin);
  const v = reshape(linear(h, p.v), [BATCH, 1, SEQ, HEAD_DIM]);

  // The three query heads share the one KV head, so they are stacked along the sequence axis.
  const grouped = reshape(q, [BATCH, 1, HEADS * SEQ, HEAD_DIM]);
  const scores = reshape(scale(matmul(grouped, k, { transposeB: true }), 0.5), [BATCH, HEADS, SEQ, SEQ]);
  const probabilities = reshape(softmax(add(scores, causalMask()), -1), [BATCH, 1, HEADS * SEQ, SEQ]);
  const context = reshape(matmul(probabilities, v), [BATCH, HEADS, SEQ, HEAD_DIM]);
  const merged = reshape(transpose(context, [0, 2, 1, 3]), [BATCH, SEQ, HIDDEN]);
  const attended = add(p.x, linear(merged, p.o));

  const gated = mul(silu(linear(attended, p.gate)), linear(attended, p.up));
  const y = add(attended, linear(gated, p.down));

  const outputGrad = Tensor.randn(y.shape, new Rng(7)).data;
  backward(y, outputGrad);
  const grads = Object.fromEntries(
    Object.entries(p).map(([name, tensor]) => [name, tensor.grad ?? new Float32Array(0)]),
  );
  return { y: y.data, ...grads };
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxDiff / maxRef;
}

describe('ort and js engines on a decoder layer', () => {
  afterAll(async () => initBackend({ engine: 'js' }));

  it('agree on the output and every gradient', async () => {
    await initBackend({ engine: 'js' });
    const js = runLayer();
    await initBackend({ engine: 'ort', threads: 2 });
    const ort = runLayer();

    for (const [name, expected] of Object.entries(js)) {
      expect(expected.length, `${name} is empty`).toBeGreaterThan(0);
      expect(ort[name].length, name).toBe(expected.length);
      expect(relativeError(ort[name], expected), name).toBeLessThan(1e-5);
    }
  });
});
