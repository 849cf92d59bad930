import { minimumTaskScore } from '../checkpoint-choice.ts';
import { checkScore } from '../checkpointing.ts';
import { ResumeMismatchError } from '../errors.ts';
import type { RecoveryRun } from '../run.ts';
import { readRunProgress } from '../run-state-file.ts';
import type { StageWork } from '../stage.ts';

/**
 * Scores the fine-tuned model (task score and harmful rate), or on resume takes the scores stored
 * in the checkpoint after checking that the checkpoint came from the same inputs. Emits `baseline-scored`.
 */
export function scoreBaseline(run: RecoveryRun): StageWork {
  return async (emit, signal) => {
    if (run.resumeFrom !== null) {
      const progress = await readRunProgress(run.resumeFrom.path);
      checkFingerprint(run.resumeFrom.path, progress.fingerprint, run.fingerprint);
      run.baseline = progress.baseline;
    } else {
      const dir = run.models.finetunedDir;
      const taskScore = checkScore('taskScore', await run.inputs.evaluator.taskScore(dir, signal), dir);
      const harmfulRate = checkScore('harmfulRate', await run.inputs.evaluator.harmfulRate(dir, signal), dir);
      run.baseline = { taskScore, harmfulRate };
    }

    run.minimumTaskScore = minimumTaskScore(run.baseline.taskScore, run.config.allowedDrop);
    emit({ type: 'baseline-scored', ...run.baseline, minimumTaskScore: run.minimumTaskScore });
  };
}

function checkFingerprint(
  path: string,
  stored: Record<string, string>,
  current: Record<string, string>,
): void {
  for (const field of Object.keys(current)) {
    if (stored[field] !== current[field]) {
      throw new ResumeMismatchError(path, field, current[field], stored[field] ?? 'missing');
    }
  }
}
