/**
 * realign speed benchmark: GEMM throughput on the decoder layer's matmul shapes, and one Llama
 * decoder layer forward and forward+backward, each against PyTorch in the same run.
 *
 *   npx tsx tools/bench/src/main.ts [--rounds 5] [--threads 2] [--skip-js-layer]
 *
 * The PyTorch side runs in /usr/bin/python3 with 2 threads and OMP_WAIT_POLICY=PASSIVE. GEMM ratios
 * are ort GFLOP/s / PyTorch GFLOP/s (higher is better); layer ratios are realign time / PyTorch time
 * (lower is better).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createJsEngine, createOrtEngine, initBackend, type EngineName } from '@realign/tensor';
import { BENCH_LAYER, createLayerInputs } from './decoder-layer.ts';
import { benchGemm, decoderGemmCases } from './gemm.ts';
import { benchLayer, setUpLayer, type LayerTimes } from './layer.ts';
import { TorchReference } from './reference.ts';
import { formatTable } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    threads: { type: 'string', default: '2' },
    'skip-js-layer': { type: 'boolean', default: false },
  },
});
const rounds = Number(flags.rounds);
const threads = Number(flags.threads);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds must be a positive integer, found ${flags.rounds}`);
if (!Number.isInteger(threads) || threads < 1)
  throw new Error(`--threads must be a positive integer, found ${flags.threads}`);

const ms = (seconds: number) => (seconds * 1000).toFixed(1);

async function printMachine(torch: TorchReference): Promise<void> {
  const info = await torch.request({ op: 'info' });
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs available, load average ${load}`,
  );
  console.log(
    `node ${process.version}, onnxruntime-node threads ${threads}; torch ${info.torch}, threads ${info.threads}`,
  );
  console.log(
    `medians over ${rounds} rounds after 1 warm-up round; candidate and PyTorch alternate in each round\n`,
  );
}

async function runGemm(torch: TorchReference): Promise<void> {
  const engines = [createJsEngine(), await createOrtEngine({ threads })];
  const results = await benchGemm(decoderGemmCases(512), engines, torch, rounds);
  engines.forEach((engine) => engine.dispose());

  const rows = [['GEMM (tokens 512)', 'js GFLOP/s', 'ort GFLOP/s', 'torch GFLOP/s', 'ort/torch']];
  for (const { label, gflops } of results) {
    rows.push([
      label,
      gflops.js.toFixed(1),
      gflops.ort.toFixed(1),
      gflops.pytorch.toFixed(1),
      (gflops.ort / gflops.pytorch).toFixed(2),
    ]);
  }
  const geometricMean = Math.exp(
    results.reduce((total, r) => total + Math.log(r.gflops.ort / r.gflops.pytorch), 0) / results.length,
  );
  console.log(formatTable(rows));
  console.log(`geometric mean ort/torch throughput: ${geometricMean.toFixed(2)}\n`);
}

async function runLayer(torch: TorchReference): Promise<void> {
  const config = BENCH_LAYER;
  const inputs = createLayerInputs(config, 1234);
  const engines: EngineName[] = flags['skip-js-layer'] ? ['ort'] : ['ort', 'js'];
  console.log(
    `decoder layer: hidden ${config.hidden}, heads ${config.heads}/${config.kvHeads} kv, head dim ${config.headDim}, ` +
      `intermediate ${config.intermediate}, batch ${config.batch}, seq ${config.seq}`,
  );

  await initBackend({ engine: 'ort', threads });
  const agreement = await setUpLayer(torch, inputs, config);
  console.log(
    `agreement with torch (max abs error / max abs value): output ${agreement.output.toExponential(1)}, ` +
      `input grad ${agreement.inputGrad.toExponential(1)}, gate_proj grad ${agreement.gateGrad.toExponential(1)}`,
  );
  if (Math.max(agreement.output, agreement.inputGrad, agreement.gateGrad) > 1e-3) {
    throw new Error('realign and PyTorch compute different layers; fix that before reading the timings');
  }

  const results: LayerTimes[] = [];
  for (const engine of engines)
    results.push(await benchLayer(torch, inputs, config, engine, threads, rounds));

  const rows = [
    ['engine', 'fwd ms', 'torch fwd ms', 'fwd ratio', 'fwd+bwd ms', 'torch fwd+bwd ms', 'fwd+bwd ratio'],
  ];
  for (const r of results) {
    rows.push([
      r.engine,
      ms(r.forward),
      ms(r.torchForward),
      (r.forward / r.torchForward).toFixed(2),
      ms(r.forwardBackward),
      ms(r.torchForwardBackward),
      (r.forwardBackward / r.torchForwardBackward).toFixed(2),
    ]);
  }
  console.log(formatTable(rows));
}

const torch = new TorchReference();
try {
  await printMachine(torch);
  await runGemm(torch);
  await runLayer(torch);
  console.log(
    `\nload average at the end: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await torch.close();
}
