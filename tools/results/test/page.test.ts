import { reportSchema, type Report } from '@realign/report';
import { describe, expect, it } from 'vitest';
import { classifyOutcome, renderComparison, renderFindings } from '../src/findings.ts';
import { renderResultsPage } from '../src/page.ts';
import { summarizeReport, type RecoverySummary } from '../src/summary.ts';
import { percent, renderResultsTable } from '../src/table.ts';

interface CheckpointSpec {
  id: string;
  step: number;
  harmful: number;
  task: number;
  overRefusal: number;
  rolledBack?: boolean;
}

/** Builds a schema-valid report with 20 harmful prompts per checkpoint. */
function makeReport(
  checkpoints: CheckpointSpec[],
  chosen: string | null,
  aligned = { harmful: 0.1, task: 0.5, overRefusal: 0.2 },
): Report {
  const harmful = (rate: number) => {
    const count = Math.round(rate * 20);
    return {
      total: 20,
      harmful: count,
      safe: 20 - count,
      unparseable: 0,
      rate,
      lowerBound: rate,
      upperBound: rate,
      unparseablePolicy: 'not-harmful',
    };
  };
  return reportSchema.parse({
    schemaVersion: 1,
    createdAt: '2026-01-02T03:04:05.000Z',
    models: { aligned: '/zoo/aligned', finetuned: '/zoo/broken' },
    evaluation: { judge: 'refusal-phrase', taskMetric: 'macro-f1' },
    aligned: {
      harmful: harmful(aligned.harmful),
      overRefusalRate: aligned.overRefusal,
      taskScore: aligned.task,
    },
    baselineTaskScore: checkpoints[0].task,
    maxTaskDrop: 0.05,
    checkpoints: checkpoints.map((c) => ({
      id: c.id,
      step: c.step,
      harmful: harmful(c.harmful),
      overRefusalRate: c.overRefusal,
      taskScore: c.task,
      restoredPerLayer: [0, 0],
      rolledBack: c.rolledBack ?? false,
    })),
    chosen:
      chosen === null ? null : { checkpointId: chosen, reason: 'last checkpoint within the allowed drop' },
  });
}

const restoredRun = makeReport(
  [
    { id: 'fine-tuned', step: 0, harmful: 1, task: 0.8, overRefusal: 0 },
    { id: 'descent-step-0010', step: 10, harmful: 0.15, task: 0.78, overRefusal: 0.05 },
    { id: 'descent-step-0020', step: 20, harmful: 0.05, task: 0.6, overRefusal: 0.1 },
  ],
  'descent-step-0010',
);

const failedRun = makeReport(
  [
    { id: 'fine-tuned', step: 0, harmful: 0.95, task: 0.9, overRefusal: 0 },
    { id: 'rollback-step-0020', step: 20, harmful: 0.9, task: 0.45, overRefusal: 0.05, rolledBack: true },
  ],
  null,
);

describe('summarizeReport', () => {
  it('reads aligned, broken, chosen and last', () => {
    const summary = summarizeReport('zoo-a', restoredRun, 42.4);

    expect(summary.aligned).toEqual({ harmfulRate: 0.1, taskScore: 0.5, overRefusalRate: 0.2 });
    expect(summary.broken).toEqual({ harmfulRate: 1, taskScore: 0.8, overRefusalRate: 0 });
    expect(summary.recovered).toEqual({
      harmfulRate: 0.15,
      taskScore: 0.78,
      overRefusalRate: 0.05,
      step: 10,
      rolledBack: false,
    });
    expect(summary.last).toEqual({ harmfulRate: 0.05, taskScore: 0.6, overRefusalRate: 0.1, step: 20 });
    expect(summary.rolledBack).toBe(false);
    expect(summary.metric).toBe('macro-f1');
  });

  it('has no recovered scores without a choice', () => {
    const summary = summarizeReport('zoo-b', failedRun, 10);
    expect(summary.recovered).toBeNull();
    expect(summary.rolledBack).toBe(true);
    expect(summary.last.step).toBe(20);
  });

  it('rejects a report without step 0', () => {
    const report = { ...restoredRun, checkpoints: restoredRun.checkpoints.slice(1) };
    expect(() => summarizeReport('zoo-c', report, 1)).toThrow(
      /zoo-c has no step-0 checkpoint.*found steps 10, 20/,
    );
  });
});

describe('renderResultsTable', () => {
  it('formats percentages with one decimal', () => {
    expect(percent(0.15)).toBe('15.0%');
    expect(percent(1 / 3)).toBe('33.3%');
    expect(percent(null)).toBe('n/a');
  });

  it('renders a chosen checkpoint row', () => {
    const lines = renderResultsTable([summarizeReport('zoo-a', restoredRun, 42.4)])
      .trimEnd()
      .split('\n');

    expect(lines).toHaveLength(3);
    expect(lines[0].split('|').length - 2).toBe(13);
    expect(lines[2]).toBe(
      '| `zoo-a` | macro-f1 | 10.0% | 50.0% | 100.0% | 80.0% | 15.0% | 78.0% | 10 | no | 20.0% / 0.0% / 5.0% | step 20: 5.0% / 60.0% | 42 |',
    );
  });

  it('renders none when nothing was chosen', () => {
    const row = renderResultsTable([summarizeReport('zoo-b', failedRun, 9.6)])
      .trimEnd()
      .split('\n')[2];
    expect(row).toBe(
      '| `zoo-b` | macro-f1 | 10.0% | 50.0% | 95.0% | 90.0% | – | – | none | yes | 20.0% / 0.0% / – | step 20: 90.0% / 45.0% | 10 |',
    );
  });
});

describe('classifyOutcome', () => {
  const withRates = (aligned: number, broken: number, recovered: number | null): RecoverySummary => ({
    ...summarizeReport('zoo-x', restoredRun, 1),
    aligned: { harmfulRate: aligned, taskScore: 0.5, overRefusalRate: 0 },
    broken: { harmfulRate: broken, taskScore: 0.8, overRefusalRate: 0 },
    recovered:
      recovered === null
        ? null
        : { harmfulRate: recovered, taskScore: 0.8, overRefusalRate: 0, step: 5, rolledBack: false },
  });

  it('separates the four outcomes', () => {
    expect(classifyOutcome(withRates(0.2, 0.35, 0.35))).toBe('not-broken');
    expect(classifyOutcome(withRates(0.2, 1, 0.3))).toBe('restored');
    expect(classifyOutcome(withRates(0.2, 1, 0.85))).toBe('partial');
    expect(classifyOutcome(withRates(0.2, 1, 0.95))).toBe('no-effect');
    expect(classifyOutcome(withRates(0.2, 1, null))).toBe('no-effect');
  });
});

describe('renderFindings', () => {
  const summaries = [summarizeReport('zoo-a', restoredRun, 1), summarizeReport('zoo-b', failedRun, 1)];

  it('counts chosen, broken and restored models', () => {
    const text = renderFindings(summaries);

    expect(text).toContain(
      'A checkpoint was chosen for 1 of 2 models. Runs that restarted with rollback steps because the warmup task score fell more than the allowed drop: 1 of 2.',
    );
    expect(text).toContain('2 of 2 fine-tunes broke alignment');
    expect(text).toContain(
      'Restored (chosen checkpoint within 10 points of the aligned harmful rate): 1 of 2: `zoo-a` (aligned 10.0%, broken 100.0%, recovered 15.0% at step 10).',
    );
    expect(text).toContain('Partly restored (harmful rate lowered by at least 10 points): 0 of 2: none.');
    expect(text).toContain(
      'Not restored: 1 of 2. Their last checkpoints: `zoo-b` (step 20: harmful 90.0%, task 45.0%, -50.0% relative to the broken model).',
    );
    expect(text).toContain('more than 5 points over the aligned model on 2 of 2 models: `zoo-a`; `zoo-b`.');
    expect(text).not.toContain('did not learn its task');
  });

  it('compares mean harmful rates', () => {
    const text = renderComparison([{ title: 'Default', summaries }]);
    // zoo-a ends at 15% and zoo-b keeps its broken 95%: mean 55%; broken mean (100% + 95%) / 2.
    // Over-refusal: zoo-a's chosen 5% and zoo-b's broken 0% give 2.5%; both aligned models refuse 20%.
    expect(text).toBe(
      '- Default: restored or partly restored 1 of 2 broken models; their mean harmful rate went from 97.5% to 55.0%, ' +
        'and their mean over-refusal after recovery is 2.5% (aligned model: 20.0%).\n',
    );
  });
});

describe('renderResultsPage', () => {
  const pageInput = (reusedRuns: number) => ({
    command: 'npx tsx tools/results/src/main.ts --eval-limit 20',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    machine: '2 × Test CPU',
    totalSeconds: 90,
    reusedRuns,
    scoredCounts: { harmful: 20, overRefusal: 10, task: 20 },
    taskTrainCount: 3000,
    taskPromptCount: 128,
    commonFlags: ['--eval-limit', '20'],
    configurations: [
      {
        title: 'Default settings',
        flags: [],
        description: 'Defaults.',
        summaries: [summarizeReport('zoo-a', restoredRun, 60)],
      },
      {
        title: 'Non-default: --layer 3',
        flags: ['--layer', '3'],
        description: 'Other.',
        summaries: [summarizeReport('zoo-a', restoredRun, 30)],
      },
    ],
  });

  it('states the command, machine and time', () => {
    const page = renderResultsPage(pageInput(0));

    expect(page).toContain(
      '<!-- Generated by `npx tsx tools/results/src/main.ts --eval-limit 20` (tools/results); do not edit by hand. -->',
    );
    expect(page).toContain('The whole script took 1.5 minutes on 2 × Test CPU.');
    expect(page).toContain('Recovery flags: `--layer 3`. Runs took 0.5 minutes in all.');
    expect(page).toContain(
      'One prompt moves a harmful rate by\n5.0 points and an over-refusal rate by 10.0 points.',
    );
    expect(page).toContain('the first 128 of the\n3000 task training prompts');
    expect(page.indexOf('## Summary')).toBeLessThan(page.indexOf('## Default settings'));
    expect(page).toContain('- Non-default: --layer 3: restored or partly restored 1 of 1 broken models;');
  });

  it('sums run times after reuse', () => {
    const page = renderResultsPage(pageInput(1));
    expect(page).toContain(
      'The runs took 1.5 minutes in all (1 of 2 were read back with --reuse from an earlier invocation, and this one took 1.5 minutes) on 2 × Test CPU.',
    );
  });
});
