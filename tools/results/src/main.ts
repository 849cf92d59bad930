/**
 * Runs recovery on every broken zoo model, once with the default settings and once with a
 * non-default configuration, and writes docs/results.md from the reports.
 *
 *   npx tsx tools/results/src/main.ts [--models a,b] [--eval-limit N] [--out DIR] [--reuse]
 */
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagsFromSchema, formatFlagHelp, parseFlags, UsageError } from '@realign/cli';
import { writeFileAtomic } from '@realign/report';
import { listZooModels, type ZooModel } from '@realign/zoo';
import { builtinDataPath, loadPromptSet, taskDataPath } from '@realign/data';
import {
  DEFAULT_ALTERNATIVE,
  DEFAULT_ALTERNATIVE_REASON,
  resultsOptionsSchema,
  type ResultsOptions,
} from './options.ts';
import { renderResultsPage, type ConfigurationResults } from './page.ts';
import { runRecovery } from './run-recovery.ts';
import type { RecoverySummary } from './summary.ts';

const DEFAULT_DOCS = fileURLToPath(new URL('../../../docs/results.md', import.meta.url));

interface Configuration {
  id: string;
  title: string;
  description: string;
  flags: string[];
}

function selectModels(list: string | undefined): ZooModel[] {
  const brokenModels = listZooModels().filter((model) => model.role === 'broken');
  const broken = brokenModels.map((model) => model.name);
  if (list === undefined) return brokenModels;

  const requested = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = requested.filter((name) => !broken.includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `--models: ${unknown.join(', ')} is not a broken zoo model; pick from ${broken.join(', ')}`,
    );
  return requested.map((name) => brokenModels.find((model) => model.name === name)!);
}

const setSize = async (path: string) => (await loadPromptSet(path)).length;

/** Counts the prompts each run scores (the eval limit, or a whole smaller set) and the task training prompts. */
async function countPrompts(models: readonly ZooModel[], evalLimit: number) {
  const tasks = [...new Set(models.map((model) => model.task!))];
  const taskEval = Math.min(...(await Promise.all(tasks.map((task) => setSize(taskDataPath(task, 'eval'))))));
  const taskTrain = Math.min(
    ...(await Promise.all(tasks.map((task) => setSize(taskDataPath(task, 'train'))))),
  );
  return {
    scoredCounts: {
      harmful: Math.min(evalLimit, await setSize(builtinDataPath('harmful', 'eval'))),
      overRefusal: Math.min(evalLimit, await setSize(builtinDataPath('borderline', 'eval'))),
      task: Math.min(evalLimit, taskEval),
    },
    taskTrainCount: taskTrain,
  };
}

function configurations(options: ResultsOptions): Configuration[] {
  const list: Configuration[] = [
    {
      id: 'default',
      title: 'Default settings',
      description:
        'Every method setting at its default; only the task-prompt count is capped, as stated above.',
      flags: [],
    },
  ];
  const alternative = options.alternative.split(/\s+/).filter((flag) => flag !== '');
  if (alternative.length > 0) {
    list.push({
      // The folder name follows the flags, so --reuse never mixes runs of different configurations.
      id: `flags${alternative.join('_').replace(/[^A-Za-z0-9._]+/g, '-')}`,
      title: `Non-default: ${alternative.join(' ')}`,
      description:
        options.alternative === DEFAULT_ALTERNATIVE
          ? DEFAULT_ALTERNATIVE_REASON
          : 'NOT the default settings: the configuration passed with --alternative.',
      flags: alternative,
    });
  }
  return list;
}

function describeMachine(): string {
  const cores = cpus();
  const memory = (totalmem() / 2 ** 30).toFixed(0);
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(', ');
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${memory} GiB RAM, Node ${process.version}, no GPU (load average ${load} when the page was written, because other jobs shared the CPUs)`;
}

const quote = (arg: string) => (/\s/.test(arg) || arg === '' ? `"${arg}"` : arg);

async function runConfiguration(
  configuration: Configuration,
  models: string[],
  options: ResultsOptions,
  out: string,
  commonFlags: string[],
) {
  const summaries: (RecoverySummary & { reused: boolean })[] = [];
  for (const [index, model] of models.entries()) {
    const outputDir = join(out, configuration.id, model);
    const summary = await runRecovery({
      model,
      outputDir,
      flags: [...commonFlags, ...configuration.flags],
      reuse: options.reuse,
    });
    const chosen = summary.recovered === null ? 'none chosen' : `step ${summary.recovered.step} chosen`;
    console.error(
      `[${configuration.id} ${index + 1}/${models.length}] ${model}: ${chosen}, ${summary.seconds.toFixed(0)} s${summary.reused ? ' (reused)' : ''}`,
    );
    summaries.push(summary);
  }
  return summaries;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(
      `Usage: npx tsx tools/results/src/main.ts [options]\n\n${formatFlagHelp(flagsFromSchema(resultsOptionsSchema))}`,
    );
    return 0;
  }
  const started = performance.now();
  const options = parseFlags(resultsOptionsSchema, argv);
  const zooModels = selectModels(options.models);
  const models = zooModels.map((model) => model.name);
  const out = options.out ?? mkdtempSync(join(tmpdir(), 'realign-results-'));
  const commonFlags = [
    '--eval-limit',
    String(options.evalLimit),
    '--task-prompt-count',
    String(options.taskPromptCount),
    '--quiet',
  ];
  console.error(`results: ${models.length} models, runs under ${out}`);

  const results: ConfigurationResults[] = [];
  let reusedRuns = 0;
  for (const configuration of configurations(options)) {
    const summaries = await runConfiguration(configuration, models, options, out, commonFlags);
    reusedRuns += summaries.filter((summary) => summary.reused).length;
    results.push({ ...configuration, summaries });
  }

  const docs = options.docs ?? DEFAULT_DOCS;
  const page = renderResultsPage({
    command: ['npx tsx tools/results/src/main.ts', ...argv.map(quote)].join(' '),
    generatedAt: new Date(),
    machine: describeMachine(),
    totalSeconds: (performance.now() - started) / 1000,
    reusedRuns,
    ...(await countPrompts(zooModels, options.evalLimit)),
    taskPromptCount: options.taskPromptCount,
    commonFlags,
    configurations: results,
  });
  writeFileAtomic(docs, page);
  console.error(`results: wrote ${docs}`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`results: ${(error as Error).message}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
