/**
 * Benchmark of one recovery restore step, realign against PyTorch, on the same checkpoint files,
 * token ids and harmful direction. Reports the median time per step and each process's peak RSS,
 * and checks that both sides compute the same step: the step-1 loss and the restored weight sets.
 *
 *   npx tsx tools/bench/src/restore-step.ts [--steps 5] [--warmup 1] [--prompts 64] [--layers 12]
 *     [--batch-size 8] [--rate 0.002] [--seed 1234] [--noise-std 0.002] [--skip-zoo] [--skip-random]
 *
 * Each side runs in its own long-lived child process (restore-worker.ts under node,
 * restore_step_reference.py under /usr/bin/python3 with 2 threads and OMP_WAIT_POLICY=PASSIVE), so
 * peak RSS (VmHWM) is per side. The two alternate step by step, and which goes first alternates too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '@realign/tensor';
import { JsonLineProcess } from './json-line-process.ts';
import { writeRandomLlamaPair, zooPair, type CheckpointPair } from './restore-checkpoints.ts';
import {
  camelFlags,
  parseRestoreStepFlags,
  relativeDifference,
  restoredOverlap,
  type Overlap,
  type RestoredSet,
  type RestoreStepFlags,
} from './restore-compare.ts';
import { prepareJob, writeJob, type RestoreJob } from './restore-job.ts';
import { formatTable, median } from './stats.ts';

const WORKER = fileURLToPath(new URL('./restore-worker.ts', import.meta.url));
const REFERENCE = fileURLToPath(new URL('../restore_step_reference.py', import.meta.url));
/** Debian's python3-torch lives under this interpreter; the python3 first on PATH may lack it. */
const PYTHON = '/usr/bin/python3';

interface StepReply {
  readonly loss: number;
  readonly seconds: number;
  /** CPU time of the worker process over the step, all threads. */
  readonly cpuSeconds: number;
  readonly lossBackwardSeconds: number;
  readonly selectSeconds: number;
  readonly applySeconds: number;
  readonly restoredCount: number;
  readonly candidateCount: number;
}

interface SideResult {
  readonly label: string;
  readonly steps: StepReply[];
  startRssMiB: number;
  loadedRssMiB: number;
  peakRssMiB: number;
  firstRestored: RestoredSet;
  finalRestored: RestoredSet;
}

interface PairResult {
  readonly job: RestoreJob;
  readonly sides: readonly [SideResult, SideResult];
  readonly warmup: number;
}

function startSides(jobPath: string): [JsonLineProcess, JsonLineProcess] {
  const realign = new JsonLineProcess('realign', process.execPath, [
    '--import',
    import.meta.resolve('tsx'),
    WORKER,
    jobPath,
  ]);
  // Passive waiting keeps idle OpenMP threads asleep while the realign side runs.
  const pytorch = new JsonLineProcess('pytorch', PYTHON, [REFERENCE, jobPath], {
    ...process.env,
    OMP_WAIT_POLICY: 'PASSIVE',
  });
  return [realign, pytorch];
}

async function runPair(job: RestoreJob, jobPath: string, flags: RestoreStepFlags): Promise<PairResult> {
  const processes = startSides(jobPath);
  try {
    const sides = processes.map(
      (side) => ({ label: side.label, steps: [] as StepReply[] }) as SideResult,
    ) as [SideResult, SideResult];
    for (const [i, side] of processes.entries()) {
      const loaded = await side.request({ op: 'load' });
      sides[i].startRssMiB = loaded.startRssMiB as number;
      sides[i].loadedRssMiB = loaded.rssMiB as number;
    }

    const total = flags.warmup + flags.steps;
    for (let step = 0; step < total; step++) {
      const order = step % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order)
        sides[i].steps.push((await processes[i].request({ op: 'step' })) as unknown as StepReply);
      console.log(
        `  step ${step + 1}/${total}: ${sides.map((side) => `${side.label} ${(side.steps[step].seconds * 1000).toFixed(0)} ms`).join(', ')}`,
      );
      if (step === 0) {
        for (const [i, side] of processes.entries())
          sides[i].firstRestored = (await side.request({ op: 'restored' })).restored as RestoredSet;
      }
    }

    for (const [i, side] of processes.entries()) {
      sides[i].finalRestored = (await side.request({ op: 'restored' })).restored as RestoredSet;
      sides[i].peakRssMiB = (await side.request({ op: 'memory' })).peakRssMiB as number;
    }
    return { job, sides, warmup: flags.warmup };
  } finally {
    for (const side of processes) await side.close();
  }
}

const ms = (seconds: number) => (seconds * 1000).toFixed(0);
const measured = (result: PairResult, side: SideResult, field: keyof StepReply) =>
  median(side.steps.slice(result.warmup).map((step) => step[field]));

function summaryRow(result: PairResult): string[] {
  const [realign, pytorch] = result.sides;
  const realignMs = measured(result, realign, 'seconds');
  const pytorchMs = measured(result, pytorch, 'seconds');
  const lossDifference = relativeDifference(realign.steps[0].loss, pytorch.steps[0].loss);
  const overlap = (o: Overlap) => `${(o.fraction * 100).toFixed(2)}%`;
  return [
    result.job.label,
    ms(realignMs),
    ms(pytorchMs),
    (realignMs / pytorchMs).toFixed(2),
    realign.peakRssMiB.toFixed(0),
    pytorch.peakRssMiB.toFixed(0),
    (realign.peakRssMiB / pytorch.peakRssMiB).toFixed(2),
    (measured(result, realign, 'cpuSeconds') / measured(result, pytorch, 'cpuSeconds')).toFixed(2),
    lossDifference.toExponential(1),
    overlap(restoredOverlap(realign.firstRestored, pytorch.firstRestored)),
    overlap(restoredOverlap(realign.finalRestored, pytorch.finalRestored)),
  ];
}

function detailRows(result: PairResult): string[][] {
  return result.sides.map((side) => [
    result.job.label,
    side.label,
    ms(measured(result, side, 'cpuSeconds')),
    ms(measured(result, side, 'lossBackwardSeconds')),
    ms(measured(result, side, 'selectSeconds')),
    ms(measured(result, side, 'applySeconds')),
    side.startRssMiB.toFixed(0),
    side.loadedRssMiB.toFixed(0),
    side.peakRssMiB.toFixed(0),
    side.steps[0].loss.toFixed(7),
    String(side.steps[0].candidateCount),
  ]);
}

function printResults(results: readonly PairResult[], flags: RestoreStepFlags): void {
  console.log(
    `\nmedians over ${flags.steps} measured steps after ${flags.warmup} warm-up step(s); ratios are realign / PyTorch`,
  );
  console.log(
    formatTable([
      [
        'checkpoint',
        'realign ms/step',
        'PyTorch ms/step',
        'ratio',
        'realign peak MiB',
        'PyTorch peak MiB',
        'ratio',
        'CPU time ratio',
        'step-1 loss rel. diff',
        'overlap step 1',
        'overlap all steps',
      ],
      ...results.map(summaryRow),
    ]),
  );
  console.log(
    '\nwhere the time and memory go: medians of the measured steps (CPU time over all threads, wall time per phase), RSS at start, after loading and peak',
  );
  console.log(
    formatTable([
      [
        'checkpoint',
        'side',
        'CPU ms',
        'loss+backward ms',
        'select ms',
        'restore ms',
        'start MiB',
        'loaded MiB',
        'peak MiB',
        'step-1 loss',
        'step-1 candidates',
      ],
      ...results.flatMap(detailRows),
    ]),
  );
}

function describeJob(job: RestoreJob): string {
  const tokens = job.prompts.reduce((total, ids) => total + ids.length, 0);
  return (
    `${job.label}: L = ${job.layer}, ${job.prompts.length} prompts (${tokens} tokens) in batches of ${job.batchSize}, ` +
    `budget ${job.budget} of ${job.decoderParameterCount} decoder-layer parameters`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string' },
      warmup: { type: 'string' },
      prompts: { type: 'string' },
      'batch-size': { type: 'string' },
      rate: { type: 'string' },
      layers: { type: 'string' },
      seed: { type: 'string' },
      'noise-std': { type: 'string' },
      'skip-zoo': { type: 'boolean' },
      'skip-random': { type: 'boolean' },
    },
  });
  const flags = parseRestoreStepFlags(camelFlags(values));
  await initBackend({ engine: 'ort', threads: 2 });
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, load average ${loadAverage()}`,
  );

  const scratch = await mkdtemp(join(tmpdir(), 'realign-restore-bench-'));
  try {
    const pairs: CheckpointPair[] = flags.skipZoo ? [] : [zooPair()];
    if (!flags.skipRandom) {
      const started = performance.now();
      pairs.push(
        await writeRandomLlamaPair(join(scratch, 'random'), {
          layers: flags.layers,
          seed: flags.seed,
          noiseStd: flags.noiseStd,
        }),
      );
      console.log(`wrote the random pair in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const results: PairResult[] = [];
    for (const [i, pair] of pairs.entries()) {
      const job = await prepareJob(
        pair,
        { promptCount: flags.prompts, rate: flags.rate, batchSize: flags.batchSize },
        join(scratch, 'run'),
      );
      const jobPath = join(scratch, `job-${i}.json`);
      await writeJob(jobPath, job);
      console.log(describeJob(job));
      results.push(await runPair(job, jobPath, flags));
    }
    printResults(results, flags);
    console.log(`\nload average at the end: ${loadAverage()}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

await main();
