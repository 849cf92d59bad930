/**
 * Exact top-k by absolute value over several arrays without sorting them.
 *
 * The bit pattern of a non-negative fp32 number, read as an unsigned integer, orders the same way
 * as the number. So |x| becomes `bits & 0x7fffffff`, and the k-th largest |x| is found by a radix
 * select: one histogram pass over the high 16 bits finds the bucket that contains it, a second
 * pass over the low 16 bits of that bucket's members finds its exact pattern. A third pass
 * collects the result. Time is O(n) with three passes and memory is two 65,536-entry histograms.
 *
 * Ties at the threshold are broken deterministically: among elements equal to the k-th largest
 * magnitude, those in earlier arrays win, then those with lower indices.
 */

const BUCKETS = 1 << 16;
const MAGNITUDE_BITS = 0x7fffffff;

/** An array of values and the mask of elements eligible for selection (1 = eligible). */
export interface RankedSource {
  readonly values: Float32Array;
  readonly mask: Uint8Array;
}

/**
 * Returns, per source, the ascending indices of the k eligible elements with the largest |value|.
 * When k is at least the number of eligible elements, every eligible element is returned.
 * NaN values must be excluded by the caller (signAgreementMask rejects them).
 */
export function selectLargest(sources: readonly RankedSource[], k: number): Uint32Array[] {
  const eligible = sources.reduce((total, source) => total + countMask(source.mask), 0);
  if (k <= 0) return sources.map(() => new Uint32Array(0));
  if (k >= eligible) return sources.map((source) => maskIndices(source.mask));

  const threshold = findThreshold(sources, k);
  return collect(sources, threshold.pattern, k - threshold.countAbove);
}

interface Threshold {
  /** Magnitude bit pattern of the k-th largest element. */
  readonly pattern: number;
  /** Number of elements with a strictly larger magnitude (< k). */
  readonly countAbove: number;
}

function findThreshold(sources: readonly RankedSource[], k: number): Threshold {
  const high = new Float64Array(BUCKETS);
  forEachEligible(sources, (bits) => {
    high[bits >>> 16]++;
  });
  const highPick = pickBucket(high, k);

  const low = new Float64Array(BUCKETS);
  forEachEligible(sources, (bits) => {
    if (bits >>> 16 === highPick.bucket) low[bits & 0xffff]++;
  });
  const lowPick = pickBucket(low, k - highPick.countAbove);

  return {
    pattern: ((highPick.bucket << 16) | lowPick.bucket) >>> 0,
    countAbove: highPick.countAbove + lowPick.countAbove,
  };
}

/** Finds the bucket, scanning from the largest, in which the running count reaches k. */
function pickBucket(histogram: Float64Array, k: number): { bucket: number; countAbove: number } {
  let countAbove = 0;
  for (let bucket = BUCKETS - 1; bucket >= 0; bucket--) {
    if (countAbove + histogram[bucket] >= k) return { bucket, countAbove };
    countAbove += histogram[bucket];
  }
  throw new Error(`top-k: k = ${k} exceeds the histogram total ${countAbove}; this is a bug`);
}

function collect(sources: readonly RankedSource[], pattern: number, tiesNeeded: number): Uint32Array[] {
  let tiesLeft = tiesNeeded;
  return sources.map(({ values, mask }) => {
    const bits = bitsOf(values);
    const picked: number[] = [];
    for (let i = 0; i < bits.length; i++) {
      if (mask[i] === 0) continue;
      const magnitude = (bits[i] & MAGNITUDE_BITS) >>> 0;
      if (magnitude > pattern) {
        picked.push(i);
      } else if (magnitude === pattern && tiesLeft > 0) {
        picked.push(i);
        tiesLeft--;
      }
    }
    return Uint32Array.from(picked);
  });
}

function forEachEligible(sources: readonly RankedSource[], visit: (magnitudeBits: number) => void): void {
  for (const { values, mask } of sources) {
    const bits = bitsOf(values);
    for (let i = 0; i < bits.length; i++) {
      if (mask[i] !== 0) visit((bits[i] & MAGNITUDE_BITS) >>> 0);
    }
  }
}

function bitsOf(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

function countMask(mask: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  return count;
}

function maskIndices(mask: Uint8Array): Uint32Array {
  const indices = new Uint32Array(countMask(mask));
  let next = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0) indices[next++] = i;
  }
  return indices;
}
