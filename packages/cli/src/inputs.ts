/**
 * Resolves what a command runs on: model folders (from flags or a zoo name) and prompt sets
 * (from paths, or the shipped data when a default applies).
 */
import {
  builtinDataPath,
  loadPromptSet,
  taskDataPath,
  TASKS,
  type PromptRecord,
  type PromptSetPresetName,
  type TaskName,
} from '@realign/data';
import type { EvalPrompt, TaskExample } from '@realign/evaluators';
import { zooModel } from '@realign/zoo';
import { UsageError } from './flags.ts';
import type { EvaluationOptions } from './options.ts';

/** A model folder and, for a shipped zoo model, its task. */
export interface ResolvedModel {
  dir: string;
  task: TaskName | null;
}

/** The aligned and fine-tuned folders of a recovery run. */
export interface ResolvedPair {
  alignedDir: string;
  finetunedDir: string;
  task: TaskName | null;
}

/** Resolves --zoo or --aligned/--finetuned; exactly one of the two ways must be used. */
export function resolvePair(options: { zoo?: string; aligned?: string; finetuned?: string }): ResolvedPair {
  if (options.zoo !== undefined) {
    if (options.aligned !== undefined || options.finetuned !== undefined) {
      throw new UsageError('--zoo picks both models; leave out --aligned and --finetuned, or drop --zoo.');
    }
    const broken = zooModel(options.zoo);
    if (broken.role !== 'broken' || broken.baseModel === null) {
      throw new UsageError(
        `--zoo ${options.zoo} is an aligned model; pass a broken fine-tune (see \`realign zoo\`).`,
      );
    }
    return { alignedDir: zooModel(broken.baseModel).path, finetunedDir: broken.path, task: broken.task };
  }

  if (options.aligned === undefined || options.finetuned === undefined) {
    throw new UsageError(
      'missing models: pass --aligned DIR and --finetuned DIR (or --zoo NAME for a shipped pair).',
    );
  }
  return { alignedDir: options.aligned, finetunedDir: options.finetuned, task: null };
}

/** Resolves --zoo or --model for `realign eval`. */
export function resolveModel(options: { zoo?: string; model?: string }): ResolvedModel {
  if (options.zoo !== undefined && options.model !== undefined) {
    throw new UsageError('pass either --model DIR or --zoo NAME, not both.');
  }
  if (options.zoo !== undefined) {
    const model = zooModel(options.zoo);
    return { dir: model.path, task: model.task };
  }
  if (options.model === undefined) throw new UsageError('missing model: pass --model DIR (or --zoo NAME).');
  return { dir: options.model, task: null };
}

/** The prompt sets and metric that score a checkpoint. */
export interface EvaluationSets {
  harmful: EvalPrompt[];
  harmfulSource: string;
  overRefusal: EvalPrompt[];
  overRefusalSource: string;
  task: TaskExample[];
  taskSource: string;
  metric: string;
}

const limit = <T>(items: T[], count: number | undefined): T[] =>
  count === undefined ? items : items.slice(0, count);

const toEvalPrompt = (record: PromptRecord): EvalPrompt => ({
  prompt: record.prompt,
  categories: record.categories,
});

/** Reads task examples; each needs a reference answer in its `response` field. */
export async function loadTaskExamples(path: string): Promise<TaskExample[]> {
  const records = await loadPromptSet(path);
  return records.map((record) => {
    if (record.response === undefined) {
      const line = record.source.line === undefined ? '' : `:${record.source.line}`;
      throw new UsageError(
        `${path}${line}: task example has no "response" field; task files need the reference answer there.`,
      );
    }
    return { prompt: record.prompt, reference: record.response };
  });
}

/** Loads the evaluation prompt sets, falling back to the shipped data where a default applies. */
export async function loadEvaluationSets(
  options: EvaluationOptions & { task?: string },
  task: TaskName | null,
): Promise<EvaluationSets> {
  if (options.harmfulEvalPreset !== undefined && options.harmfulEval === undefined) {
    throw new UsageError(
      '--harmful-eval-preset sets the field layout of --harmful-eval; pass --harmful-eval FILE as well.',
    );
  }
  const taskSource = options.task ?? (task === null ? undefined : taskDataPath(task, 'eval'));
  if (taskSource === undefined) {
    throw new UsageError(
      'missing task examples: pass --task FILE (prompt and response fields) and --metric NAME; aligned zoo models have no task of their own.',
    );
  }

  const metric = options.metric ?? (task === null ? undefined : TASKS[task].metric);
  if (metric === undefined)
    throw new UsageError('missing task metric: pass --metric (see --help for the names).');

  const harmfulSource = options.harmfulEval ?? builtinDataPath('harmful', 'eval');
  const harmfulRecords = await loadPromptSet(harmfulSource, {
    preset: options.harmfulEvalPreset as PromptSetPresetName | undefined,
  });
  const overRefusalSource = options.overRefusal ?? builtinDataPath('borderline', 'eval');
  const overRefusalRecords = await loadPromptSet(overRefusalSource);

  return {
    harmful: limit(harmfulRecords.map(toEvalPrompt), options.evalLimit),
    harmfulSource,
    overRefusal: limit(overRefusalRecords.map(toEvalPrompt), options.evalLimit),
    overRefusalSource,
    task: limit(await loadTaskExamples(taskSource), options.evalLimit),
    taskSource,
    metric,
  };
}

/** Loads the prompt texts of a prompt set (harmful recovery prompts, task prompts). */
export async function loadPromptTexts(path: string, preset?: string): Promise<string[]> {
  const records = await loadPromptSet(path, { preset: preset as PromptSetPresetName | undefined });
  if (records.length === 0)
    throw new UsageError(`${path}: the prompt set is empty; it needs at least one prompt.`);
  return records.map((record) => record.prompt);
}

/** Default harmful recovery prompts and task prompts for a zoo run. */
export function defaultRecoveryPaths(task: TaskName | null): { harmful?: string; taskPrompts?: string } {
  return {
    harmful: builtinDataPath('harmful', 'recovery'),
    taskPrompts: task === null ? undefined : taskDataPath(task, 'train'),
  };
}
