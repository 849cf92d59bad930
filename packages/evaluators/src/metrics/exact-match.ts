import type { TaskMetric } from '../types.ts';
import { checkPairs, mean } from './check.ts';
import { normaliseAnswer, normaliseSql } from './normalise.ts';

function exactMatchWith(name: string, description: string, normalise: (text: string) => string): TaskMetric {
  return {
    name,
    description,
    score(predictions, references) {
      checkPairs(name, predictions, references);
      const perExample = predictions.map((prediction, i) =>
        normalise(prediction) === normalise(references[i]) ? 1 : 0,
      );
      return { score: mean(perExample), perExample };
    },
  };
}

/** Fraction of answers equal to the reference after `normaliseAnswer`. */
export const exactMatch = exactMatchWith(
  'exact-match',
  'fraction of answers equal to the reference, ignoring case, punctuation, articles and spacing',
  normaliseAnswer,
);

/** Fraction of SQL queries equal to the reference after `normaliseSql`. */
export const sqlExactMatch = exactMatchWith(
  'sql-exact-match',
  'fraction of SQL queries equal to the reference, ignoring case, spacing, quote style, code fences and trailing semicolons',
  normaliseSql,
);
