import type { TaskMetric } from '../types.ts';
import { checkPairs, mean } from './check.ts';
import { extractLabel, labelSet, normaliseLabel } from './labels.ts';

/** Fraction of predictions that name the reference label; a prediction naming no label is wrong. */
export const labelAccuracy: TaskMetric = {
  name: 'accuracy',
  description: 'fraction of predictions naming the reference label (labels are the distinct references)',
  score(predictions, references) {
    checkPairs('accuracy', predictions, references);
    const labels = labelSet(references);

    const perExample = predictions.map((prediction, i) =>
      extractLabel(prediction, labels) === normaliseLabel(references[i]) ? 1 : 0,
    );
    const unlabelled = predictions.filter((prediction) => extractLabel(prediction, labels) === null).length;
    return { score: mean(perExample), perExample, details: { unlabelled } };
  },
};
