import { describe, expect, it } from 'vitest';
import { createOrtEngine } from '../src/engines/ort/index.ts';

describe('ort engine memory', () => {
  it('keeps RSS bounded over 3000 matmuls', async () => {
    const engine = await createOrtEngine();
    const spec = { batch: 4, m: 64, k: 128, n: 96, transposeA: false, transposeB: true, broadcastB: false };
    const a = new Float32Array(spec.batch * spec.m * spec.k).fill(0.5);
    const b = new Float32Array(spec.batch * spec.n * spec.k).fill(0.25);
    // Each call moves 128 KiB of a, 192 KiB of b and 96 KiB of output, so a per-call native leak of
    // any one of them over 3000 calls (288 MiB or more) would stand far above the allowance.
    const allowanceBytes = 96 * 2 ** 20;

    for (let i = 0; i < 200; i++) engine.matmul(a, b, spec);
    const rssBefore = process.memoryUsage().rss;
    let checksum = 0;
    for (let i = 0; i < 3000; i++) checksum += engine.matmul(a, b, spec)[i % 100];
    const growth = process.memoryUsage().rss - rssBefore;
    engine.dispose();

    expect(checksum).toBeCloseTo(3000 * 128 * 0.125, 0);
    expect(growth).toBeLessThan(allowanceBytes);
  });
});
