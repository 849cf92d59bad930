import { describe, expect, it } from 'vitest';

import { buildBatch, IGNORE_INDEX } from '../src/batch.ts';
import { batchSchedule, shuffled } from '../src/shuffle.ts';

const X = IGNORE_INDEX;

describe('buildBatch', () => {
  it('masks prompt and padding targets', () => {
    const batch = buildBatch(
      [
        { promptIds: [1, 2, 3], responseIds: [10, 11, 9] },
        { promptIds: [1, 4], responseIds: [12, 9] },
      ],
      { maxLength: 32 },
    );

    // Row 0 is 1 2 3 10 11 9: inputs 1 2 3 10 11, and the first kept target is the reply token 10.
    // Row 1 is 1 4 12 9: inputs 1 4 12, left-padded by two slots.
    expect(batch.seqLength).toBe(5);
    expect(batch.sequences).toEqual([
      [1, 2, 3, 10, 11],
      [1, 4, 12],
    ]);
    expect([...batch.targets]).toEqual([X, X, 10, 11, 9, X, X, X, 12, 9]);
    expect(batch.targetCount).toBe(5);
    expect(batch.batchSize).toBe(2);
  });

  it('cuts long replies at maxLength', () => {
    const batch = buildBatch([{ promptIds: [1, 2], responseIds: [5, 6, 7, 8] }], { maxLength: 4 });

    expect(batch.sequences).toEqual([[1, 2, 5]]);
    expect([...batch.targets]).toEqual([X, 5, 6]);
  });

  it('rejects a prompt filling maxLength', () => {
    expect(() => buildBatch([{ promptIds: [1, 2, 3], responseIds: [4] }], { maxLength: 3 })).toThrow(
      /example 0 has a 3-token prompt/,
    );
  });

  it('rejects an empty reply', () => {
    expect(() => buildBatch([{ promptIds: [1], responseIds: [] }], { maxLength: 8 })).toThrow(
      /empty prompt or reply/,
    );
  });
});

class CountingRng {
  private value = 0;

  int(n: number): number {
    this.value = (this.value * 7 + 3) % 101;
    return this.value % n;
  }
}

describe('batchSchedule', () => {
  it('visits every example once per epoch', () => {
    const batches = batchSchedule(5, 2, 5, new CountingRng());
    const firstEpoch = batches.flat().slice(0, 5);
    const secondEpoch = batches.flat().slice(5, 10);

    expect([...firstEpoch].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...secondEpoch].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(batches).toHaveLength(5);
  });

  it('repeats for the same generator state', () => {
    expect(batchSchedule(9, 4, 6, new CountingRng())).toEqual(batchSchedule(9, 4, 6, new CountingRng()));
  });

  it('shuffles as a permutation', () => {
    expect(shuffled(['a', 'b', 'c', 'd'], new CountingRng()).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects an empty example list', () => {
    expect(() => batchSchedule(0, 2, 1, new CountingRng())).toThrow(/at least one example/);
  });
});
