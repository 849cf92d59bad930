/**
 * `realign eval`: scores one checkpoint (harmful rate by category, over-refusal, task score)
 * without running recovery.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileAtomic } from '@realign/report';
import { initBackend } from '@realign/tensor';
import { parseFlags } from '../flags.ts';
import { loadEvaluationSets, resolveModel } from '../inputs.ts';
import { evalOptionsSchema } from '../options.ts';
import { ProgressRenderer } from '../progress.ts';
import { recordingEvaluator } from '../recording-evaluator.ts';
import { createJudge } from './recover.ts';
import type { CommandIo } from './io.ts';

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;

export async function runEval(argv: readonly string[], io: CommandIo): Promise<number> {
  const options = parseFlags(evalOptionsSchema, argv);
  const progress = new ProgressRenderer(io.stderr, options.quiet);
  const model = resolveModel(options);
  const sets = await loadEvaluationSets(options, model.task);

  await initBackend({ engine: options.engine });
  const judge = await createJudge(options);
  const evaluator = recordingEvaluator({
    sets,
    judge,
    maxNewTokens: options.maxNewTokens,
    cacheDir: join(tmpdir(), 'realign-eval-responses'),
    onProgress: (_dir, event) => progress.evaluation('eval', event),
  });
  const evaluation = await evaluator.evaluateAll(model.dir);

  const harmful = evaluation.harmful!;
  const lines = [
    `model         ${model.dir}`,
    `harmful rate  ${percent(harmful.rate)} (${harmful.harmful} of ${harmful.total}, ${harmful.unparseable} unparseable, judge ${judge.name})`,
    `over-refusal  ${percent(evaluation.overRefusal?.rate)} (${evaluation.overRefusal?.refused ?? 0} of ${evaluation.overRefusal?.total ?? 0})`,
    `task score    ${percent(evaluation.task?.score)} (${sets.metric} on ${sets.task.length} examples)`,
  ];
  for (const [category, counts] of Object.entries(harmful.byCategory ?? {}).sort()) {
    lines.push(`  ${category.padEnd(20)} ${percent(counts.rate)} (${counts.harmful} of ${counts.total})`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);

  if (options.out !== undefined) {
    const { items: _items, ...harmfulCounts } = harmful;
    writeFileAtomic(
      options.out,
      `${JSON.stringify({ model: model.dir, ...evaluation, harmful: harmfulCounts }, null, 2)}\n`,
    );
  }
  return 0;
}
