/**
 * A synchronous ONNX Runtime session. onnxruntime-node 1.30 exposes only an async
 * InferenceSession.run, but the native binding underneath it (dist/binding.js) loads models and
 * runs them synchronously. The public wrapper only defers that call with setImmediate, and tensor
 * ops in realign are synchronous, so kernels call the binding directly.
 */
import { createRequire } from 'node:module';
import { Tensor as OrtTensor } from 'onnxruntime-node';
import { BackendError } from '../../errors.ts';

/** The parts of onnxruntime-node's native InferenceSession (dist/binding.d.ts) that kernels use. */
interface NativeSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
  run(feeds: Record<string, OrtTensor>, fetches: Record<string, OrtTensor | null>, options: object): unknown;
  dispose(): void;
}

interface NativeBinding {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}

const require = createRequire(import.meta.url);
let nativeBinding: NativeBinding | undefined;

function loadBinding(): NativeBinding {
  if (nativeBinding === undefined) {
    nativeBinding = require('onnxruntime-node/dist/binding.js') as NativeBinding;
    nativeBinding.initOrt();
  }
  return nativeBinding;
}

/** A dense fp32 buffer and the shape ONNX Runtime should see it as. */
export interface FloatBuffer {
  data: Float32Array;
  dims: readonly number[];
}

export interface SessionOptions {
  /** Intra-op threads, including the calling thread. */
  threads: number;
}

export class SyncSession {
  private native: NativeSession | null;

  constructor(
    readonly name: string,
    model: Uint8Array,
    options: SessionOptions,
  ) {
    const native = new (loadBinding().binding.InferenceSession)();
    native.loadModel(model.buffer, model.byteOffset, model.byteLength, {
      intraOpNumThreads: options.threads,
      graphOptimizationLevel: 'all',
      // Idle pool threads sleep instead of spinning, so between kernels the JavaScript ops and
      // the other processes on the machine get the cores.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    this.native = native;
  }

  /**
   * Runs the graph once. Every output is written into the caller's preallocated buffer, so no
   * native tensor outlives the call: the binding wraps inputs and outputs without copying and
   * releases those wrappers before returning.
   */
  run(inputs: Record<string, FloatBuffer>, outputs: Record<string, FloatBuffer>): void {
    if (this.native === null) {
      throw new BackendError(`ort kernel '${this.name}': the engine was disposed; create a new engine`);
    }
    this.native.run(toOrtTensors(inputs), toOrtTensors(outputs), {});
  }

  dispose(): void {
    this.native?.dispose();
    this.native = null;
  }
}

function toOrtTensors(buffers: Record<string, FloatBuffer>): Record<string, OrtTensor> {
  const tensors: Record<string, OrtTensor> = {};
  for (const [name, buffer] of Object.entries(buffers)) {
    tensors[name] = new OrtTensor('float32', buffer.data, buffer.dims);
  }
  return tensors;
}
