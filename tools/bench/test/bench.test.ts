import { describe, expect, it } from 'vitest';
import { createJsEngine, createOrtEngine } from '@realign/tensor';
import { decoderGemmCases, gemmFlops } from '../src/gemm.ts';
import { kernelSwitch, parseKernels } from '../src/kernel-switch.ts';
import { formatTable, median } from '../src/stats.ts';

describe('median', () => {
  it('takes the middle sample of an odd count', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the middle pair of an even count', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});

describe('formatTable', () => {
  it('right-aligns every column', () => {
    expect(
      formatTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('  a  bb\nccc   d');
  });
});

describe('decoderGemmCases', () => {
  it('lists forward, input-grad and weight-grad products per projection', () => {
    const cases = decoderGemmCases(512);

    expect(cases).toHaveLength(12);
    expect(cases[0].spec).toMatchObject({ m: 512, k: 576, n: 576, transposeA: false, transposeB: true });
    expect(cases[1].spec).toMatchObject({ m: 512, k: 576, n: 576, transposeA: false, transposeB: false });
    expect(cases[2].spec).toMatchObject({ m: 576, k: 512, n: 576, transposeA: true, transposeB: false });
  });

  it('gives all three products of a projection the same FLOP count', () => {
    const cases = decoderGemmCases(512);

    for (let i = 0; i < cases.length; i += 3) {
      expect(gemmFlops(cases[i + 1].spec)).toBe(gemmFlops(cases[i].spec));
      expect(gemmFlops(cases[i + 2].spec)).toBe(gemmFlops(cases[i].spec));
    }
    expect(gemmFlops(cases[6].spec)).toBe(2 * 512 * 576 * 1536);
  });
});

describe('kernelSwitch', () => {
  it('hides kernels and restores them', async () => {
    const engine = await createOrtEngine({ threads: 1 });
    const original = engine.rmsNorm;
    const setKernels = kernelSwitch(engine, ['rmsNorm', 'binary']);

    setKernels(false);
    expect(engine.rmsNorm).toBeUndefined();
    expect(engine.binary).toBeUndefined();
    expect(engine.silu).toBeDefined();

    setKernels(true);
    expect(engine.rmsNorm).toBe(original);
    expect(engine.binary).toBeDefined();
    engine.dispose();
  });

  it('rejects a kernel the engine lacks', () => {
    expect(() => kernelSwitch(createJsEngine(), ['silu'])).toThrow(/engine 'js' has no kernel silu/);
  });
});

describe('parseKernels', () => {
  it('splits a comma-separated list', () => {
    expect(parseKernels('binary,rmsNorm')).toEqual(['binary', 'rmsNorm']);
  });

  it('rejects an unknown kernel name', () => {
    expect(() => parseKernels('binary,matmul')).toThrow(/unknown kernel 'matmul'/);
  });
});
