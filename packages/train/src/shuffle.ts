import { TrainConfigError } from './errors.ts';

/** The part of the tensor package's Rng a shuffle needs. */
export interface IntSource {
  int(n: number): number;
}

/** Returns a Fisher-Yates shuffled copy of `items`; the order depends only on the generator state. */
export function shuffled<T>(items: readonly T[], rng: IntSource): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Returns `steps` batches of `batchSize` example indices, walking seeded shuffles of 0..count-1 epoch
 * after epoch. A batch may span the end of one epoch and the start of the next.
 */
export function batchSchedule(count: number, batchSize: number, steps: number, rng: IntSource): number[][] {
  if (count < 1 || batchSize < 1) {
    throw new TrainConfigError(
      `batchSchedule: need at least one example and batch size >= 1, got ${count} and ${batchSize}`,
    );
  }

  const indices = Array.from({ length: count }, (_, i) => i);
  const batches: number[][] = [];
  let order = shuffled(indices, rng);
  let cursor = 0;

  for (let step = 0; step < steps; step++) {
    const batch: number[] = [];
    while (batch.length < batchSize) {
      if (cursor === order.length) {
        order = shuffled(indices, rng);
        cursor = 0;
      }
      batch.push(order[cursor]);
      cursor += 1;
    }
    batches.push(batch);
  }
  return batches;
}
