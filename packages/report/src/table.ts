import type { Report } from './schema.ts';

const percent = (value: number | null, digits = 1) =>
  value === null ? '-' : `${(value * 100).toFixed(digits)}%`;

/**
 * Renders the checkpoints as a plain-text table for a terminal, followed by the chosen checkpoint
 * and the reason. Returns the text; the caller prints it.
 */
export function renderSummaryTable(report: Report): string {
  const header = ['', 'checkpoint', 'step', 'harmful', 'unparseable', 'over-refusal', 'task', 'task change'];
  const rows = report.checkpoints.map((c) => [
    report.chosen?.checkpointId === c.id ? '*' : '',
    c.id,
    String(c.step),
    percent(c.harmful.rate),
    String(c.harmful.unparseable),
    percent(c.overRefusalRate),
    percent(c.taskScore),
    report.baselineTaskScore === 0
      ? '-'
      : percent((c.taskScore - report.baselineTaskScore) / report.baselineTaskScore),
  ]);

  // The aligned model is a reference outside the run, so it has no step and no task change.
  if (report.aligned) {
    const a = report.aligned;
    rows.unshift([
      '',
      'aligned (reference)',
      '-',
      percent(a.harmful.rate),
      String(a.harmful.unparseable),
      percent(a.overRefusalRate),
      percent(a.taskScore),
      '-',
    ]);
  }

  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  // Text columns align left, numbers right.
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column <= 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();

  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''];
  if (report.chosen) lines.push(`chosen: ${report.chosen.checkpointId} (${report.chosen.reason})`);
  else
    lines.push(
      `chosen: none (no checkpoint kept the task score within ${percent(report.maxTaskDrop)} of the baseline)`,
    );

  return `${lines.join('\n')}\n`;
}
