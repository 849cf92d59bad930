/**
 * The onnxruntime-node kernel engine. Each kernel is a small ONNX graph with symbolic dimensions,
 * compiled into a session on first use and reused for every shape after that.
 */
import { availableParallelism } from 'node:os';
import type { BinaryKind, KernelEngine, MatmulSpec } from '../../engine.ts';
import { BackendError } from '../../errors.ts';
import { binaryKernelName, binaryModel, collapseBroadcast } from './kernels/binary.ts';
import {
  geluBackwardModel,
  geluModel,
  rmsNormBackwardModel,
  rmsNormModel,
  siluBackwardModel,
  siluModel,
  softmaxBackwardModel,
  softmaxModel,
} from './kernels/elementwise.ts';
import { matmulFeeds, matmulKernelName, matmulModel } from './kernels/matmul.ts';
import { encodeModelOnce, type Model } from './onnx-model.ts';
import { SyncSession, type FloatBuffer } from './session.ts';

export interface OrtEngineOptions {
  /**
   * Intra-op threads per kernel, counting the calling thread. Default: the CPUs this process may
   * run on (os.availableParallelism()).
   */
  threads?: number;
}

/**
 * Creates the engine. Kernel sessions are compiled on first use; the function returns a promise so
 * that callers keep working if compilation ever moves to engine creation.
 */
export async function createOrtEngine(options: OrtEngineOptions = {}): Promise<KernelEngine> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new BackendError(`createOrtEngine: threads must be a positive integer, found ${threads}`);
  }
  return new OrtEngine(threads);
}

class OrtEngine implements KernelEngine {
  readonly name = 'ort';
  private readonly sessions = new Map<string, SyncSession>();
  private disposed = false;

  constructor(private readonly threads: number) {}

  matmul(a: Float32Array, b: Float32Array, spec: MatmulSpec): Float32Array {
    checkMatmulBuffers(a, b, spec);
    const y = new Float32Array(spec.batch * spec.m * spec.n);

    // An empty product or an empty inner dimension needs no kernel: the result is empty or zeros.
    if (y.length === 0 || spec.k === 0) return y;

    const { inputs, outputs } = matmulFeeds(a, b, y, spec);
    this.session(matmulKernelName(spec), () => matmulModel(spec)).run(inputs, outputs);
    return y;
  }

  binary(
    kind: BinaryKind,
    a: Float32Array,
    aShape: readonly number[],
    b: Float32Array,
    bShape: readonly number[],
    outShape: readonly number[],
  ): Float32Array {
    const dims = collapseBroadcast(aShape, bShape, outShape);
    const name = binaryKernelName(kind, dims.y.length);
    return this.runGraph(name, () => binaryModel(kind, dims.y.length), {
      inputs: { a: { data: a, dims: dims.a }, b: { data: b, dims: dims.b } },
      outputs: { y: dims.y },
    }).y;
  }

  silu(x: Float32Array): Float32Array {
    return this.runFlat('silu', siluModel, { x });
  }

  siluBackward(x: Float32Array, outputGrad: Float32Array): Float32Array {
    return this.runFlat('silu_backward', siluBackwardModel, { x, g: outputGrad });
  }

  gelu(x: Float32Array): Float32Array {
    return this.runFlat('gelu', geluModel, { x });
  }

  geluBackward(x: Float32Array, outputGrad: Float32Array): Float32Array {
    return this.runFlat('gelu_backward', geluBackwardModel, { x, g: outputGrad });
  }

  softmax(x: Float32Array, rowLength: number): Float32Array {
    return this.runRows('softmax', softmaxModel, { x }, rowLength);
  }

  softmaxBackward(probabilities: Float32Array, outputGrad: Float32Array, rowLength: number): Float32Array {
    return this.runRows(
      'softmax_backward',
      softmaxBackwardModel,
      { p: probabilities, g: outputGrad },
      rowLength,
    );
  }

  rmsNorm(x: Float32Array, scale: Float32Array, eps: number): { y: Float32Array; inverseRms: Float32Array } {
    const hidden = scale.length;
    const rows = rowCount('rms_norm', x.length, hidden);
    const outputs = this.runGraph('rms_norm', rmsNormModel, {
      inputs: {
        x: { data: x, dims: [rows, hidden] },
        scale: { data: scale, dims: [hidden] },
        eps: { data: Float32Array.of(eps), dims: [] },
      },
      outputs: { y: [rows, hidden], inverse_rms: [rows, 1] },
    });
    return { y: outputs.y, inverseRms: outputs.inverse_rms };
  }

  rmsNormBackward(
    x: Float32Array,
    inverseRms: Float32Array,
    scale: Float32Array,
    outputGrad: Float32Array,
  ): { x: Float32Array; scale: Float32Array } {
    const hidden = scale.length;
    const rows = rowCount('rms_norm_backward', x.length, hidden);
    sameLength('rms_norm_backward', { x, g: outputGrad });
    if (inverseRms.length !== rows) {
      throw new BackendError(
        `ort rms_norm_backward: inverseRms has ${inverseRms.length} values for ${rows} rows`,
      );
    }
    const outputs = this.runGraph('rms_norm_backward', rmsNormBackwardModel, {
      inputs: {
        x: { data: x, dims: [rows, hidden] },
        inverse_rms: { data: inverseRms, dims: [rows, 1] },
        scale: { data: scale, dims: [hidden] },
        g: { data: outputGrad, dims: [rows, hidden] },
      },
      outputs: { dx: [rows, hidden], dscale: [hidden] },
    });
    return { x: outputs.dx, scale: outputs.dscale };
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.disposed = true;
  }

  /** Runs a kernel whose inputs and output all have the same length, read as flat vectors. */
  private runFlat(name: string, model: () => Model, inputs: Record<string, Float32Array>): Float32Array {
    const length = sameLength(name, inputs);
    return this.runShaped(name, model, inputs, [length]);
  }

  /** Runs a kernel over [rows, rowLength] views of equally long inputs. */
  private runRows(
    name: string,
    model: () => Model,
    inputs: Record<string, Float32Array>,
    rowLength: number,
  ): Float32Array {
    const rows = rowCount(name, sameLength(name, inputs), rowLength);
    return this.runShaped(name, model, inputs, [rows, rowLength]);
  }

  /** Runs a kernel whose inputs and single output `y` all have the shape `dims`. */
  private runShaped(
    name: string,
    model: () => Model,
    inputs: Record<string, Float32Array>,
    dims: number[],
  ): Float32Array {
    const feeds: Record<string, FloatBuffer> = {};
    for (const [input, data] of Object.entries(inputs)) feeds[input] = { data, dims };
    return this.runGraph(name, model, { inputs: feeds, outputs: { y: dims } }).y;
  }

  /** Runs a kernel, allocating each output with the given shape; skips the run when any is empty. */
  private runGraph(
    name: string,
    model: () => Model,
    call: { inputs: Record<string, FloatBuffer>; outputs: Record<string, number[]> },
  ): Record<string, Float32Array> {
    const results: Record<string, Float32Array> = {};
    const fetches: Record<string, FloatBuffer> = {};
    for (const [output, dims] of Object.entries(call.outputs)) {
      results[output] = new Float32Array(dims.reduce((product, dim) => product * dim, 1));
      fetches[output] = { data: results[output], dims };
    }
    if (Object.values(results).some((data) => data.length === 0)) return results;

    this.session(name, model).run(call.inputs, fetches);
    return results;
  }

  private session(name: string, model: () => Model): SyncSession {
    if (this.disposed) {
      throw new BackendError(`ort engine: '${name}' called after dispose(); create a new engine`);
    }
    let session = this.sessions.get(name);
    if (session === undefined) {
      session = new SyncSession(name, encodeModelOnce(name, model), { threads: this.threads });
      this.sessions.set(name, session);
    }
    return session;
  }
}

function rowCount(name: string, length: number, rowLength: number): number {
  if (!Number.isInteger(rowLength) || rowLength < 1 || length % rowLength !== 0) {
    throw new BackendError(
      `ort ${name}: row length ${rowLength} does not divide the buffer length ${length}`,
    );
  }
  return length / rowLength;
}

function sameLength(name: string, inputs: Record<string, Float32Array>): number {
  const lengths = Object.entries(inputs).map(([input, data]) => `${input} ${data.length}`);
  const first = Object.values(inputs)[0].length;
  if (Object.values(inputs).some((data) => data.length !== first)) {
    throw new BackendError(`ort ${name}: inputs must have equal lengths, found ${lengths.join(', ')}`);
  }
  return first;
}

function checkMatmulBuffers(a: Float32Array, b: Float32Array, spec: MatmulSpec): void {
  const { batch, m, k, n } = spec;
  for (const [field, value] of Object.entries({ batch, m, k, n })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new BackendError(`ort matmul: spec.${field} must be a non-negative integer, found ${value}`);
    }
  }
  const expectedA = batch * m * k;
  const expectedB = (spec.broadcastB ? 1 : batch) * k * n;
  if (a.length !== expectedA || b.length !== expectedB) {
    throw new BackendError(
      `ort matmul: buffer lengths a ${a.length}, b ${b.length} do not match ` +
        `batch ${batch}, m ${m}, k ${k}, n ${n}${spec.broadcastB ? ' with b broadcast' : ''} ` +
        `(expected a ${expectedA}, b ${expectedB})`,
    );
  }
}
