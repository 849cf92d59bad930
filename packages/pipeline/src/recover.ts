import { EMPTY, defer, type Observable } from 'rxjs';
import { parseRecoveryConfig, type RecoveryConfigInput } from './config.ts';
import type { RecoveryEvent } from './events.ts';
import { RecoveryRun } from './run.ts';
import { appendStage } from './stage.ts';
import { scoreBaseline } from './stages/baseline.ts';
import { chooseFinalCheckpoint } from './stages/choose-checkpoint.ts';
import { computeDirections } from './stages/directions.ts';
import { prepare } from './stages/prepare.ts';
import { runSteps } from './stages/steps.ts';
import type { RecoveryInputs } from './types.ts';

/**
 * Restores the safety alignment of a fine-tuned model: the whole method as one cold Observable.
 * Each subscription starts a run; unsubscribing stops it at the next batch boundary and leaves
 * only complete checkpoints. Errors arrive as RecoveryError subclasses (or the failing package's
 * own typed errors) on the error channel; the last event is always `finished`.
 *
 * @example
 * recover({ outputDir: 'out' }, { models, evaluator, harmfulPrompts, taskPrompts })
 *   .subscribe((event) => console.log(event.type));
 */
export function recover(config: RecoveryConfigInput, inputs: RecoveryInputs): Observable<RecoveryEvent> {
  return defer(() => {
    const run = new RecoveryRun(parseRecoveryConfig(config), inputs);
    return EMPTY.pipe(
      appendStage(prepare(run)),
      appendStage(computeDirections(run)),
      appendStage(scoreBaseline(run)),
      appendStage(runSteps(run)),
      chooseFinalCheckpoint(),
    );
  });
}
