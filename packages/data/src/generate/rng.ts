/**
 * A seeded pseudo-random generator (mulberry32) so the generator writes the same files on every
 * run and platform. Not for anything that needs unpredictability.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Returns a shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /** Returns `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    if (count > items.length) throw new Error(`cannot sample ${count} of ${items.length} items`);
    return this.shuffle(items).slice(0, count);
  }

  /** Derives an independent generator, so adding draws to one part leaves the others unchanged. */
  fork(label: string): Rng {
    let hash = this.state ^ 0x9e3779b9;
    for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
    return new Rng(hash >>> 0);
  }
}

/** Shuffles `items`, then splits them into the first `firstCount`, the next `secondCount` and the rest. */
export function splitBy<T>(
  rng: Rng,
  items: readonly T[],
  firstCount: number,
  secondCount: number,
): [T[], T[], T[]] {
  const shuffled = rng.shuffle(items);
  return [
    shuffled.slice(0, firstCount),
    shuffled.slice(firstCount, firstCount + secondCount),
    shuffled.slice(firstCount + secondCount),
  ];
}
