/**
 * `realign recover`: restores the safety alignment of a fine-tuned model and writes the chosen
 * checkpoint, every scored checkpoint, report.json and report.html into the output folder.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getHarmJudge, loadChatGenerator, type HarmJudge } from '@realign/evaluators';
import { loadModelConfig, resolveModelFolders } from '@realign/model';
import { openCheckpointModels, recover, recoveryConfigSchema, type RecoveryConfig } from '@realign/pipeline';
import { renderSummaryTable, writeHtmlReport, writeReportJson } from '@realign/report';
import { initBackend } from '@realign/tensor';
import { tap, type Observable } from 'rxjs';
import { z } from 'zod';
import { copyCheckpointAtomically } from '../chosen-copy.ts';
import { describeIssues, flagsFromSchema, parseFlags, UsageError } from '../flags.ts';
import { defaultRecoveryPaths, loadEvaluationSets, loadPromptTexts, resolvePair } from '../inputs.ts';
import { recoverOptionsSchema, type EvaluationOptions } from '../options.ts';
import { ProgressRenderer } from '../progress.ts';
import { recordingEvaluator } from '../recording-evaluator.ts';
import { buildReport, parametersPerLayer, RunRecorder } from '../report-builder.ts';
import type { CommandIo } from './io.ts';

/** Task prompts used with --zoo when neither --task-prompts nor --task-prompt-count is given. */
export const ZOO_TASK_PROMPT_COUNT = 128;

/** Every flag of `recover`: the command's own, then each recovery setting. */
export const recoverFlagsSchema = z.object({ ...recoverOptionsSchema.shape, ...recoveryConfigSchema.shape });

async function readJsonFile(path: string, flag: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path} could not be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${flag} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Builds the harm judge named by --judge with the options from --judge-config. */
export async function createJudge(
  options: Pick<EvaluationOptions, 'judge' | 'judgeConfig'>,
): Promise<HarmJudge> {
  const entry = getHarmJudge(options.judge);
  const judgeOptions =
    options.judgeConfig === undefined ? {} : await readJsonFile(options.judgeConfig, '--judge-config');
  const parsed = entry.options.safeParse(judgeOptions);
  if (!parsed.success) {
    throw new UsageError(`--judge-config for judge ${entry.name}:\n${describeIssues(parsed.error, [])}`);
  }
  return entry.create(parsed.data, { loadChatGenerator });
}

function parseRecoverFlags(argv: readonly string[], base: Record<string, unknown>) {
  const known = new Set(Object.keys(recoverFlagsSchema.shape));
  const unknown = Object.keys(base).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `--config: unknown setting ${unknown.join(', ')}; settings use the flag names in camelCase (allowedDrop for --allowed-drop).`,
    );
  }

  const flags = parseFlags(recoverFlagsSchema, argv, base);

  // The recovery settings have cross-field rules (warmup <= steps); check them with their own schema.
  const settings = Object.fromEntries(
    Object.keys(recoveryConfigSchema.shape).map((key) => [key, flags[key as keyof typeof flags]]),
  );
  const checked = recoveryConfigSchema.safeParse(settings);
  if (!checked.success)
    throw new UsageError(describeIssues(checked.error, flagsFromSchema(recoverFlagsSchema)));
  return { options: flags, config: checked.data as RecoveryConfig };
}

/** Raised when Ctrl-C stops a run; complete checkpoints stay and --resume continues from them. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  constructor(outputDir: string) {
    super(
      `interrupted; complete checkpoints are kept in ${outputDir}, and rerunning with --resume continues from the last one`,
    );
  }
}

/**
 * Subscribes until the run finishes. SIGINT unsubscribes, which stops the pipeline at its next
 * batch boundary and removes a half-written checkpoint, then rejects with InterruptedError.
 */
function runUntilInterrupted(events: Observable<unknown>, outputDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onInterrupt = () => {
      subscription.unsubscribe();
      reject(new InterruptedError(outputDir));
    };
    const subscription = events.subscribe({
      error: (error: unknown) => {
        process.off('SIGINT', onInterrupt);
        reject(error);
      },
      complete: () => {
        process.off('SIGINT', onInterrupt);
        resolve();
      },
    });
    if (!subscription.closed) process.once('SIGINT', onInterrupt);
  });
}

/** Runs the command; returns the process exit code. */
export async function runRecover(argv: readonly string[], io: CommandIo): Promise<number> {
  const configIndex = argv.indexOf('--config');
  const base =
    configIndex >= 0 && argv[configIndex + 1] ? await readJsonFile(argv[configIndex + 1], '--config') : {};
  const { options, config: parsedConfig } = parseRecoverFlags(argv, base);

  // A zoo task's train split has thousands of prompts. Every rollback step runs backward over all
  // task prompts, and the benign direction needs far fewer.
  const config =
    options.zoo !== undefined &&
    options.taskPrompts === undefined &&
    parsedConfig.taskPromptCount === undefined
      ? { ...parsedConfig, taskPromptCount: ZOO_TASK_PROMPT_COUNT }
      : parsedConfig;
  const progress = new ProgressRenderer(io.stderr, options.quiet);

  const pair = resolvePair(options);
  const defaults = options.zoo === undefined ? {} : defaultRecoveryPaths(pair.task);
  if (options.harmfulPreset !== undefined && options.harmful === undefined) {
    throw new UsageError('--harmful-preset sets the field layout of --harmful; pass --harmful FILE as well.');
  }
  const harmfulPath = options.harmful ?? defaults.harmful;
  if (harmfulPath === undefined) throw new UsageError('missing harmful prompts: pass --harmful FILE.');
  const sets = await loadEvaluationSets(options, pair.task);
  const taskPromptPath = options.taskPrompts ?? defaults.taskPrompts ?? sets.taskSource;

  await initBackend({ engine: options.engine });
  const judge = await createJudge(options);
  const evaluator = recordingEvaluator({
    sets,
    judge,
    maxNewTokens: options.maxNewTokens,
    cacheDir: join(config.outputDir, 'responses'),
    onProgress: (dir, event) => progress.evaluation(dir === pair.alignedDir ? 'aligned' : dir, event),
  });

  const models = await openCheckpointModels({ alignedDir: pair.alignedDir, finetunedDir: pair.finetunedDir });
  const recorder = new RunRecorder();
  try {
    const inputs = {
      models,
      evaluator,
      harmfulPrompts: await loadPromptTexts(harmfulPath, options.harmfulPreset),
      taskPrompts: await loadPromptTexts(taskPromptPath),
    };
    const events = recover(config, inputs).pipe(
      tap((event) => {
        recorder.observe(event);
        progress.event(event);
      }),
    );
    await runUntilInterrupted(events, config.outputDir);
  } finally {
    await models.close();
  }

  // Checkpoints scored on an earlier, resumed run come back from the response cache.
  for (const dir of [pair.finetunedDir, ...recorder.scored.map((checkpoint) => checkpoint.path)]) {
    const evaluation = evaluator.evaluations.get(dir);
    if (evaluation?.task === undefined || evaluation.harmful === undefined) await evaluator.evaluateAll(dir);
  }
  progress.log('scoring the aligned model for reference');
  const alignedEvaluation = await evaluator.evaluateAll(pair.alignedDir);

  const report = buildReport({
    alignedDir: pair.alignedDir,
    finetunedDir: pair.finetunedDir,
    judge: judge.name,
    metric: sets.metric,
    harmfulSource: sets.harmfulSource,
    overRefusalSource: sets.overRefusalSource,
    taskSource: sets.taskSource,
    allowedDrop: config.allowedDrop,
    layerTotals: parametersPerLayer(
      await loadModelConfig((await resolveModelFolders(pair.finetunedDir)).baseDir),
    ),
    recorder,
    evaluations: evaluator.evaluations,
    alignedEvaluation,
  });

  const chosenPath = recorder.finished?.chosen?.path;
  if (chosenPath !== undefined) await copyCheckpointAtomically(chosenPath, join(config.outputDir, 'chosen'));
  await writeReportJson(join(config.outputDir, 'report.json'), report);
  await writeHtmlReport(join(config.outputDir, 'report.html'), report);

  io.stdout.write(renderSummaryTable(report));
  io.stdout.write(
    `\nreport: ${join(config.outputDir, 'report.json')} and report.html` +
      (chosenPath === undefined
        ? '\n'
        : `; chosen checkpoint copied to ${join(config.outputDir, 'chosen')}\n`),
  );
  return 0;
}
