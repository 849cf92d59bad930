/**
 * Renders recovery events and evaluation progress for a terminal: one log line per event on
 * stderr, and a progress bar that redraws in place while responses are generated. Without a TTY
 * (logs, CI) only the event lines are written.
 */
import type { EvaluationProgress } from '@realign/evaluators';
import type { RecoveryEvent } from '@realign/pipeline';

export interface ProgressWriter {
  write(text: string): unknown;
  isTTY?: boolean;
}

const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Describes an event in one log line. */
export function describeEvent(event: RecoveryEvent): string {
  switch (event.type) {
    case 'started':
      return (
        `started: L = ${event.layer} of ${event.layerCount} layers, ${event.eligibleTensorCount} eligible tensors, ` +
        `k = ${event.restoreBudget} weights per step` +
        (event.resumedFrom
          ? `, resuming after ${event.resumedFrom.phase} step ${event.resumedFrom.step}`
          : '')
      );
    case 'direction-computed':
      return `${event.direction} direction: ${event.promptCount} prompts, norm ${event.norm.toFixed(3)}${event.cached ? ' (cached)' : ''}, ${seconds(event.durationMs)}`;
    case 'baseline-scored':
      return `fine-tuned model: task ${percent(event.taskScore)}, harmful ${percent(event.harmfulRate)}; checkpoints must keep task >= ${percent(event.minimumTaskScore)}`;
    case 'warmup-decided':
      return event.rollback
        ? `warmup task score ${percent(event.taskScore)} < ${percent(event.minimumTaskScore)}: restarting from the fine-tuned model with rollback steps`
        : `warmup task score ${percent(event.taskScore)} within the allowed drop: continuing without rollback`;
    case 'step-finished':
      return (
        `${event.phase} step ${event.step}: loss ${event.loss.toFixed(4)}, restored ${event.restoredCount}` +
        (event.rollbackLoss === null ? '' : `, rolled back ${event.rolledBackCount}`) +
        `, ${percent(event.fractionRestored)} of decoder weights aligned, ${seconds(event.durationMs)}`
      );
    case 'checkpoint-written':
      return `checkpoint ${event.path} written in ${seconds(event.durationMs)}`;
    case 'checkpoint-scored':
      return (
        `${event.phase} step ${event.step}: task ${percent(event.taskScore)}, harmful ${percent(event.harmfulRate)}` +
        `${event.withinAllowedDrop ? '' : ' (task below the allowed drop)'}${event.fromDisk ? ' (from disk)' : ''}`
      );
    case 'finished':
      return `finished: ${event.reason}`;
  }
}

/** Keeps at most one progress bar on screen and clears it before each log line. */
export class ProgressRenderer {
  private barShown = false;

  constructor(
    private readonly output: ProgressWriter,
    private readonly quiet: boolean,
  ) {}

  log(line: string): void {
    if (this.quiet) return;
    this.clearBar();
    this.output.write(`${line}\n`);
  }

  event(event: RecoveryEvent): void {
    this.log(describeEvent(event));
  }

  /** Redraws the generation bar; without a TTY it prints nothing, since checkpoint-scored lines follow. */
  evaluation(label: string, progress: EvaluationProgress): void {
    if (this.quiet || !this.output.isTTY || progress.status !== 'generation') return;

    const cached = progress.cached > 0 ? ` (${progress.cached} cached)` : '';
    this.output.write(
      `\r\x1b[2K${label}: ${progress.promptSet} ${bar(progress.done, progress.total)} ${progress.done}/${progress.total}${cached}`,
    );
    this.barShown = true;
    if (progress.done === progress.total) this.clearBar();
  }

  private clearBar(): void {
    if (!this.barShown) return;
    this.output.write('\r\x1b[2K');
    this.barShown = false;
  }
}

function bar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
