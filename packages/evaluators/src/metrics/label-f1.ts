import type { MetricResult, TaskMetric } from '../types.ts';
import { checkPairs } from './check.ts';
import { extractLabel, labelSet, normaliseLabel } from './labels.ts';

interface LabelCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

// A ratio with a zero denominator counts as 0, as scikit-learn's `zero_division=0` does.
const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

function countByLabel(
  predictions: readonly string[],
  references: readonly string[],
  labels: readonly string[],
) {
  const counts = new Map<string, LabelCounts>(
    labels.map((l) => [l, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]),
  );

  predictions.forEach((prediction, i) => {
    const expected = normaliseLabel(references[i]);
    const predicted = extractLabel(prediction, labels);

    if (predicted === expected) {
      counts.get(expected)!.truePositives++;
      return;
    }
    counts.get(expected)!.falseNegatives++;
    if (predicted !== null) counts.get(predicted)!.falsePositives++;
  });

  return counts;
}

/**
 * Macro-averaged F1 over the labels found in the references. A prediction that names no label is a
 * false negative for its reference label and a false positive for none. `details` holds macro
 * precision and recall and each label's F1 as `f1:<label>`.
 */
export const labelF1: TaskMetric = {
  name: 'macro-f1',
  description: 'macro-averaged F1 over the reference labels (precision and recall in details)',
  score(predictions, references): MetricResult {
    checkPairs('macro-f1', predictions, references);
    const labels = labelSet(references);
    const counts = countByLabel(predictions, references, labels);

    const details: Record<string, number> = {};
    let precisionSum = 0;
    let recallSum = 0;
    let f1Sum = 0;

    for (const label of labels) {
      const { truePositives, falsePositives, falseNegatives } = counts.get(label)!;
      const precision = ratio(truePositives, truePositives + falsePositives);
      const recall = ratio(truePositives, truePositives + falseNegatives);
      const f1 = ratio(2 * precision * recall, precision + recall);

      details[`f1:${label}`] = f1;
      precisionSum += precision;
      recallSum += recall;
      f1Sum += f1;
    }

    details.precision = precisionSum / labels.length;
    details.recall = recallSum / labels.length;
    return { score: f1Sum / labels.length, details };
  },
};
