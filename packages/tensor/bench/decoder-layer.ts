/**
 * Times the forward and backward of one Llama-style decoder layer (hidden 576, 9 query heads, 3 KV
 * heads, MLP 1536, batch 8, 64 tokens: about 11 GFLOP in all) on a chosen kernel engine.
 *
 *   npx tsx packages/tensor/bench/decoder-layer.ts [js|ort] [repeats]
 */
import * as T from '../src/index.ts';

const HIDDEN = 576;
const HEADS = 9;
const KV_HEADS = 3;
const HEAD_DIM = HIDDEN / HEADS;
const INTERMEDIATE = 1536;
const BATCH = 8;
const TOKENS = 64;

function linear(rng: T.Rng, outFeatures: number, inFeatures: number): T.Tensor {
  return T.Tensor.randn([outFeatures, inFeatures], rng, 0.02, { requiresGrad: true });
}

function buildLayer(rng: T.Rng) {
  return {
    inputNorm: T.Tensor.ones([HIDDEN], { requiresGrad: true }),
    q: linear(rng, HEADS * HEAD_DIM, HIDDEN),
    k: linear(rng, KV_HEADS * HEAD_DIM, HIDDEN),
    v: linear(rng, KV_HEADS * HEAD_DIM, HIDDEN),
    o: linear(rng, HIDDEN, HEADS * HEAD_DIM),
    postNorm: T.Tensor.ones([HIDDEN], { requiresGrad: true }),
    gate: linear(rng, INTERMEDIATE, HIDDEN),
    up: linear(rng, INTERMEDIATE, HIDDEN),
    down: linear(rng, HIDDEN, INTERMEDIATE),
  };
}

function ropeTables(): { cos: T.Tensor; sin: T.Tensor } {
  const cos = new Float32Array(TOKENS * HEAD_DIM);
  const sin = new Float32Array(TOKENS * HEAD_DIM);
  for (let t = 0; t < TOKENS; t++) {
    for (let j = 0; j < HEAD_DIM; j++) {
      const angle = t / 10000 ** ((2 * (j % (HEAD_DIM / 2))) / HEAD_DIM);
      cos[t * HEAD_DIM + j] = Math.cos(angle);
      sin[t * HEAD_DIM + j] = Math.sin(angle);
    }
  }
  return { cos: new T.Tensor(cos, [1, TOKENS, HEAD_DIM]), sin: new T.Tensor(sin, [1, TOKENS, HEAD_DIM]) };
}

function causalMask(): T.Tensor {
  const mask = new Float32Array(TOKENS * TOKENS);
  for (let i = 0; i < TOKENS; i++) for (let j = i + 1; j < TOKENS; j++) mask[i * TOKENS + j] = -Infinity;
  return new T.Tensor(mask, [TOKENS, TOKENS]);
}

/** Splits [B, T, heads * D] into [B, heads, T, D]. */
function splitHeads(x: T.Tensor, heads: number): T.Tensor {
  return T.transpose(T.reshape(x, [BATCH, TOKENS, heads, HEAD_DIM]), [0, 2, 1, 3]);
}

/** Repeats each KV head for the query heads that share it: [B, kv, T, D] -> [B, kv * group, T, D]. */
function repeatKv(x: T.Tensor): T.Tensor {
  const group = HEADS / KV_HEADS;
  const single = T.reshape(x, [BATCH, KV_HEADS, 1, TOKENS, HEAD_DIM]);
  return T.reshape(T.concat(new Array<T.Tensor>(group).fill(single), 2), [BATCH, HEADS, TOKENS, HEAD_DIM]);
}

function forward(
  layer: ReturnType<typeof buildLayer>,
  x: T.Tensor,
  tables: ReturnType<typeof ropeTables>,
  mask: T.Tensor,
): T.Tensor {
  const normed = T.rmsNorm(x, layer.inputNorm, 1e-5);
  const q = T.rope(
    splitHeads(T.matmul(normed, layer.q, { transposeB: true }), HEADS),
    tables.cos,
    tables.sin,
  );
  const k = T.rope(
    splitHeads(T.matmul(normed, layer.k, { transposeB: true }), KV_HEADS),
    tables.cos,
    tables.sin,
  );
  const v = splitHeads(T.matmul(normed, layer.v, { transposeB: true }), KV_HEADS);

  const scores = T.add(
    T.scale(T.matmul(q, repeatKv(k), { transposeB: true }), 1 / Math.sqrt(HEAD_DIM)),
    mask,
  );
  const context = T.matmul(T.softmax(scores), repeatKv(v));
  const merged = T.reshape(T.transpose(context, [0, 2, 1, 3]), [BATCH, TOKENS, HIDDEN]);
  const afterAttention = T.add(x, T.matmul(merged, layer.o, { transposeB: true }));

  const normed2 = T.rmsNorm(afterAttention, layer.postNorm, 1e-5);
  const gate = T.silu(T.matmul(normed2, layer.gate, { transposeB: true }));
  const up = T.matmul(normed2, layer.up, { transposeB: true });
  return T.add(afterAttention, T.matmul(T.mul(gate, up), layer.down, { transposeB: true }));
}

async function main(): Promise<void> {
  const engine = (process.argv[2] ?? 'js') as 'js' | 'ort';
  const repeats = Number(process.argv[3] ?? 3);
  await T.initBackend({ engine });
  const rng = new T.Rng(0);
  const layer = buildLayer(rng);
  const tables = ropeTables();
  const mask = causalMask();
  const x = T.Tensor.randn([BATCH, TOKENS, HIDDEN], rng, 1, { requiresGrad: true });

  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    const out = forward(layer, x, tables, mask);
    const loss = T.mean(T.square(out));
    const forwardMs = performance.now() - start;
    T.backward(loss);
    const totalMs = performance.now() - start;
    process.stdout.write(
      `${engine}: forward ${forwardMs.toFixed(0)} ms, backward ${(totalMs - forwardMs).toFixed(0)} ms, total ${totalMs.toFixed(0)} ms (loss ${loss.item().toFixed(4)})\n`,
    );
  }
}

await main();
