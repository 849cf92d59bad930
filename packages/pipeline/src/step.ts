import { countPerLayer } from '@realign/restorer';
import { NonFiniteLossError } from './errors.ts';
import type { StepFinishedEvent } from './events.ts';
import type { RecoveryRun } from './run.ts';

/** Runs one restore step, followed by a rollback step in the rollback phase. */
export async function runStep(run: RecoveryRun, signal: AbortSignal): Promise<StepFinishedEvent> {
  const started = performance.now();
  const working = run.requireWorking();
  const step = run.step + 1;
  const read = run.readOptions(signal);

  const restore = await run.strategies.restorer.step({
    model: working.model,
    parameters: working.parameters,
    aligned: run.models.aligned,
    harmfulDirection: run.harmfulDirection!,
    harmfulPrompts: run.harmfulIds,
    read,
    budget: run.restoreBudget,
    state: working.state,
    selection: run.strategies.selection,
  });
  if (!Number.isFinite(restore.loss)) throw new NonFiniteLossError(step, 'harmful', restore.loss);

  const rollback =
    run.phase === 'rollback'
      ? await run.strategies.rollback.step({
          model: working.model,
          parameters: working.parameters,
          finetuned: run.models.finetuned,
          benignDirection: run.benignDirection!,
          taskPrompts: run.taskIds,
          read,
          restoredThisStep: restore.restored,
          ratio: run.config.rollbackRatio,
          state: working.state,
          selection: run.strategies.rollbackSelection,
        })
      : null;
  if (rollback !== null && !Number.isFinite(rollback.loss))
    throw new NonFiniteLossError(step, 'benign', rollback.loss);

  run.step = step;
  return {
    type: 'step-finished',
    phase: run.phase,
    step,
    loss: restore.loss,
    rollbackLoss: rollback?.loss ?? null,
    restoredCount: restore.restoredCount,
    rolledBackCount: rollback?.rolledBackCount ?? 0,
    fractionRestored: working.state.totalRestored() / run.decoderParameterCount,
    restoredPerLayer: countPerLayer(working.parameters, restore.restored, run.layer),
    rolledBackPerLayer: countPerLayer(
      working.parameters,
      rollback?.rolledBack ?? working.parameters.map(() => new Uint32Array(0)),
      run.layer,
    ),
    durationMs: performance.now() - started,
  };
}
