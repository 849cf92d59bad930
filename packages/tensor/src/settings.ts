import type { KernelEngine } from './engine.ts';
import { createJsEngine } from './engines/js.ts';
import { createOrtEngine } from './engines/ort/index.ts';
import { BackendError } from './errors.ts';

export type EngineName = 'ort' | 'js';

export interface BackendOptions {
  /** Kernel engine for matmul: 'ort' (onnxruntime-node, the default) or 'js' (plain TypeScript). */
  engine?: EngineName;
  /**
   * Intra-op threads for the 'ort' engine, counting the calling thread. Default: the CPUs this
   * process may run on (os.availableParallelism()), as createOrtEngine chooses.
   */
  threads?: number;
}

/** The process-wide tensor settings, replaced as a whole (never mutated) by initBackend. */
export interface TensorSettings {
  readonly engineName: EngineName;
  readonly threads: number | undefined;
  readonly engine: KernelEngine;
}

let settings: TensorSettings | null = null;

/**
 * Starts the kernel engine every op uses. Call it once before any op; calling it again disposes the
 * previous engine and switches to the new one.
 */
export async function initBackend(options: BackendOptions = {}): Promise<void> {
  const engineName = options.engine ?? 'ort';
  if (engineName !== 'ort' && engineName !== 'js') {
    throw new BackendError(`initBackend: unknown engine '${String(engineName)}'; expected 'ort' or 'js'`);
  }
  const threads = options.threads;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new BackendError(`initBackend: threads must be a positive integer, got ${threads}`);
  }

  const engine = engineName === 'js' ? createJsEngine() : await createOrtEngine({ threads });
  const previous = settings;
  settings = Object.freeze({ engineName, threads, engine });
  previous?.engine.dispose();
}

/** Returns the active settings; throws when initBackend has not completed. */
export function getSettings(): TensorSettings {
  if (settings === null) {
    throw new BackendError(
      "@realign/tensor: no kernel engine; await initBackend() (or initBackend({ engine: 'js' })) before running tensor ops",
    );
  }
  return settings;
}

/** Returns the active kernel engine, or null before initBackend completes. */
export function peekEngine(): KernelEngine | null {
  return settings?.engine ?? null;
}

/** Returns the active kernel engine; throws when initBackend has not completed. */
export function getEngine(): KernelEngine {
  return getSettings().engine;
}
