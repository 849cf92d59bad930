import { RestoreState, copyAt, prepareEligibleParameters } from '@realign/restorer';
import type { RecoveryRun, WorkingCopy } from './run.ts';

/** Loads the truncated fine-tuned model as the working copy, once per run. */
export async function ensureWorkingCopy(run: RecoveryRun): Promise<WorkingCopy> {
  if (run.working !== null) return run.working;

  const model = await run.models.loadTruncated('finetuned', run.layer);
  const parameters = prepareEligibleParameters(model);
  const state = new RestoreState(eligibleSizes(parameters));
  run.working = { model, parameters, state };
  return run.working;
}

export function eligibleSizes(parameters: WorkingCopy['parameters']): Map<string, number> {
  return new Map(parameters.map(({ name, tensor }) => [name, tensor.size]));
}

/**
 * Makes the working copy match a restore state read from disk, with aligned values where the
 * mask marks an element restored. The working copy must still contain pristine fine-tuned values.
 */
export async function applyRestoreState(run: RecoveryRun, state: RestoreState): Promise<void> {
  const working = run.requireWorking();
  for (const { name, tensor } of working.parameters) {
    const mask = state.restored.get(name)!;
    const indices = maskIndices(mask);
    if (indices.length > 0) copyAt(tensor.data, await run.models.aligned.read(name), indices);
  }
  working.state = state;
}

/**
 * Returns the working copy to the fine-tuned model and starts a fresh restore state (zero
 * gradient sums). Only restored elements differ from the fine-tuned values, so only those are copied.
 */
export async function resetToFinetuned(run: RecoveryRun): Promise<void> {
  const working = run.requireWorking();
  for (const { name, tensor } of working.parameters) {
    const indices = maskIndices(working.state.restored.get(name)!);
    if (indices.length > 0) copyAt(tensor.data, await run.models.finetuned.read(name), indices);
    tensor.zeroGrad();
  }
  working.state = new RestoreState(eligibleSizes(working.parameters));
}

function maskIndices(mask: Uint8Array): Uint32Array {
  const indices: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) indices.push(i);
  return Uint32Array.from(indices);
}
