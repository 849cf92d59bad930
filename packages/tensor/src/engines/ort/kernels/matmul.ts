/**
 * The matmul kernel: one com.microsoft FusedMatMul node per transpose/broadcast variant. FusedMatMul
 * hands its transA/transB flags straight to the MLAS GEMM, so a transposed operand is never copied.
 */
import type { MatmulSpec } from '../../../engine.ts';
import { attr, floatValue, type Model } from '../onnx-model.ts';
import type { FloatBuffer } from '../session.ts';

export type MatmulVariant = Pick<MatmulSpec, 'transposeA' | 'transposeB' | 'broadcastB'>;

/** Returns a cache key such as 'matmul_tA_bcastB' ('matmul' for the plain variant). */
export function matmulKernelName(variant: MatmulVariant): string {
  const flags = [variant.transposeA && 'tA', variant.transposeB && 'tB', variant.broadcastB && 'bcastB'];
  return ['matmul', ...flags.filter(Boolean)].join('_');
}

/**
 * Builds the graph for one variant. Dimensions are symbolic, so one session serves every shape.
 * a is [batch, m, k] ([batch, k, m] when transposed). b is [batch, k, n], or a single [k, n] when
 * broadcast, which ONNX broadcasting applies to every batch entry ([n, k] forms when transposed).
 */
export function matmulModel(variant: MatmulVariant): Model {
  const aShape = variant.transposeA ? ['batch', 'k', 'm'] : ['batch', 'm', 'k'];
  const bMatrix = variant.transposeB ? ['n', 'k'] : ['k', 'n'];
  const bShape = variant.broadcastB ? bMatrix : ['batch', ...bMatrix];

  return {
    graph: {
      name: matmulKernelName(variant),
      nodes: [
        {
          opType: 'FusedMatMul',
          domain: 'com.microsoft',
          inputs: ['a', 'b'],
          outputs: ['y'],
          attributes: {
            transA: attr.int(variant.transposeA ? 1 : 0),
            transB: attr.int(variant.transposeB ? 1 : 0),
            alpha: attr.float(1),
          },
        },
      ],
      inputs: [floatValue('a', aShape), floatValue('b', bShape)],
      outputs: [floatValue('y', ['batch', 'm', 'n'])],
    },
    opsetImports: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
  };
}

/**
 * Returns the input and output shapes fed to the session for a call. A broadcast weight without transposed a is one
 * large GEMM: the batch entries of a are stacked rows, so a becomes [1, batch * m, k].
 */
export function matmulFeedShapes(spec: MatmulSpec): { a: number[]; b: number[]; y: number[] } {
  const { batch, m, k, n } = spec;
  const bMatrix = spec.transposeB ? [n, k] : [k, n];
  if (spec.broadcastB && !spec.transposeA) {
    return { a: [1, batch * m, k], b: bMatrix, y: [1, batch * m, n] };
  }
  return {
    a: spec.transposeA ? [batch, k, m] : [batch, m, k],
    b: spec.broadcastB ? bMatrix : [batch, ...bMatrix],
    y: [batch, m, n],
  };
}

/** Pairs the buffers with their feed shapes. */
export function matmulFeeds(
  a: Float32Array,
  b: Float32Array,
  y: Float32Array,
  spec: MatmulSpec,
): { inputs: Record<string, FloatBuffer>; outputs: Record<string, FloatBuffer> } {
  const shapes = matmulFeedShapes(spec);
  return {
    inputs: { a: { data: a, dims: shapes.a }, b: { data: b, dims: shapes.b } },
    outputs: { y: { data: y, dims: shapes.y } },
  };
}
