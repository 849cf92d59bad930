/**
 * The kernel engine contract. Tensor ops (forward and backward) do their heavy arithmetic through
 * the active engine, so the same op code runs on onnxruntime-node or on plain TypeScript.
 *
 * All buffers are dense, row-major fp32. Kernels never keep a reference to their inputs and always
 * return a fresh buffer that the caller owns.
 */
export interface MatmulSpec {
  /** Number of independent matrix products; a and b each hold `batch` matrices. */
  batch: number;
  /** Rows of op(a) and of the result. */
  m: number;
  /** Inner dimension shared by op(a) and op(b). */
  k: number;
  /** Columns of op(b) and of the result. */
  n: number;
  /** When true, a stores each matrix as [k, m] and op(a) is its transpose. */
  transposeA: boolean;
  /** When true, b stores each matrix as [n, k] and op(b) is its transpose. */
  transposeB: boolean;
  /** When true, b is a single matrix shared by every batch entry (a weight matrix). */
  broadcastB: boolean;
}

export interface KernelEngine {
  /** Short id used in settings and error messages, for example 'ort' or 'js'. */
  readonly name: string;

  /** Returns the `batch` products op(a) @ op(b), each [m, n], concatenated. */
  matmul(a: Float32Array, b: Float32Array, spec: MatmulSpec): Float32Array;

  /** Releases native sessions and buffers. The engine is unusable afterwards. */
  dispose(): void;
}
