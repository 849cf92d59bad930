import { MetricInputError } from '../errors.ts';

/** Throws `MetricInputError` unless there is one reference per prediction and at least one pair. */
export function checkPairs(
  metric: string,
  predictions: readonly string[],
  references: readonly string[],
): void {
  if (predictions.length !== references.length) {
    throw new MetricInputError(
      `${metric}: got ${predictions.length} predictions but ${references.length} references; pass one reference per prediction`,
    );
  }
  if (predictions.length === 0) {
    throw new MetricInputError(`${metric}: no predictions to score; the task has no examples`);
  }
}

export function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}
