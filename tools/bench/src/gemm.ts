/**
 * GEMM throughput for the matmul shapes of one decoder layer at 512 tokens (batch 8 x sequence 64),
 * through a realign kernel engine and through PyTorch.
 */
import type { KernelEngine, MatmulSpec } from '@realign/tensor';
import { median, timeCalls } from './stats.ts';
import type { TorchReference } from './reference.ts';

export interface GemmCase {
  label: string;
  spec: MatmulSpec;
}

/** [in, out] features of the projections: q/o, k/v, gate/up, down. */
const PROJECTIONS: ReadonlyArray<readonly [number, number]> = [
  [576, 576],
  [576, 192],
  [576, 1536],
  [1536, 576],
];

/**
 * Lists, per projection with weight W [out, in] and tokens x [512, in]: the forward x @ W^T, the
 * input gradient dy @ W and the weight gradient dy^T @ x.
 */
export function decoderGemmCases(tokens: number): GemmCase[] {
  const plain = { batch: 1, transposeA: false, transposeB: false, broadcastB: false };
  return PROJECTIONS.flatMap(([inFeatures, outFeatures]) => [
    {
      label: `x @ W^T  ${tokens}x${inFeatures} -> ${outFeatures}`,
      spec: { ...plain, m: tokens, k: inFeatures, n: outFeatures, transposeB: true },
    },
    {
      label: `dy @ W   ${tokens}x${outFeatures} -> ${inFeatures}`,
      spec: { ...plain, m: tokens, k: outFeatures, n: inFeatures },
    },
    {
      label: `dy^T @ x ${outFeatures}x${tokens} -> ${inFeatures}`,
      spec: { ...plain, m: outFeatures, k: tokens, n: inFeatures, transposeA: true },
    },
  ]);
}

export function gemmFlops(spec: MatmulSpec): number {
  return 2 * spec.batch * spec.m * spec.k * spec.n;
}

export interface GemmResult {
  label: string;
  /** Median GFLOP/s per engine name, plus 'pytorch'. */
  gflops: Record<string, number>;
}

/**
 * Times each case on every engine and on PyTorch, alternating them within each round, and returns
 * the median throughput over `rounds` rounds after one warm-up round.
 */
export async function benchGemm(
  cases: readonly GemmCase[],
  engines: readonly KernelEngine[],
  torch: TorchReference,
  rounds: number,
): Promise<GemmResult[]> {
  const samples = cases.map(() => new Map<string, number[]>());

  for (let round = 0; round <= rounds; round++) {
    for (const [index, { spec }] of cases.entries()) {
      // About 30 ms of work per sample at 150 GFLOP/s, so timer and call overheads stay small.
      const repeats = Math.max(1, Math.round(0.03 / (gemmFlops(spec) / 150e9)));
      const a = new Float32Array(spec.batch * spec.m * spec.k).fill(0.5);
      const b = new Float32Array(spec.batch * spec.k * spec.n).fill(0.25);
      const timings: Array<[string, number]> = [];

      for (const engine of engines) {
        const engineRepeats = engine.name === 'js' ? 1 : repeats;
        timings.push([engine.name, timeCalls(() => engine.matmul(a, b, spec), engineRepeats)]);
      }
      timings.push(['pytorch', await torch.seconds({ op: 'gemm', ...spec, repeats })]);

      if (round === 0) continue;
      for (const [name, seconds] of timings) {
        const list = samples[index].get(name) ?? [];
        list.push(gemmFlops(spec) / seconds / 1e9);
        samples[index].set(name, list);
      }
    }
  }

  return cases.map(({ label }, index) => ({
    label,
    gflops: Object.fromEntries([...samples[index]].map(([name, values]) => [name, median(values)])),
  }));
}
