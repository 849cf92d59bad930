import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  appendStage,
  chooseCheckpoint,
  chooseFinalCheckpoint,
  fromWork,
  type CheckpointScoredEvent,
  type RecoveryEvent,
} from '../src/index.ts';
import { EMPTY } from 'rxjs';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const baseline: RecoveryEvent = {
  type: 'baseline-scored',
  taskScore: 0.8,
  harmfulRate: 0.6,
  minimumTaskScore: 0.76,
};
const scored = (
  step: number,
  taskScore: number,
  phase: 'descent' | 'rollback' = 'descent',
): CheckpointScoredEvent => ({
  type: 'checkpoint-scored',
  phase,
  step,
  path: `/out/${phase}-${step}`,
  taskScore,
  harmfulRate: 0.1,
  withinAllowedDrop: taskScore >= 0.76,
  fromDisk: false,
  restoredPerLayer: [step, 0],
});
const chosen = (event: CheckpointScoredEvent) => ({
  step: event.step,
  phase: event.phase,
  path: event.path,
  taskScore: event.taskScore,
  harmfulRate: event.harmfulRate,
});

describe('chooseCheckpoint', () => {
  it('takes the last passing step', () => {
    const result = chooseCheckpoint(
      [chosen(scored(10, 0.7)), chosen(scored(5, 0.77)), chosen(scored(15, 0.76))],
      0.76,
    );

    expect(result.chosen?.step).toBe(15);
    expect(result.reason).toBe('step 15 is the last checkpoint with task score 0.76 >= 0.76');
  });

  it('skips a failing last step', () => {
    expect(chooseCheckpoint([chosen(scored(5, 0.8)), chosen(scored(10, 0.5))], 0.76).chosen?.step).toBe(5);
  });

  it('returns none when all fail', () => {
    const result = chooseCheckpoint([chosen(scored(5, 0.5)), chosen(scored(10, 0.6))], 0.76);

    expect(result.chosen).toBeNull();
    expect(result.reason).toMatch(/at or above 0\.76 \(best was 0\.6\)/);
  });

  it('reason rounds scores to four digits', () => {
    const result = chooseCheckpoint(
      [{ step: 5, phase: 'descent', path: 'p', taskScore: 0.8817234581807942, harmfulRate: 0.5 }],
      0.9182981090100112,
    );
    expect(result.reason).toBe(
      'no checkpoint keeps the task score at or above 0.9183 (best was 0.8817); try a lower rate or rollback always',
    );
  });

  it('returns none without checkpoints', () => {
    expect(chooseCheckpoint([], 0.76)).toEqual({ chosen: null, reason: 'no checkpoint was scored' });
  });
});

describe('chooseFinalCheckpoint', () => {
  it('appends finished on completion', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = scored(5, 0.8);
      const b = scored(10, 0.7);
      const source = cold('x-a-b|', { x: baseline, a, b });

      expectObservable(source.pipe(chooseFinalCheckpoint())).toBe('x-a-b(f|)', {
        x: baseline,
        a,
        b,
        f: {
          type: 'finished',
          chosen: chosen(a),
          reason: 'step 5 is the last checkpoint with task score 0.8 >= 0.76',
        },
      });
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('forgets checkpoints before a rollback restart', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const warmup = scored(5, 0.9);
      const decided: RecoveryEvent = {
        type: 'warmup-decided',
        taskScore: 0.5,
        minimumTaskScore: 0.76,
        rollback: true,
      };
      const later = scored(5, 0.7, 'rollback');
      const source = cold('xwdl|', { x: baseline, w: warmup, d: decided, l: later });

      expectObservable(source.pipe(chooseFinalCheckpoint())).toBe('xwdl(f|)', {
        x: baseline,
        w: warmup,
        d: decided,
        l: later,
        f: {
          type: 'finished',
          chosen: null,
          reason:
            'no checkpoint keeps the task score at or above 0.76 (best was 0.7); try a lower rate or rollback always',
        },
      });
    });
  });

  it('passes errors through without finished', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('evaluator down');
      const source = cold('x-#', { x: baseline }, error);

      expectObservable(source.pipe(chooseFinalCheckpoint())).toBe('x-#', { x: baseline }, error);
    });
  });

  it('unsubscribes from the source', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('x-a-b|', { x: baseline, a: scored(5, 0.8), b: scored(10, 0.8) });

      expectObservable(source.pipe(chooseFinalCheckpoint()), '^--!').toBe('x-a', {
        x: baseline,
        a: scored(5, 0.8),
      });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('reports a missing baseline', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<RecoveryEvent>('|').pipe(chooseFinalCheckpoint())).toBe('(f|)', {
        f: { type: 'finished', chosen: null, reason: 'the fine-tuned model was never scored' },
      });
    });
  });
});

describe('appendStage', () => {
  it('runs work after the source completes', async () => {
    const order: string[] = [];
    const events: RecoveryEvent[] = [];

    await new Promise<void>((resolve, reject) =>
      EMPTY.pipe(
        appendStage(async (emit) => {
          order.push('first');
          emit(baseline);
        }),
        appendStage(async (emit) => {
          order.push('second');
          emit(scored(1, 0.9));
        }),
      ).subscribe({ next: (event) => events.push(event), error: reject, complete: resolve }),
    );

    expect(order).toEqual(['first', 'second']);
    expect(events.map((event) => event.type)).toEqual(['baseline-scored', 'checkpoint-scored']);
  });

  it('aborts the work on unsubscribe and drops its error', async () => {
    let signal: AbortSignal | null = null;
    let release: () => void = () => {};
    const errors: unknown[] = [];
    const subscription = fromWork(async (_emit, workSignal) => {
      signal = workSignal;
      await new Promise<void>((resolve) => (release = resolve));
      workSignal.throwIfAborted();
    }).subscribe({ error: (error) => errors.push(error) });

    subscription.unsubscribe();
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(signal!.aborted).toBe(true);
    expect((signal!.reason as DOMException).name).toBe('AbortError');
    expect(errors).toEqual([]);
  });

  it('sends work errors down the error channel', async () => {
    const failure = new RangeError('bad layer');

    const received = await new Promise((resolve) =>
      fromWork(async () => {
        throw failure;
      }).subscribe({ error: resolve }),
    );

    expect(received).toBe(failure);
  });
});
