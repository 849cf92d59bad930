import { Observable, type OperatorFunction } from 'rxjs';
import { chooseCheckpoint } from '../checkpoint-choice.ts';
import type { ChosenCheckpoint, RecoveryEvent } from '../events.ts';

/**
 * Passes every event through and, when the source completes, emits `finished` with the last
 * checkpoint whose task score stays within the allowed drop. Checkpoints scored before a
 * `warmup-decided` event with rollback belong to the abandoned run and are forgotten.
 */
export function chooseFinalCheckpoint(): OperatorFunction<RecoveryEvent, RecoveryEvent> {
  return (source) =>
    new Observable<RecoveryEvent>((subscriber) => {
      let minimum: number | null = null;
      let scored: ChosenCheckpoint[] = [];

      const subscription = source.subscribe({
        next: (event) => {
          if (event.type === 'baseline-scored') minimum = event.minimumTaskScore;
          if (event.type === 'warmup-decided' && event.rollback) scored = [];
          if (event.type === 'checkpoint-scored') {
            const { step, phase, path, taskScore, harmfulRate } = event;
            scored.push({ step, phase, path, taskScore, harmfulRate });
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          const result =
            minimum === null
              ? { chosen: null, reason: 'the fine-tuned model was never scored' }
              : chooseCheckpoint(scored, minimum);
          subscriber.next({ type: 'finished', ...result });
          subscriber.complete();
        },
      });
      return subscription;
    });
}
