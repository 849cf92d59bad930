/**
 * realign side of the restore-step benchmark, run as a child process of restore-step.ts so its
 * peak RSS is its own. It speaks the same JSON-line protocol as restore_step_reference.py:
 *
 *   {"op": "load"}     -> {"seconds", "startRssMiB", "rssMiB"}: loads the working copy
 *   {"op": "step"}     -> {"loss", "seconds", "cpuSeconds", "lossBackwardSeconds", "selectSeconds",
 *                          "applySeconds", "restoredCount", "candidateCount"}
 *   {"op": "restored"} -> {"restored": {tensor name: ascending indices}}: every restored element so far
 *   {"op": "memory"}   -> {"rssMiB", "peakRssMiB"}: VmRSS and VmHWM of this process
 *   {"op": "quit"}
 *
 *   node --import tsx tools/bench/src/restore-worker.ts JOB.json
 *
 * The step is the pipeline's: the default restorer and selection rule on the working copy that
 * openCheckpointModels loads, with the restore state carried from step to step.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { defaultStrategies, openCheckpointModels, type CheckpointModels } from '@realign/pipeline';
import {
  RestoreState,
  prepareEligibleParameters,
  type EligibleParameter,
  type WorkingModel,
} from '@realign/restorer';
import type { SelectionRule } from '@realign/selection';
import { initBackend } from '@realign/tensor';
import { readJob, type RestoreJob } from './restore-job.ts';

interface WorkingCopy {
  readonly models: CheckpointModels;
  readonly model: WorkingModel;
  readonly parameters: readonly EligibleParameter[];
  readonly state: RestoreState;
  readonly harmfulDirection: Float32Array;
  readonly harmfulPrompts: readonly Int32Array[];
}

/** Returns a VmRSS or VmHWM line of /proc/self/status in MiB. */
function statusMiB(field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  if (match === null) throw new Error(`/proc/self/status has no ${field} line`);
  return Number(match[1]) / 1024;
}

async function load(job: RestoreJob): Promise<WorkingCopy> {
  const models = await openCheckpointModels({ alignedDir: job.alignedDir, finetunedDir: job.finetunedDir });
  const model = await models.loadTruncated('finetuned', job.layer);
  const parameters = prepareEligibleParameters(model);
  const state = new RestoreState(new Map(parameters.map(({ name, tensor }) => [name, tensor.size])));
  const harmfulDirection = Float32Array.from(job.direction);
  const harmfulPrompts = job.prompts.map((ids) => Int32Array.from(ids));
  return { models, model, parameters, state, harmfulDirection, harmfulPrompts };
}

/** Runs one restore step and splits its time at the selection rule's start and end. */
async function step(job: RestoreJob, working: WorkingCopy): Promise<Record<string, number>> {
  const rule = defaultStrategies.selection;
  let selectStarted = 0;
  let selectFinished = 0;
  const timedRule: SelectionRule = {
    ...rule,
    select: async (tensors, budget) => {
      selectStarted = performance.now();
      const result = await rule.select(tensors, budget);
      selectFinished = performance.now();
      return result;
    },
  };

  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const result = await defaultStrategies.restorer.step({
    model: working.model,
    parameters: working.parameters,
    aligned: working.models.aligned,
    harmfulDirection: working.harmfulDirection,
    harmfulPrompts: working.harmfulPrompts,
    read: { batchSize: job.batchSize, position: -1 },
    budget: job.budget,
    state: working.state,
    selection: timedRule,
  });
  const finished = performance.now();
  // User plus system time of every thread of the process, onnxruntime's pool included, in µs.
  const cpu = process.cpuUsage(cpuStarted);

  return {
    loss: result.loss,
    seconds: (finished - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    lossBackwardSeconds: (selectStarted - started) / 1000,
    selectSeconds: (selectFinished - selectStarted) / 1000,
    applySeconds: (finished - selectFinished) / 1000,
    restoredCount: result.restoredCount,
    candidateCount: result.candidateCount,
  };
}

function restoredIndices(state: RestoreState): Record<string, number[]> {
  const restored: Record<string, number[]> = {};
  for (const [name, mask] of state.restored) {
    const indices: number[] = [];
    for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) indices.push(i);
    restored[name] = indices;
  }
  return restored;
}

async function main(): Promise<void> {
  await initBackend({ engine: 'ort', threads: 2 });
  const startRssMiB = statusMiB('VmRSS');
  const job = await readJob(process.argv[2]);
  const session: { working: WorkingCopy | null } = { working: null };
  const requireWorking = (): WorkingCopy => {
    if (session.working === null)
      throw new Error('no working copy loaded; send {"op": "load"} before step or restored');
    return session.working;
  };

  const handlers: Record<string, () => Promise<Record<string, unknown>>> = {
    load: async () => {
      const started = performance.now();
      session.working = await load(job);
      return { seconds: (performance.now() - started) / 1000, startRssMiB, rssMiB: statusMiB('VmRSS') };
    },
    step: () => step(job, requireWorking()),
    restored: async () => ({ restored: restoredIndices(requireWorking().state) }),
    memory: async () => ({ rssMiB: statusMiB('VmRSS'), peakRssMiB: statusMiB('VmHWM') }),
  };

  for await (const line of createInterface({ input: process.stdin })) {
    const { op } = JSON.parse(line) as { op: string };
    if (op === 'quit') break;

    const handler = handlers[op];
    let reply: Record<string, unknown>;
    try {
      reply =
        handler === undefined
          ? { error: `unknown op "${op}"; expected load, step, restored, memory or quit` }
          : await handler();
    } catch (error) {
      reply = { error: `${op}: ${error instanceof Error ? error.message : String(error)}` };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
  await session.working?.models.close();
}

await main();
