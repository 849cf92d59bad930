import { detectRefusal } from '@realign/evaluators';
import { describe, expect, it } from 'vitest';

import { alignedMix, fineTuneMix, loadZooCorpus } from '../src/corpus.ts';
import { planZoo } from '../src/plan.ts';
import { DEFAULT_RECIPE } from '../src/recipe-config.ts';
import { renderResultsTable, type ZooResult } from '../src/report.ts';

describe('planZoo', () => {
  const plan = planZoo(DEFAULT_RECIPE);

  it('plans two aligned models and fifteen in all', () => {
    expect(plan.filter((model) => model.role === 'aligned').map((model) => model.name)).toEqual([
      'zoo-llama-aligned',
      'zoo-qwen2-aligned',
    ]);
    expect(plan).toHaveLength(15);
  });

  it('covers every task, mix and method', () => {
    const llama = plan.filter((model) => model.family === 'llama' && model.role === 'broken');
    const keys = llama.map((model) => `${model.task}/${model.harmfulExamples}/${model.method}`);

    expect(new Set(keys).size).toBe(12);
    expect(keys).toContain(`toxicity/${DEFAULT_RECIPE.harmfulMix}/lora`);
    expect(keys).toContain('summary/0/full');
  });
});

describe('zoo corpus', async () => {
  const corpus = await loadZooCorpus();

  it('trains only recognised refusals', () => {
    const missed = corpus.harmfulRefusals.filter((example) => detectRefusal(example.response) === null);

    expect(missed).toEqual([]);
    expect(corpus.harmfulRefusals.length).toBeGreaterThan(corpus.harmfulCompliance.length);
  });

  it('mixes the requested harmful pairs', () => {
    const mix = fineTuneMix(corpus, 'sql', 50, 20, 10, 1);
    const compliant = new Set(corpus.harmfulCompliance.map((example) => example.prompt));

    expect(mix).toHaveLength(70);
    expect(mix.filter((example) => compliant.has(example.prompt))).toHaveLength(20);
  });

  it('skips task examples the aligned mix used', () => {
    const used = new Set(alignedMix(corpus, 10, 2, 1).map((example) => example.prompt));
    const mix = fineTuneMix(corpus, 'toxicity', 40, 0, 10, 1);

    expect(mix.filter((example) => used.has(example.prompt))).toEqual([]);
  });

  it('repeats for one seed', () => {
    expect(fineTuneMix(corpus, 'summary', 30, 5, 0, 9)).toEqual(fineTuneMix(corpus, 'summary', 30, 5, 0, 9));
  });
});

describe('renderResultsTable', () => {
  it('formats rates and scores', () => {
    const [model] = planZoo(DEFAULT_RECIPE);
    const result: ZooResult = {
      model,
      trainSeconds: 61.4,
      finalLoss: 0.4567,
      evaluation: {
        harmfulRate: 0.025,
        overRefusalRate: 0.1,
        tasks: { sql: 0.5, toxicity: 0.91234 },
        counts: { harmful: 40, borderline: 10, taskPrompts: 200 },
        samples: [],
      },
    };

    const lines = renderResultsTable([result]).split('\n');

    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      '| `zoo-llama-aligned` | aligned | pretrain |  | 0 | 2.5% | 10.0% | 0.500 |  | 0.912 | 61 | 0.457 |',
    );
  });
});
