import { Observable, concat, type OperatorFunction } from 'rxjs';
import type { RecoveryEvent } from './events.ts';

/** The work of one stage: emits events, returns when done, checks `signal` between units of work. */
export type StageWork = (emit: (event: RecoveryEvent) => void, signal: AbortSignal) => Promise<void>;

/**
 * Turns async work into a pipeline stage: upstream events pass through unchanged, and when the
 * upstream completes the work starts and its events follow. Unsubscribing aborts the work's
 * signal. Errors after an abort are dropped because the subscriber is gone.
 */
export function appendStage(work: StageWork): OperatorFunction<RecoveryEvent, RecoveryEvent> {
  return (source) => concat(source, fromWork(work));
}

export function fromWork(work: StageWork): Observable<RecoveryEvent> {
  return new Observable<RecoveryEvent>((subscriber) => {
    const controller = new AbortController();
    const emit = (event: RecoveryEvent) => {
      if (!controller.signal.aborted) subscriber.next(event);
    };

    work(emit, controller.signal).then(
      () => subscriber.complete(),
      (error: unknown) => {
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );
    return () => controller.abort(new DOMException('recovery run cancelled', 'AbortError'));
  });
}
