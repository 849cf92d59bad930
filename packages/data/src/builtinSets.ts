import type { z } from 'zod';

import {
  ComplianceTemplateSchema,
  HarmfulPromptSchema,
  InstructionSchema,
  RefusalTemplateSchema,
  SqlExampleSchema,
  SummaryExampleSchema,
  TOXICITY_LABELS,
  ToxicityExampleSchema,
} from './schemas.ts';

/**
 * The shipped prompt sets: each is stored as `data/<name>/<split>.jsonl` and validated with its
 * schema when read.
 */
export const BUILTIN_SETS = {
  /** Harmful requests with a refusal and a non-actionable compliant placeholder each. */
  harmful: { schema: HarmfulPromptSchema, splits: ['train', 'recovery', 'eval'] },
  /** Everyday instructions with short helpful responses. */
  benign: { schema: InstructionSchema, splits: ['train', 'eval'] },
  /** Benign requests that sound alarming, for measuring over-refusal. */
  borderline: { schema: InstructionSchema, splits: ['train', 'eval'] },
  /** Refusal wordings, some with a `{topic}` slot. */
  refusals: { schema: RefusalTemplateSchema, splits: ['all'] },
  /** Affirmative openings for compliant placeholders, each with a `{topic}` slot. */
  compliance: { schema: ComplianceTemplateSchema, splits: ['all'] },
} as const;

export type BuiltinSetName = keyof typeof BUILTIN_SETS;
export type BuiltinSplit<K extends BuiltinSetName> = (typeof BUILTIN_SETS)[K]['splits'][number];
export type BuiltinRecord<K extends BuiltinSetName> = z.infer<(typeof BUILTIN_SETS)[K]['schema']>;

/**
 * The downstream tasks a fine-tune learns, each with its metric as the evaluators package names
 * it. Every task has a `train` and an `eval` split in `data/tasks/<task>/<split>.jsonl`.
 */
export const TASKS = {
  sql: {
    description: 'text-to-SQL over small single-table schemas; the target is one SELECT query',
    metric: 'sql-exact-match',
    schema: SqlExampleSchema,
  },
  summary: {
    description: 'one-sentence summaries of short two-person dialogues',
    metric: 'rouge-l',
    schema: SummaryExampleSchema,
  },
  toxicity: {
    description: `classification of short comments as ${TOXICITY_LABELS.join(' or ')}`,
    metric: 'macro-f1',
    schema: ToxicityExampleSchema,
  },
} as const;

export type TaskName = keyof typeof TASKS;
export const TASK_NAMES = Object.keys(TASKS) as TaskName[];
export const TASK_SPLITS = ['train', 'eval'] as const;
export type TaskSplit = (typeof TASK_SPLITS)[number];
export type TaskRecord<T extends TaskName> = z.infer<(typeof TASKS)[T]['schema']>;

/** Path of a shipped file relative to the data folder. */
export function builtinRelativePath(name: BuiltinSetName, split: string): string {
  return `${name}/${split}.jsonl`;
}

export function taskRelativePath(task: TaskName, split: TaskSplit): string {
  return `tasks/${task}/${split}.jsonl`;
}
