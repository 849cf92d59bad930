import { describe, expect, it } from 'vitest';
import { createOrtEngine } from '../src/engines/ort/index.ts';

describe('ort engine memory', () => {
  it('keeps RSS bounded over 3000 kernel rounds', async () => {
    const engine = await createOrtEngine();
    const spec = { batch: 4, m: 64, k: 128, n: 96, transposeA: false, transposeB: true, broadcastB: false };
    const a = new Float32Array(spec.batch * spec.m * spec.k).fill(0.5);
    const b = new Float32Array(spec.batch * spec.n * spec.k).fill(0.25);
    const scale = new Float32Array(spec.k).fill(1);
    // Each round moves 128 KiB of a, 192 KiB of b and 96 KiB of matmul output, plus 128 KiB per
    // element-wise output, so a per-round native leak of any one buffer over 3000 rounds (288 MiB
    // or more) would stand far above the allowance.
    const allowanceBytes = 96 * 2 ** 20;
    const round = () => {
      const y = engine.matmul(a, b, spec);
      const activated = engine.silu!(a);
      const geluOutput = engine.gelu!(a);
      const sum = engine.binary!(
        'add',
        a,
        [spec.batch * spec.m, spec.k],
        scale,
        [spec.k],
        [spec.batch * spec.m, spec.k],
      );
      engine.geluBackward!(a, b.subarray(0, a.length));
      const probabilities = engine.softmax!(a, spec.k);
      const normed = engine.rmsNorm!(a, scale, 1e-5);
      engine.rmsNormBackward!(a, normed.inverseRms, scale, probabilities);
      return y[0] + activated[0] + geluOutput[0] + sum[0] + normed.y[0];
    };

    for (let i = 0; i < 200; i++) round();
    const rssBefore = process.memoryUsage().rss;
    let checksum = 0;
    for (let i = 0; i < 3000; i++) checksum += round();
    const growth = process.memoryUsage().rss - rssBefore;
    engine.dispose();

    // y[0] = 128 * 0.5 * 0.25, silu(0.5) = 0.5 * sigmoid(0.5), and rmsNorm of a constant row is 1.
    const gelu = 0.25 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (0.5 + 0.044715 * 0.125)));
    const expectedRound = 16 + 0.5 / (1 + Math.exp(-0.5)) + gelu + 1.5 + 1;
    expect(checksum / 3000).toBeCloseTo(expectedRound, 4);
    expect(growth).toBeLessThan(allowanceBytes);
  });
});
