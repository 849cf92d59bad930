/**
 * The onnxruntime-node kernel engine. Each kernel is a small ONNX graph with symbolic dimensions,
 * compiled into a session on first use and reused for every shape after that.
 */
import { availableParallelism } from 'node:os';
import type { KernelEngine, MatmulSpec } from '../../engine.ts';
import { BackendError } from '../../errors.ts';
import { matmulFeeds, matmulKernelName, matmulModelBytes } from './kernels/matmul.ts';
import { SyncSession } from './session.ts';

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
    const name = matmulKernelName(spec);
    this.session(name, () => matmulModelBytes(spec)).run(inputs, outputs);
    return y;
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.disposed = true;
  }

  private session(name: string, model: () => Uint8Array): SyncSession {
    if (this.disposed) {
      throw new BackendError(`ort engine: '${name}' called after dispose(); create a new engine`);
    }
    let session = this.sessions.get(name);
    if (session === undefined) {
      session = new SyncSession(name, model(), { threads: this.threads });
      this.sessions.set(name, session);
    }
    return session;
  }
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
