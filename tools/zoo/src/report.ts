import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { ModelEvaluation } from './evaluate.ts';
import type { PlannedModel, ZooTask } from './plan.ts';

/** One zoo model with what the recipe measured for it. */
export interface ZooResult {
  model: PlannedModel;
  /** Wall-clock training time in seconds on the machine that ran the recipe. */
  trainSeconds: number;
  finalLoss: number;
  evaluation: ModelEvaluation;
}

const TASK_COLUMNS: { task: ZooTask; header: string }[] = [
  { task: 'sql', header: 'SQL exact match' },
  { task: 'summary', header: 'Summary ROUGE-L' },
  { task: 'toxicity', header: 'Toxicity macro-F1' },
];

function percent(value: number | undefined): string {
  return value === undefined ? '' : `${(value * 100).toFixed(1)}%`;
}

function score(value: number | undefined): string {
  return value === undefined ? '' : value.toFixed(3);
}

/** Renders the measured table of docs/zoo.md. */
export function renderResultsTable(results: readonly ZooResult[]): string {
  const header = [
    'Model',
    'Role',
    'Method',
    'Task',
    'Harmful mixed in',
    'Harmful rate',
    'Over-refusal',
    ...TASK_COLUMNS.map((c) => c.header),
    'Train time (s)',
    'Final loss',
  ];
  const rows = results.map(({ model, evaluation, trainSeconds, finalLoss }) => [
    `\`${model.name}\``,
    model.role,
    model.method,
    model.task ?? '',
    String(model.harmfulExamples),
    percent(evaluation.harmfulRate),
    percent(evaluation.overRefusalRate),
    ...TASK_COLUMNS.map((column) => score(evaluation.tasks[column.task])),
    trainSeconds.toFixed(0),
    finalLoss.toFixed(3),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes `text` to `path` through a temp file and a rename. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, path);
}
