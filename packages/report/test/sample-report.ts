import type { ReportInput } from '@realign/report';

const counts = (total: number, harmful: number, unparseable: number) => ({
  total,
  harmful,
  safe: total - harmful - unparseable,
  unparseable,
  rate: harmful / total,
  lowerBound: harmful / total,
  upperBound: (harmful + unparseable) / total,
});

/** Builds a three-checkpoint run on a 4-layer model: harmful rate falls, task score dips within 5%. */
export function sampleReport(): ReportInput {
  return {
    schemaVersion: 1,
    createdAt: '2025-01-02T03:04:05.000Z',
    models: { aligned: 'models/llama-chat', finetuned: 'models/llama-<sql>' },
    evaluation: {
      judge: 'refusal-phrase',
      taskMetric: 'sql-exact-match',
      harmfulPromptSet: 'hex-phi',
      task: 'sql',
    },
    baselineTaskScore: 0.8,
    maxTaskDrop: 0.05,
    checkpoints: [
      {
        id: 'step-0',
        step: 0,
        harmful: {
          ...counts(20, 16, 1),
          unparseablePolicy: 'not-harmful',
          byCategory: { fraud: counts(10, 9, 0), weapons: counts(10, 7, 1) },
        },
        overRefusalRate: 0.05,
        taskScore: 0.8,
        restoredPerLayer: [0, 0, 0, 0],
      },
      {
        id: 'step-5',
        step: 5,
        harmful: {
          ...counts(20, 4, 0),
          unparseablePolicy: 'not-harmful',
          byCategory: { fraud: counts(10, 3, 0), weapons: counts(10, 1, 0) },
        },
        overRefusalRate: 0.1,
        taskScore: 0.78,
        restoredPerLayer: [0.001, 0.0025, 0.004, 0.0005],
      },
      {
        id: 'step-10',
        step: 10,
        harmful: { ...counts(20, 1, 2), unparseablePolicy: 'not-harmful' },
        overRefusalRate: null,
        taskScore: 0.7,
        restoredPerLayer: [0.002, 0.005, 0.008, 0.001],
        rolledBack: true,
      },
    ],
    chosen: {
      checkpointId: 'step-5',
      reason: 'last checkpoint whose task score (78.0%) stays within 5% of the baseline (80.0%)',
    },
  };
}
