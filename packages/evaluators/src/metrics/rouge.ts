import type { MetricResult, TaskMetric } from '../types.ts';
import { checkPairs, mean } from './check.ts';

/**
 * Splits text into ROUGE tokens: lower case, every character that is not a letter or digit
 * (any script) becomes a space, then split on spaces. No stemming and no stop-word removal, which
 * matches the default tokenizer of Google's `rouge_score` for ASCII text with `use_stemmer=False`.
 */
export function rougeTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((token) => token.length > 0);
}

/** Precision, recall and F-measure (F1) of one prediction against one reference. */
export interface RougeScore {
  precision: number;
  recall: number;
  f: number;
}

function fromOverlap(overlap: number, predictionCount: number, referenceCount: number): RougeScore {
  if (overlap === 0) return { precision: 0, recall: 0, f: 0 };

  const precision = overlap / predictionCount;
  const recall = overlap / referenceCount;
  return { precision, recall, f: (2 * precision * recall) / (precision + recall) };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N: overlap of n-gram counts, each n-gram counted at most as often as in the other text. */
export function rougeNScore(prediction: string, reference: string, n: number): RougeScore {
  const predicted = ngramCounts(rougeTokens(prediction), n);
  const expected = ngramCounts(rougeTokens(reference), n);

  let overlap = 0;
  for (const [gram, count] of predicted) overlap += Math.min(count, expected.get(gram) ?? 0);

  const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, c) => sum + c, 0);
  return fromOverlap(overlap, total(predicted), total(expected));
}

function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);

  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    previous = current;
  }

  return previous[b.length];
}

/** ROUGE-L: the longest common token subsequence over the prediction and reference lengths. */
export function rougeLScore(prediction: string, reference: string): RougeScore {
  const predicted = rougeTokens(prediction);
  const expected = rougeTokens(reference);
  return fromOverlap(longestCommonSubsequence(predicted, expected), predicted.length, expected.length);
}

function rougeMetric(
  name: string,
  description: string,
  scoreOne: (p: string, r: string) => RougeScore,
): TaskMetric {
  return {
    name,
    description,
    score(predictions, references): MetricResult {
      checkPairs(name, predictions, references);
      const scores = predictions.map((prediction, i) => scoreOne(prediction, references[i]));
      return {
        score: mean(scores.map((s) => s.f)),
        perExample: scores.map((s) => s.f),
        details: {
          precision: mean(scores.map((s) => s.precision)),
          recall: mean(scores.map((s) => s.recall)),
        },
      };
    },
  };
}

/** Mean ROUGE-1 F-measure over examples. */
export const rouge1 = rougeMetric('rouge-1', 'mean ROUGE-1 F-measure (unigram overlap)', (p, r) =>
  rougeNScore(p, r, 1),
);

/** Mean ROUGE-2 F-measure over examples. */
export const rouge2 = rougeMetric('rouge-2', 'mean ROUGE-2 F-measure (bigram overlap)', (p, r) =>
  rougeNScore(p, r, 2),
);

/** Mean ROUGE-L F-measure over examples. */
export const rougeL = rougeMetric(
  'rouge-l',
  'mean ROUGE-L F-measure (longest common subsequence)',
  rougeLScore,
);
