import { pruneFileExcept, writeCheckpointFolder, type CheckpointFolder } from './checkpoint-store.ts';
import { InvalidScoreError } from './errors.ts';
import type { CheckpointScoredEvent, RecoveryEvent, WarmupDecidedEvent } from './events.ts';
import type { RecoveryRun } from './run.ts';
import { RESTORE_STATE_FILE, writeRunState, writeScores, type StoredScores } from './run-state-file.ts';
import { resetToFinetuned } from './working-copy.ts';

/** Returns true when the current step gets a checkpoint: every `checkpointInterval` steps, the last step and the warmup test. */
export function isCheckpointStep(run: RecoveryRun): boolean {
  const { checkpointInterval, steps } = run.config;
  return run.step % checkpointInterval === 0 || run.step === steps || isWarmupTest(run, run.step);
}

function isWarmupTest(run: RecoveryRun, step: number): boolean {
  return run.phase === 'descent' && run.warmup === 'pending' && step === run.config.warmupSteps;
}

/** Writes the full model and the run state of the current step as one atomic checkpoint folder. */
export async function saveCheckpoint(run: RecoveryRun, signal: AbortSignal): Promise<CheckpointFolder> {
  const working = run.requireWorking();
  const overrides = new Map(working.parameters.map(({ name, tensor }) => [name, tensor.data]));
  const progress = {
    phase: run.phase,
    step: run.step,
    warmup: run.warmup,
    baseline: run.baseline!,
    fingerprint: run.fingerprint,
    history: run.history,
  };

  const folder = await writeCheckpointFolder(
    run.config.outputDir,
    run.phase,
    run.step,
    async (dir) => {
      await run.models.saveCheckpoint(dir, overrides);
      signal.throwIfAborted();
      await writeRunState(dir, progress, working.state);
    },
    signal,
  );
  await pruneFileExcept(run.config.outputDir, folder, RESTORE_STATE_FILE);
  return folder;
}

/**
 * Scores a checkpoint (or takes `stored` scores from an earlier run), emits `checkpoint-scored`,
 * and at the warmup test emits `warmup-decided` and restarts from the fine-tuned model when the
 * task score fell too far. The harmful rate of an abandoned warmup checkpoint is not measured.
 */
export async function handleCheckpoint(
  run: RecoveryRun,
  folder: CheckpointFolder,
  stored: StoredScores | null,
  emit: (event: RecoveryEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const evaluator = run.inputs.evaluator;
  const warmupTest = isWarmupTest(run, folder.step);

  const taskScore =
    stored?.taskScore ?? checkScore('taskScore', await evaluator.taskScore(folder.path, signal), folder.path);
  const withinAllowedDrop = taskScore >= run.minimumTaskScore;
  const restart = warmupTest && !withinAllowedDrop && run.config.rollback === 'auto';
  const harmfulRate =
    stored !== null
      ? stored.harmfulRate
      : restart
        ? null
        : checkScore('harmfulRate', await evaluator.harmfulRate(folder.path, signal), folder.path);
  // A cancelled run must not record scores it may have computed from a half-read folder.
  signal.throwIfAborted();
  if (stored === null) await writeScores(folder.path, { taskScore, harmfulRate });

  const scored: CheckpointScoredEvent = {
    type: 'checkpoint-scored',
    ...folder,
    taskScore,
    harmfulRate,
    withinAllowedDrop,
    fromDisk: stored !== null,
    restoredPerLayer: restoredPerLayer(run),
  };
  record(run, scored, emit);
  if (!warmupTest) return;

  const decided: WarmupDecidedEvent = {
    type: 'warmup-decided',
    taskScore,
    minimumTaskScore: run.minimumTaskScore,
    rollback: restart,
  };
  record(run, decided, emit);
  run.warmup = restart ? 'rollback' : 'continue';
  if (restart) {
    await resetToFinetuned(run);
    run.phase = 'rollback';
    run.step = 0;
  }
}

/** Counts the working copy's restored weights per decoder layer of the full model. */
function restoredPerLayer(run: RecoveryRun): number[] {
  const working = run.requireWorking();
  const counts = new Array<number>(run.models.layerCount).fill(0);
  for (const parameter of working.parameters)
    counts[parameter.layer] += working.state.restoredCount(parameter.name);
  return counts;
}

function record(
  run: RecoveryRun,
  event: CheckpointScoredEvent | WarmupDecidedEvent,
  emit: (event: RecoveryEvent) => void,
): void {
  run.history.push(event);
  emit(event);
}

/** Rejects NaN task scores and harmful rates outside [0, 1]. */
export function checkScore(metric: 'taskScore' | 'harmfulRate', value: number, path: string): number {
  const valid = metric === 'taskScore' ? Number.isFinite(value) : value >= 0 && value <= 1;
  if (!valid) throw new InvalidScoreError(metric, value, path);
  return value;
}
