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

/** The element-wise operators of `KernelEngine.binary`. */
export type BinaryKind = 'add' | 'sub' | 'mul' | 'div';

export interface KernelEngine {
  /** Short id used in settings and error messages, for example 'ort' or 'js'. */
  readonly name: string;

  /** Returns the `batch` products op(a) @ op(b), each [m, n], concatenated. */
  matmul(a: Float32Array, b: Float32Array, spec: MatmulSpec): Float32Array;

  // Optional element-wise kernels. An op calls one when the active engine has it and runs its own
  // loop otherwise, so an engine implements only those it speeds up.

  /**
   * Returns a op b with numpy broadcasting. `outShape` is the broadcast of `aShape` and `bShape`,
   * and the result is dense in that shape.
   */
  binary?(
    kind: BinaryKind,
    a: Float32Array,
    aShape: readonly number[],
    b: Float32Array,
    bShape: readonly number[],
    outShape: readonly number[],
  ): Float32Array;
  /** Returns x * sigmoid(x). */
  silu?(x: Float32Array): Float32Array;
  /** Returns the SiLU input gradient outputGrad * s * (1 + x * (1 - s)), where s = sigmoid(x). */
  siluBackward?(x: Float32Array, outputGrad: Float32Array): Float32Array;
  /** Returns the tanh approximation of GELU, 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). */
  gelu?(x: Float32Array): Float32Array;
  /** Returns the GELU input gradient, outputGrad times the derivative of gelu at x. */
  geluBackward?(x: Float32Array, outputGrad: Float32Array): Float32Array;
  /** Returns the softmax of each contiguous row of `rowLength` elements. */
  softmax?(x: Float32Array, rowLength: number): Float32Array;
  /** Returns the softmax input gradient p * (g - sum over the row of p * g) from the output p. */
  softmaxBackward?(probabilities: Float32Array, outputGrad: Float32Array, rowLength: number): Float32Array;
  /**
   * Returns the RMSNorm of each row of scale.length elements, y = x * r * scale, where
   * r = 1 / sqrt(mean(x^2) + eps), and r for each row.
   */
  rmsNorm?(x: Float32Array, scale: Float32Array, eps: number): { y: Float32Array; inverseRms: Float32Array };
  /** Returns the RMSNorm gradients of x and of scale, given the r of each row from the forward. */
  rmsNormBackward?(
    x: Float32Array,
    inverseRms: Float32Array,
    scale: Float32Array,
    outputGrad: Float32Array,
  ): { x: Float32Array; scale: Float32Array };

  /** Releases native sessions and buffers. The engine is unusable afterwards. */
  dispose(): void;
}
