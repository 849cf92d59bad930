/**
 * Measures what optional ORT kernels buy on the benchmark decoder layer: each round times the layer
 * with the kernels on and then off, in one process, so both see the same machine load.
 *
 *   npx tsx tools/bench/src/ablation.ts --kernels binary,rmsNorm,rmsNormBackward [--rounds 15] [--threads 2]
 *
 * Ratios are time with the kernels / time without them (lower means the kernels help).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { backward, getEngine, initBackend, noGrad } from '@realign/tensor';
import { BENCH_LAYER, createLayerInputs, decoderLayer, type LayerInputs } from './decoder-layer.ts';
import { kernelSwitch, parseKernels } from './kernel-switch.ts';
import { formatTable, median, timeCalls } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    kernels: { type: 'string', default: 'binary' },
    rounds: { type: 'string', default: '15' },
    threads: { type: 'string', default: '2' },
  },
});
const rounds = Number(flags.rounds);
const threads = Number(flags.threads);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds must be a positive integer, found ${flags.rounds}`);
if (!Number.isInteger(threads) || threads < 1)
  throw new Error(`--threads must be a positive integer, found ${flags.threads}`);
const kernels = parseKernels(flags.kernels);

function zeroGrads(inputs: LayerInputs): void {
  inputs.x.zeroGrad();
  for (const weight of Object.values(inputs.weights)) weight.zeroGrad();
}

await initBackend({ engine: 'ort', threads });
const setKernels = kernelSwitch(getEngine(), kernels);
const inputs = createLayerInputs(BENCH_LAYER, 1234);
const samples = {
  onForward: [] as number[],
  offForward: [] as number[],
  onBoth: [] as number[],
  offBoth: [] as number[],
};

for (let round = 0; round <= rounds; round++) {
  for (const enabled of [true, false]) {
    setKernels(enabled);
    const forward = timeCalls(() => noGrad(() => decoderLayer(inputs, BENCH_LAYER)), 1);
    const both = timeCalls(() => backward(decoderLayer(inputs, BENCH_LAYER), inputs.outputGrad), 1);
    zeroGrads(inputs);

    // Round 0 warms up both paths.
    if (round === 0) continue;
    (enabled ? samples.onForward : samples.offForward).push(forward);
    (enabled ? samples.onBoth : samples.offBoth).push(both);
  }
}
setKernels(true);

const ms = (seconds: number) => (seconds * 1000).toFixed(1);
const row = (pass: string, on: number[], off: number[]) => [
  pass,
  ms(median(on)),
  ms(median(off)),
  (median(on) / median(off)).toFixed(2),
];
console.log(
  `kernels switched: ${kernels.join(', ')}; medians over ${rounds} rounds; load average ${loadavg()[0].toFixed(1)}`,
);
console.log(
  formatTable([
    ['pass', 'on ms', 'off ms', 'on/off'],
    row('forward', samples.onForward, samples.offForward),
    row('forward+backward', samples.onBoth, samples.offBoth),
  ]),
);
