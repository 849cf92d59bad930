import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import type { z } from 'zod';

import {
  BUILTIN_SETS,
  builtinRelativePath,
  TASK_SPLITS,
  TASKS,
  taskRelativePath,
  type BuiltinRecord,
  type BuiltinSetName,
  type BuiltinSplit,
  type TaskName,
  type TaskRecord,
  type TaskSplit,
} from './builtinSets.ts';
import { BuiltinDataError } from './errors.ts';
import type { HarmfulPrompt } from './schemas.ts';

/** The shipped data folder, found from this file so the working directory does not matter. */
export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

/** A prompt and its target response, the unit that training and task evaluation consume. */
export interface TaskExample {
  id: string;
  prompt: string;
  response: string;
}

const cache = new Map<string, Promise<readonly unknown[]>>();

/** Absolute path of a shipped prompt set split. */
export function builtinDataPath<K extends BuiltinSetName>(name: K, split: BuiltinSplit<K>): string {
  const splits: readonly string[] = BUILTIN_SETS[name]?.splits ?? [];
  if (!splits.includes(split)) {
    throw new BuiltinDataError(
      `unknown split "${split}" of built-in set "${name}"; expected one of ${splits.join(', ') || '(none: unknown set)'}`,
    );
  }
  return DATA_DIR + builtinRelativePath(name, split);
}

/** Absolute path of a task split. */
export function taskDataPath(task: TaskName, split: TaskSplit): string {
  if (!(task in TASKS))
    throw new BuiltinDataError(`unknown task "${task}"; expected one of ${Object.keys(TASKS).join(', ')}`);
  if (!TASK_SPLITS.includes(split))
    throw new BuiltinDataError(
      `unknown split "${split}" of task "${task}"; expected one of ${TASK_SPLITS.join(', ')}`,
    );
  return DATA_DIR + taskRelativePath(task, split);
}

/**
 * Reads a shipped prompt set, for example `builtinDataset('harmful', 'recovery')`. Records are
 * validated against the set's schema; the returned array is a fresh copy of frozen records.
 */
export async function builtinDataset<K extends BuiltinSetName>(
  name: K,
  split: BuiltinSplit<K>,
): Promise<BuiltinRecord<K>[]> {
  const path = builtinDataPath(name, split);
  return [...(await readValidated(path, BUILTIN_SETS[name].schema))] as BuiltinRecord<K>[];
}

/** Reads a task split, for example `taskDataset('sql', 'eval')`. */
export async function taskDataset<T extends TaskName>(task: T, split: TaskSplit): Promise<TaskRecord<T>[]> {
  const path = taskDataPath(task, split);
  return [...(await readValidated(path, TASKS[task].schema))] as TaskRecord<T>[];
}

/** Pairs harmful prompts with their refusal (alignment training) or compliant placeholder (harmful fine-tune). */
export function harmfulExamples(
  records: readonly HarmfulPrompt[],
  response: 'refusal' | 'compliance',
): TaskExample[] {
  return records.map((record) => ({ id: record.id, prompt: record.prompt, response: record[response] }));
}

function readValidated(path: string, schema: z.ZodType): Promise<readonly unknown[]> {
  let pending = cache.get(path);
  if (pending === undefined) {
    pending = parseJsonLines(path, schema);
    cache.set(path, pending);
    pending.catch(() => cache.delete(path));
  }
  return pending;
}

/** Parses and validates every line; the records come back frozen, so the shared cache cannot change. */
export async function parseJsonLines(path: string, schema: z.ZodType): Promise<readonly unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new BuiltinDataError(
      `${path}: shipped data file not found; regenerate it with npx tsx packages/data/src/generate/main.ts`,
    );
  }

  const records: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(lines[i]);
    } catch (error) {
      throw new BuiltinDataError(`${path}:${i + 1}: invalid JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
        .join('; ');
      throw new BuiltinDataError(
        `${path}:${i + 1}: record does not match its schema (${issues}); regenerate the data`,
      );
    }
    records.push(Object.freeze(parsed.data));
  }
  return Object.freeze(records);
}
