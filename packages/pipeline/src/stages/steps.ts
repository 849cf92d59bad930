import { handleCheckpoint, isCheckpointStep, saveCheckpoint } from '../checkpointing.ts';
import type { RecoveryEvent } from '../events.ts';
import type { RecoveryRun } from '../run.ts';
import { readRunState, readScores } from '../run-state-file.ts';
import type { StageWork } from '../stage.ts';
import { runStep } from '../step.ts';
import { applyRestoreState, eligibleSizes, ensureWorkingCopy } from '../working-copy.ts';

/**
 * Runs the restore loop until `steps` is reached, writing and scoring checkpoints on the way. With rollback auto, the warmup checkpoint decides whether the run restarts from the
 * fine-tuned model with a rollback step after every restore step.
 */
export function runSteps(run: RecoveryRun): StageWork {
  return async (emit, signal) => {
    await ensureWorkingCopy(run);
    if (run.resumeFrom !== null) await resume(run, emit, signal);
    else startPhase(run);

    while (run.step < run.config.steps) {
      signal.throwIfAborted();
      emit(await runStep(run, signal));
      if (!isCheckpointStep(run)) continue;

      const started = performance.now();
      const folder = await saveCheckpoint(run, signal);
      emit({ type: 'checkpoint-written', ...folder, durationMs: performance.now() - started });
      await handleCheckpoint(run, folder, null, emit, signal);
    }
  };
}

function startPhase(run: RecoveryRun): void {
  if (run.config.rollback === 'always') {
    run.phase = 'rollback';
    run.warmup = 'rollback';
  } else if (run.config.rollback === 'never') {
    run.warmup = 'continue';
  }
}

/**
 * Rebuilds the working copy from the last complete checkpoint's restore state, replays the
 * events recorded before it, and finishes that checkpoint's scoring if the run stopped before.
 */
async function resume(
  run: RecoveryRun,
  emit: (event: RecoveryEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const folder = run.resumeFrom!;
  const { progress, state } = await readRunState(folder.path, eligibleSizes(run.requireWorking().parameters));
  await applyRestoreState(run, state);

  run.phase = progress.phase;
  run.step = progress.step;
  run.warmup = progress.warmup;
  run.history = [...progress.history];
  for (const event of progress.history)
    emit(event.type === 'checkpoint-scored' ? { ...event, fromDisk: true } : event);

  await handleCheckpoint(run, folder, await readScores(folder.path), emit, signal);
}
