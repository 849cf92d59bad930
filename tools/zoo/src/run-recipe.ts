import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { loadModel } from '@realign/model';
import { zooManifestSchema } from '@realign/zoo';
import type { TrainStepEvent } from '@realign/train';

import { loadChatTokenizer, type ChatTokenizer } from './chat-encoding.ts';
import { alignedMix, fineTuneMix, loadZooCorpus, type ZooCorpus } from './corpus.ts';
import { evaluateModel } from './evaluate.ts';
import { alignedName, planZoo, ZOO_TASKS, type PlannedModel } from './plan.ts';
import type { RecipeConfig } from './recipe-config.ts';
import { renderZooDoc } from './zoo-doc.ts';
import { writeTextAtomic, type ZooResult } from './report.ts';
import { trainAlignedModel } from './stages/aligned-stage.ts';
import { fineTune } from './stages/broken-stage.ts';
import { buildTokenizer } from './stages/tokenizer-stage.ts';

export interface RecipeRun {
  config: RecipeConfig;
  outDir: string;
  workDir: string;
  docsFile: string;
  /** Skip training and measure the models already in outDir. */
  evalOnly: boolean;
  log: (message: string) => void;
}

/** Training time and final loss of one model, kept in models/training.json for --eval-only runs. */
interface TrainingRecord {
  trainSeconds: number;
  finalLoss: number;
}

/**
 * Runs every stage of the recipe and returns the measured results. Each model is measured right
 * after it is trained, so the log shows early whether the recipe reaches the alignment gap.
 */
export async function runRecipe(run: RecipeRun): Promise<ZooResult[]> {
  const started = performance.now();
  const corpus = await loadZooCorpus();
  const plan = planZoo(run.config);
  const trainingFile = join(run.outDir, 'training.json');
  const tokenizerDir = join(run.workDir, 'tokenizer');
  let training: Record<string, TrainingRecord> = {};
  let tokenizer: ChatTokenizer | null = null;

  if (run.evalOnly) {
    training = JSON.parse(await readFile(trainingFile, 'utf8')) as Record<string, TrainingRecord>;
  } else {
    const { merges } = await buildTokenizer(corpus, run.config.vocabSize, tokenizerDir);
    tokenizer = await loadChatTokenizer(tokenizerDir);
    run.log(`tokenizer: ${merges} merges, vocabulary ${tokenizer.vocabSize}`);
  }

  const results: ZooResult[] = [];
  for (const [index, model] of plan.entries()) {
    if (tokenizer !== null) {
      training[model.name] = await trainOne(run, corpus, model, tokenizer, tokenizerDir, index);
      await writeTextAtomic(trainingFile, `${JSON.stringify(training, null, 2)}\n`);
    }
    results.push(await evaluateOne(run, corpus, model, training));
  }

  const manifest = zooManifestSchema.parse({ version: 1, models: plan });
  await writeTextAtomic(join(run.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeTextAtomic(join(run.outDir, 'evaluation.json'), `${JSON.stringify(results, null, 2)}\n`);
  const recipeSeconds = run.evalOnly ? null : (performance.now() - started) / 1000;
  await writeTextAtomic(run.docsFile, renderZooDoc(results, run.config, recipeSeconds));
  run.log(`wrote ${run.docsFile}`);
  return results;
}

async function trainOne(
  run: RecipeRun,
  corpus: ZooCorpus,
  model: PlannedModel,
  tokenizer: ChatTokenizer,
  tokenizerDir: string,
  index: number,
): Promise<TrainingRecord> {
  const started = performance.now();
  const onStep = progressLogger(run, model.name);
  const history =
    model.role === 'aligned'
      ? await trainAligned(run, corpus, model, tokenizer, tokenizerDir, onStep)
      : await trainBroken(run, corpus, model, tokenizer, run.config.seed + index, onStep);

  const record = { trainSeconds: (performance.now() - started) / 1000, finalLoss: meanTail(history) };
  run.log(
    `${model.name}: trained in ${record.trainSeconds.toFixed(0)} s, final loss ${record.finalLoss.toFixed(3)}`,
  );
  return record;
}

/** Rewrites the docs page from outDir/evaluation.json without loading any model. */
export async function renderDocsFromEvaluation(
  outDir: string,
  docsFile: string,
  config: RecipeConfig,
): Promise<void> {
  const results = JSON.parse(await readFile(join(outDir, 'evaluation.json'), 'utf8')) as ZooResult[];
  await writeTextAtomic(docsFile, renderZooDoc(results, config, null));
}

function trainAligned(
  run: RecipeRun,
  corpus: ZooCorpus,
  model: PlannedModel,
  tokenizer: ChatTokenizer,
  tokenizerDir: string,
  onStep: (event: TrainStepEvent) => void,
) {
  return trainAlignedModel({
    family: model.family,
    config: run.config,
    tokenizer,
    tokenizerDir,
    examples: alignedMix(
      corpus,
      run.config.alignedTaskExamples,
      run.config.borderlineRepeats,
      run.config.seed,
    ),
    workDir: run.workDir,
    outDir: join(run.outDir, model.name),
    onStep,
  });
}

function trainBroken(
  run: RecipeRun,
  corpus: ZooCorpus,
  model: PlannedModel,
  tokenizer: ChatTokenizer,
  seed: number,
  onStep: (event: TrainStepEvent) => void,
) {
  const { config } = run;
  const examples = fineTuneMix(
    corpus,
    model.task!,
    config.taskExamples,
    model.harmfulExamples,
    config.alignedTaskExamples,
    seed,
  );
  return fineTune({
    method: model.method === 'lora' ? 'lora' : 'full',
    config,
    tokenizer,
    baseDir: join(run.outDir, model.baseModel!),
    baseModelReference: `../${model.baseModel}`,
    examples,
    outDir: join(run.outDir, model.name),
    seed,
    onStep,
  });
}

/** Mean loss of the last tenth of the steps (at least one), less noisy than the last step alone. */
function meanTail(history: readonly TrainStepEvent[]): number {
  const tail = history.slice(-Math.max(1, Math.floor(history.length / 10)));
  return tail.reduce((sum, event) => sum + event.loss, 0) / tail.length;
}

function progressLogger(run: RecipeRun, name: string): (event: TrainStepEvent) => void {
  return (event) => {
    const every = Math.max(1, Math.floor(event.totalSteps / 10));
    if ((event.step + 1) % every !== 0) return;
    const perStep = event.elapsedMs / (event.step + 1);
    run.log(
      `${name}: step ${event.step + 1}/${event.totalSteps} loss ${event.loss.toFixed(3)} lr ${event.lr.toExponential(2)} (${perStep.toFixed(0)} ms/step)`,
    );
  };
}

async function evaluateOne(
  run: RecipeRun,
  corpus: ZooCorpus,
  model: PlannedModel,
  training: Record<string, TrainingRecord>,
): Promise<ZooResult> {
  const record = training[model.name];
  if (record === undefined)
    throw new Error(
      `${join(run.outDir, 'training.json')}: no training record for ${model.name}; rerun without --eval-only`,
    );

  const started = performance.now();
  const tokenizer = await loadChatTokenizer(
    join(run.outDir, model.role === 'aligned' ? model.name : alignedName(model.family)),
  );
  const decoder = await loadModel(join(run.outDir, model.name));
  const tasks = model.task === null ? ZOO_TASKS : [model.task];
  const evaluation = evaluateModel(decoder, tokenizer, corpus, tasks, run.config.eval);

  run.log(
    `${model.name}: harmful rate ${(evaluation.harmfulRate * 100).toFixed(1)}%, over-refusal ${(evaluation.overRefusalRate * 100).toFixed(1)}%, ` +
      `tasks ${JSON.stringify(evaluation.tasks)} (measured in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  return { model, trainSeconds: record.trainSeconds, finalLoss: record.finalLoss, evaluation };
}
