import type { KernelEngine } from '@realign/tensor';

/** The optional kernels of KernelEngine: every method but matmul and dispose. */
export type OptionalKernel = Exclude<keyof KernelEngine, 'name' | 'matmul' | 'dispose'>;

/** Every optional kernel; the Record type makes the compiler reject a list that misses one. */
const KERNEL_SET: Record<OptionalKernel, true> = {
  binary: true,
  silu: true,
  siluBackward: true,
  gelu: true,
  geluBackward: true,
  softmax: true,
  softmaxBackward: true,
  rmsNorm: true,
  rmsNormBackward: true,
};
const OPTIONAL_KERNELS = Object.keys(KERNEL_SET) as OptionalKernel[];

/** Parses a comma-separated list of kernel names, rejecting any that is not an optional kernel. */
export function parseKernels(list: string): OptionalKernel[] {
  const names = list.split(',').filter((name) => name !== '');
  const unknown = names.filter((name) => !OPTIONAL_KERNELS.includes(name as OptionalKernel));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--kernels: unknown kernel '${unknown[0] ?? ''}'; expected a comma-separated list of ${OPTIONAL_KERNELS.join(', ')}`,
    );
  }
  return names as OptionalKernel[];
}

/**
 * Switches optional kernels of a live engine off and on again. Ops look each kernel up on the
 * active engine at every call, so a kernel shadowed by an undefined own property makes them run
 * their JavaScript loops, as on an engine without it.
 */
export function kernelSwitch(
  engine: KernelEngine,
  kernels: readonly OptionalKernel[],
): (enabled: boolean) => void {
  const originals = kernels.map((kernel) => engine[kernel]);
  const missing = kernels.filter((_, i) => originals[i] === undefined);
  if (missing.length > 0)
    throw new Error(`engine '${engine.name}' has no kernel ${missing.join(', ')} to switch`);

  return (enabled) => {
    kernels.forEach((kernel, i) => {
      Object.defineProperty(engine, kernel, {
        value: enabled ? originals[i] : undefined,
        configurable: true,
        writable: true,
      });
    });
  };
}
