import { beforeAll, describe, it } from 'vitest';
import * as T from '../src/index.ts';
import { ENGINES } from './engines.ts';
import { checkGradients, type GradCase } from './grad-check.ts';
import * as R from './reference.ts';

const IDS = new Int32Array([2, 0, 2, 4, 2, 1]);
const TARGETS = new Int32Array([1, -100, 3, 0, -100]);
/** cos/sin tables [batch, 3, 4] like a rotary embedding's: both halves of D use the same angles. */
function ropeTables(batch: number): { cos: T.Tensor; sin: T.Tensor } {
  const count = batch * 3 * 4;
  const cos = new Float32Array(count);
  const sin = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const [b, t, d] = [Math.floor(i / 12), Math.floor(i / 4) % 3, i % 2];
    const angle = (t + 1 + b) / (1 + 9 * d);
    cos[i] = Math.cos(angle);
    sin[i] = Math.sin(angle);
  }
  return { cos: new T.Tensor(cos, [batch, 3, 4]), sin: new T.Tensor(sin, [batch, 3, 4]) };
}

function toArray(t: T.Tensor): R.Array64 {
  return { data: Float64Array.from(t.data), shape: [...t.shape] };
}

const CASES: GradCase[] = [
  {
    name: 'add broadcast [2, 3, 4] + [4]',
    inputs: [{ shape: [2, 3, 4] }, { shape: [4] }],
    run: ([a, b]) => T.add(a, b),
    reference: ([a, b]) => R.binary(a, b, (x, y) => x + y),
  },
  {
    name: 'sub broadcast [3, 1] - [1, 4]',
    inputs: [{ shape: [3, 1] }, { shape: [1, 4] }],
    run: ([a, b]) => T.sub(a, b),
    reference: ([a, b]) => R.binary(a, b, (x, y) => x - y),
  },
  {
    name: 'mul broadcast [2, 1, 4] * [3, 1]',
    inputs: [{ shape: [2, 1, 4] }, { shape: [3, 1] }],
    run: ([a, b]) => T.mul(a, b),
    reference: ([a, b]) => R.binary(a, b, (x, y) => x * y),
  },
  {
    name: 'div [2, 3] / [3]',
    inputs: [{ shape: [2, 3] }, { shape: [3], values: 'positive' }],
    run: ([a, b]) => T.div(a, b),
    reference: ([a, b]) => R.binary(a, b, (x, y) => x / y),
  },
  {
    name: 'div by a number and a size-1 rank-0 tensor',
    inputs: [{ shape: [3] }, { shape: [], values: 'positive' }],
    run: ([a, b]) => T.div(T.add(a, 2), b),
    reference: ([a, b]) => R.binary(a, b, (x, y) => (x + 2) / y),
  },
  {
    name: 'mul with an input used twice',
    inputs: [{ shape: [2, 3] }],
    run: ([a]) => T.mul(a, a),
    reference: ([a]) => R.map(a, (x) => x * x),
  },
  {
    name: 'unused input gets no gradient',
    inputs: [{ shape: [3] }, { shape: [3] }],
    run: ([a]) => T.scale(a, 3),
    reference: ([a]) => R.map(a, (x) => 3 * x),
  },
  {
    name: 'neg exp log sqrt square chain',
    inputs: [{ shape: [2, 3], values: 'positive' }],
    run: ([x]) => T.add(T.add(T.neg(T.exp(x)), T.log(x)), T.add(T.sqrt(x), T.square(x))),
    reference: ([x]) => R.map(x, (v) => -Math.exp(v) + Math.log(v) + Math.sqrt(v) + v * v),
  },
  {
    name: 'tanh',
    inputs: [{ shape: [2, 5] }],
    run: ([x]) => T.tanh(T.scale(x, 2)),
    reference: ([x]) => R.map(x, (v) => Math.tanh(2 * v)),
  },
  {
    name: 'matmul [2, 3, 4] @ [2, 4, 5]',
    inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 5] }],
    run: ([a, b]) => T.matmul(a, b),
    reference: ([a, b]) => R.matmul(a, b, false, false),
  },
  ...[
    [false, true],
    [true, false],
    [true, true],
  ].map(([transposeA, transposeB]): GradCase => ({
    name: `matmul transposeA ${transposeA} transposeB ${transposeB}`,
    inputs: [{ shape: transposeA ? [2, 4, 3] : [2, 3, 4] }, { shape: transposeB ? [2, 5, 4] : [2, 4, 5] }],
    run: ([a, b]) => T.matmul(a, b, { transposeA, transposeB }),
    reference: ([a, b]) => R.matmul(a, b, transposeA, transposeB),
  })),
  ...[
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ].map(([transposeA, transposeB]): GradCase => ({
    name: `matmul shared weight transposeA ${transposeA} transposeB ${transposeB}`,
    inputs: [{ shape: transposeA ? [2, 3, 4, 3] : [2, 3, 3, 4] }, { shape: transposeB ? [5, 4] : [4, 5] }],
    run: ([a, b]) => T.matmul(a, b, { transposeA, transposeB }),
    reference: ([a, b]) => R.matmul(a, b, transposeA, transposeB),
  })),
  {
    name: 'matmul size-1 dims [1, 1, 3] @ [3, 1]',
    inputs: [{ shape: [1, 1, 3] }, { shape: [3, 1] }],
    run: ([a, b]) => T.matmul(a, b),
    reference: ([a, b]) => R.matmul(a, b, false, false),
  },
  {
    name: 'reshape with -1 then transpose',
    inputs: [{ shape: [2, 6] }],
    run: ([x]) => T.transpose(T.reshape(x, [2, -1, 2]), [2, 0, 1]),
    reference: ([x]) => R.transpose({ data: x.data, shape: [2, 3, 2] }, [2, 0, 1]),
  },
  {
    name: 'transpose [2, 3, 4, 2] heads swap',
    inputs: [{ shape: [2, 3, 4, 2] }],
    run: ([x]) => T.transpose(x, [0, 2, 1, 3]),
    reference: ([x]) => R.transpose(x, [0, 2, 1, 3]),
  },
  {
    name: 'slice middle axis',
    inputs: [{ shape: [2, 5, 3] }],
    run: ([x]) => T.slice(x, 1, 1, 4),
    reference: ([x]) => R.slice(x, 1, 1, 4),
  },
  {
    name: 'concat last axis with a reused input',
    inputs: [{ shape: [2, 3] }, { shape: [2, 1] }],
    run: ([a, b]) => T.concat([a, b, a], -1),
    reference: ([a, b]) => R.concat([a, b, a], 1),
  },
  {
    name: 'embedding with repeated ids',
    inputs: [{ shape: [5, 3] }],
    run: ([w]) => T.embedding(w, IDS, [2, 3]),
    reference: ([w]) => R.embedding(w, IDS, [2, 3]),
  },
  {
    name: 'rmsNorm',
    inputs: [{ shape: [2, 3, 4] }, { shape: [4] }],
    run: ([x, w]) => T.rmsNorm(x, w, 1e-6),
    reference: ([x, w]) => R.rmsNorm(x, w, 1e-6, 0),
  },
  {
    name: 'rmsNorm with weightOffset 1',
    inputs: [{ shape: [3, 4] }, { shape: [4] }],
    run: ([x, w]) => T.rmsNorm(x, w, 1e-6, { weightOffset: 1 }),
    reference: ([x, w]) => R.rmsNorm(x, w, 1e-6, 1),
  },
  {
    name: 'rmsNorm with a constant weight',
    inputs: [{ shape: [2, 4] }, { shape: [4], grad: false }],
    run: ([x, w]) => T.rmsNorm(x, w, 1e-6, { weightOffset: 1 }),
    reference: ([x, w]) => R.rmsNorm(x, w, 1e-6, 1),
  },
  {
    name: 'rope [2, 2, 3, 4]',
    inputs: [{ shape: [2, 2, 3, 4] }],
    run: ([x]) => {
      const { cos, sin } = ropeTables(2);
      return T.rope(x, cos, sin);
    },
    reference: ([x]) => {
      const { cos, sin } = ropeTables(2);
      return R.rope(x, toArray(cos), toArray(sin));
    },
  },
  {
    name: 'rope with tables shared by the batch',
    inputs: [{ shape: [2, 1, 3, 4] }],
    run: ([x]) => {
      const { cos, sin } = ropeTables(1);
      return T.rope(x, cos, sin);
    },
    reference: ([x]) => {
      const { cos, sin } = ropeTables(1);
      return R.rope(x, toArray(cos), toArray(sin));
    },
  },
  {
    name: 'softmax last axis',
    inputs: [{ shape: [2, 3, 5] }],
    run: ([x]) => T.softmax(x),
    reference: ([x]) => R.softmax(x, 2),
  },
  {
    name: 'softmax middle axis',
    inputs: [{ shape: [2, 4, 3] }],
    run: ([x]) => T.softmax(x, 1),
    reference: ([x]) => R.softmax(x, 1),
  },
  {
    name: 'silu and gelu',
    inputs: [{ shape: [2, 5] }, { shape: [2, 5] }],
    run: ([a, b]) => T.add(T.silu(a), T.gelu(b)),
    reference: ([a, b]) => R.binary(a, b, (x, y) => R.silu(x) + R.gelu(y)),
  },
  {
    name: 'sum over axes with keepDims',
    inputs: [{ shape: [2, 3, 4] }],
    run: ([x]) => T.sum(x, [0, 2], true),
    reference: ([x]) => R.sum(x, [0, 2], true),
  },
  {
    name: 'sum over all axes',
    inputs: [{ shape: [2, 3] }],
    run: ([x]) => T.sum(x),
    reference: ([x]) => R.sum(x, [0, 1], false),
  },
  {
    name: 'mean over a negative axis',
    inputs: [{ shape: [2, 3, 4] }],
    run: ([x]) => T.mean(x, [-2]),
    reference: ([x]) => R.map(R.sum(x, [1], false), (v) => v / 3),
  },
  {
    name: 'cosineSimilarity last axis',
    inputs: [{ shape: [3, 4] }, { shape: [3, 4] }],
    run: ([a, b]) => T.cosineSimilarity(a, b),
    reference: ([a, b]) => R.cosineSimilarity(a, b, 1, 1e-8),
  },
  {
    name: 'cosineSimilarity broadcast direction',
    inputs: [{ shape: [2, 4] }, { shape: [4] }],
    run: ([a, b]) => T.cosineSimilarity(a, b, -1),
    reference: ([a, b]) => R.cosineSimilarity(a, b, 1, 1e-8),
  },
  {
    name: 'crossEntropy with ignoreIndex',
    inputs: [{ shape: [5, 4] }],
    run: ([logits]) => T.crossEntropy(logits, TARGETS),
    reference: ([logits]) => R.crossEntropy(logits, TARGETS, -100),
  },
  {
    name: 'matmul constant weight gets no gradient',
    inputs: [{ shape: [3, 4] }, { shape: [5, 4], grad: false }],
    run: ([x, w]) => T.matmul(x, w, { transposeB: true }),
    reference: ([x, w]) => R.matmul(x, w, false, true),
  },
];

describe.each(ENGINES)('gradients on the $name engine', (engine) => {
  beforeAll(() => engine.init());

  it.each(CASES)('$name', (testCase) => {
    checkGradients(testCase);
  });
});
