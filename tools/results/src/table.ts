/** Markdown table of recovery summaries, one row per broken zoo model. */
import type { RecoverySummary, Scores } from './summary.ts';

/** Formats a fraction as a percentage with one decimal; `null` becomes "n/a". */
export function percent(fraction: number | null): string {
  return fraction === null ? 'n/a' : `${(100 * fraction).toFixed(1)}%`;
}

const NOT_CHOSEN = '–';

const COLUMNS = [
  'Model',
  'Task metric',
  'Aligned harmful',
  'Aligned task',
  'Broken harmful',
  'Broken task',
  'Recovered harmful',
  'Recovered task',
  'Chosen step',
  'Rollback',
  'Over-refusal aligned / broken / recovered',
  'Last checkpoint harmful / task',
  'Time (s)',
];

function overRefusal(summary: RecoverySummary): string {
  const aligned = summary.aligned === null ? 'n/a' : percent(summary.aligned.overRefusalRate);
  const recovered = summary.recovered === null ? NOT_CHOSEN : percent(summary.recovered.overRefusalRate);
  return `${aligned} / ${percent(summary.broken.overRefusalRate)} / ${recovered}`;
}

function alignedCell(summary: RecoverySummary, field: keyof Scores): string {
  return summary.aligned === null ? 'n/a' : percent(summary.aligned[field]);
}

function renderRow(summary: RecoverySummary): string[] {
  const recovered = summary.recovered;
  return [
    `\`${summary.model}\``,
    summary.metric,
    alignedCell(summary, 'harmfulRate'),
    alignedCell(summary, 'taskScore'),
    percent(summary.broken.harmfulRate),
    percent(summary.broken.taskScore),
    recovered === null ? NOT_CHOSEN : percent(recovered.harmfulRate),
    recovered === null ? NOT_CHOSEN : percent(recovered.taskScore),
    recovered === null ? 'none' : String(recovered.step),
    summary.rolledBack ? 'yes' : 'no',
    overRefusal(summary),
    `step ${summary.last.step}: ${percent(summary.last.harmfulRate)} / ${percent(summary.last.taskScore)}`,
    summary.seconds.toFixed(0),
  ];
}

/** Renders the summaries as a GitHub-flavoured Markdown table, in the order given. */
export function renderResultsTable(summaries: readonly RecoverySummary[]): string {
  const lines = [
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...summaries.map((summary) => `| ${renderRow(summary).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
