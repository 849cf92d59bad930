/**
 * The zoo recipe: trains the zoo tokenizer, an aligned Llama and Qwen2 chat model from scratch, and
 * broken fine-tunes of them, then measures every model and writes models/manifest.json,
 * models/evaluation.json and docs/zoo.md.
 *
 *   npx tsx tools/zoo/src/main.ts [--quick] [--seed N] [--out DIR] [--work DIR] [--docs FILE] [--eval-only | --docs-only]
 */
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { initBackend } from '@realign/tensor';

import { DEFAULT_RECIPE, quickRecipe, recipeConfigSchema } from './recipe-config.ts';
import { renderDocsFromEvaluation, runRecipe } from './run-recipe.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const HELP = `Usage: npx tsx tools/zoo/src/main.ts [options]

  --out DIR      folder for the models and manifest.json (default packages/zoo/models)
  --work DIR     scratch folder for tokenizer and init checkpoints (default: the OS temp folder)
  --docs FILE    markdown file for the measured table (default docs/zoo.md)
  --seed N       seed of initialisation and data order (default ${DEFAULT_RECIPE.seed})
  --quick        tiny sizes and a few steps, to check that every stage runs (minutes)
  --eval-only    skip training; measure the models already in --out
  --docs-only    only rewrite --docs from the evaluation.json in --out
  --threads N    onnxruntime intra-op threads (default 2)
  --help         print this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      work: { type: 'string' },
      docs: { type: 'string' },
      seed: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'eval-only': { type: 'boolean', default: false },
      'docs-only': { type: 'boolean', default: false },
      threads: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }

  const base = {
    ...DEFAULT_RECIPE,
    seed: values.seed === undefined ? DEFAULT_RECIPE.seed : Number(values.seed),
  };
  const config = recipeConfigSchema.parse(values.quick ? quickRecipe(base) : base);
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'packages/zoo/models'));
  const docsFile = resolve(values.docs ?? join(REPO_ROOT, 'docs/zoo.md'));
  if (values['docs-only']) {
    await renderDocsFromEvaluation(outDir, docsFile, config);
    console.log(`wrote ${docsFile}`);
    return;
  }
  await initBackend({ engine: 'ort', threads: values.threads === undefined ? 2 : Number(values.threads) });

  await runRecipe({
    config,
    outDir,
    workDir: resolve(values.work ?? join(tmpdir(), 'realign-zoo-work')),
    docsFile,
    evalOnly: values['eval-only'],
    log: (message) => console.log(`[zoo ${new Date().toISOString().slice(11, 19)}] ${message}`),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
