import { describe, expect, it } from 'vitest';
import { expectedTensors, parseModelConfig } from '@realign/model';
import { countDecoderParameters } from '@realign/restorer';
import { smolLlamaConfig } from '../src/restore-checkpoints.ts';
import {
  camelFlags,
  parseRestoreStepFlags,
  relativeDifference,
  restoredOverlap,
} from '../src/restore-compare.ts';

describe('restoredOverlap', () => {
  it('counts shared indices tensor by tensor', () => {
    const a = { q: [0, 3, 7, 9], v: [1, 2] };
    const b = { q: [3, 4, 9], v: [2], o: [5] };

    const overlap = restoredOverlap(a, b);

    // Shared: q 3 and 9, v 2. Sizes 6 and 5.
    expect(overlap.shared).toBe(3);
    expect(overlap.sizeA).toBe(6);
    expect(overlap.sizeB).toBe(5);
    expect(overlap.fraction).toBeCloseTo(3 / 6, 12);
  });

  it('does not match equal indices of different tensors', () => {
    expect(restoredOverlap({ q: [1, 2] }, { k: [1, 2] }).shared).toBe(0);
  });

  it('gives 1 for equal sets and for two empty sets', () => {
    expect(restoredOverlap({ q: [1, 5] }, { q: [1, 5] }).fraction).toBe(1);
    expect(restoredOverlap({ q: [] }, {}).fraction).toBe(1);
  });
});

describe('relativeDifference', () => {
  it('divides by the larger magnitude', () => {
    expect(relativeDifference(-0.5, -0.4)).toBeCloseTo(0.2, 12);
    expect(relativeDifference(2, -2)).toBe(2);
  });

  it('is 0 for two zeros', () => {
    expect(relativeDifference(0, 0)).toBe(0);
  });
});

describe('parseRestoreStepFlags', () => {
  it('fills the defaults', () => {
    const flags = parseRestoreStepFlags({});

    expect(flags).toMatchObject({ steps: 5, warmup: 1, prompts: 64, layers: 12, seed: 1234, skipZoo: false });
    expect(flags.rate).toBeUndefined();
    expect(flags.batchSize).toBeUndefined();
  });

  it('coerces command-line strings', () => {
    const flags = parseRestoreStepFlags(camelFlags({ 'batch-size': '4', rate: '0.01', 'noise-std': '0.1' }));

    expect(flags.batchSize).toBe(4);
    expect(flags.rate).toBe(0.01);
    expect(flags.noiseStd).toBe(0.1);
  });

  it('names the invalid flag in kebab case', () => {
    expect(() => parseRestoreStepFlags({ batchSize: '0' })).toThrow(/--batch-size/);
    expect(() => parseRestoreStepFlags({ rate: '2' })).toThrow(/--rate/);
    expect(() => parseRestoreStepFlags({ steps: 'many' })).toThrow(/--steps/);
  });

  it('rejects skipping both checkpoint pairs', () => {
    expect(() => parseRestoreStepFlags({ skipZoo: true, skipRandom: true })).toThrow(/nothing to run/);
  });
});

describe('smolLlamaConfig', () => {
  it('has SmolLM-135M layer sizes', () => {
    const config = parseModelConfig(smolLlamaConfig(3));
    const shapes = new Map(expectedTensors(config).map((spec) => [spec.name, spec.shape]));

    // Per layer: q and o 576x576, k and v 192x576, gate, up and down 576x1536, two norms of 576.
    const perLayer = 2 * 576 * 576 + 2 * 192 * 576 + 3 * 576 * 1536 + 2 * 576;
    expect(countDecoderParameters([...shapes.keys()], (name) => shapes.get(name)!)).toBe(3 * perLayer);
    expect(shapes.get('model.embed_tokens.weight')).toEqual([2048, 576]);
  });
});
