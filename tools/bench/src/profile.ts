/**
 * Profiles the decoder layer: milliseconds per op name in the forward pass and in the backward
 * rules, summed over the layer, median over rounds.
 *
 *   npx tsx tools/bench/src/profile.ts [--engine ort|js] [--rounds 5] [--threads 2]
 */
import { parseArgs } from 'node:util';
import { backward, initBackend, type EngineName, type Tensor } from '@realign/tensor';
import { BENCH_LAYER, createLayerInputs, decoderLayer, LAYER_OPS, type LayerOps } from './decoder-layer.ts';
import { formatTable, median } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    engine: { type: 'string', default: 'ort' },
    rounds: { type: 'string', default: '5' },
    threads: { type: 'string', default: '2' },
  },
});

/** Milliseconds per op name within one pass. */
type OpTimes = Map<string, number>;

function addTime(times: OpTimes, name: string, milliseconds: number): void {
  times.set(name, (times.get(name) ?? 0) + milliseconds);
}

/** Wraps every op so each call adds its wall time to `times`. */
function timedOps(times: OpTimes): LayerOps {
  const wrapped: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(LAYER_OPS)) {
    wrapped[name] = (...args: unknown[]) => {
      const start = performance.now();
      const result = (op as (...a: unknown[]) => Tensor)(...args);
      addTime(times, name, performance.now() - start);
      return result;
    };
  }
  return wrapped as LayerOps;
}

/** Wraps the backward rule of every recorded op reachable from `output`. */
function timeBackwardRules(output: Tensor, times: OpTimes): void {
  const seen = new Set<Tensor>();
  const stack = [output];
  while (stack.length > 0) {
    const tensor = stack.pop()!;
    if (seen.has(tensor) || tensor.gradFn === null) continue;
    seen.add(tensor);
    const node = tensor.gradFn;
    tensor.gradFn = {
      ...node,
      backward: (grad) => {
        const start = performance.now();
        const grads = node.backward(grad);
        addTime(times, node.op, performance.now() - start);
        return grads;
      },
    };
    stack.push(...node.parents);
  }
}

await initBackend({ engine: flags.engine as EngineName, threads: Number(flags.threads) });
const inputs = createLayerInputs(BENCH_LAYER, 1234);
const forwardSamples = new Map<string, number[]>();
const backwardSamples = new Map<string, number[]>();

for (let round = 0; round <= Number(flags.rounds); round++) {
  const forwardTimes: OpTimes = new Map();
  const backwardTimes: OpTimes = new Map();
  const start = performance.now();
  const y = decoderLayer(inputs, BENCH_LAYER, timedOps(forwardTimes));
  addTime(forwardTimes, 'total', performance.now() - start);
  timeBackwardRules(y, backwardTimes);
  const backwardStart = performance.now();
  backward(y, inputs.outputGrad);
  addTime(backwardTimes, 'total', performance.now() - backwardStart);
  if (round === 0) continue;

  for (const [times, samples] of [
    [forwardTimes, forwardSamples],
    [backwardTimes, backwardSamples],
  ] as const) {
    for (const [name, ms] of times) samples.set(name, [...(samples.get(name) ?? []), ms]);
  }
}

for (const [title, samples] of [
  ['forward', forwardSamples],
  ['backward rules', backwardSamples],
] as const) {
  const rows = [[`${title} (${flags.engine})`, 'median ms']];
  const sorted = [...samples]
    .map(([name, values]) => [name, median(values)] as const)
    .sort((x, y) => y[1] - x[1]);
  for (const [name, ms] of sorted) rows.push([name, ms.toFixed(2)]);
  console.log(formatTable(rows) + '\n');
}
