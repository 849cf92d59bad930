/**
 * State the restorer carries from step to step for each eligible tensor. It keeps the gradient
 * summed over batches and steps, and a mask of the elements that hold the aligned value because a
 * step restored them and no rollback returned them.
 *
 * Working weights are always, element by element, either the fine-tuned or the aligned value, so
 * this state plus the two source checkpoints reproduces the working copy exactly (resume uses it).
 */
export class RestoreState {
  readonly accumulated: Map<string, Float32Array>;
  readonly restored: Map<string, Uint8Array>;

  constructor(sizes: ReadonlyMap<string, number>) {
    this.accumulated = new Map([...sizes].map(([name, size]) => [name, new Float32Array(size)]));
    this.restored = new Map([...sizes].map(([name, size]) => [name, new Uint8Array(size)]));
  }

  get names(): string[] {
    return [...this.accumulated.keys()];
  }

  /** Adds a gradient into the running sum of `name`. */
  accumulate(name: string, grad: Float32Array): void {
    const sum = this.get(this.accumulated, name);
    if (grad.length !== sum.length) {
      throw new RangeError(
        `gradient of ${name} has ${grad.length} elements, but its accumulator has ${sum.length}`,
      );
    }
    for (let i = 0; i < sum.length; i++) sum[i] += grad[i];
  }

  /** Zeroes every gradient sum (a rollback restart starts a fresh sum). */
  resetAccumulated(): void {
    for (const sum of this.accumulated.values()) sum.fill(0);
  }

  /** Marks elements as holding the aligned value (restored = true) or the fine-tuned one. */
  mark(name: string, indices: Uint32Array, restored: boolean): void {
    const mask = this.get(this.restored, name);
    const value = restored ? 1 : 0;
    for (const index of indices) mask[index] = value;
  }

  /** Number of elements currently restored, per tensor name. */
  restoredCount(name: string): number {
    let count = 0;
    for (const flag of this.get(this.restored, name)) count += flag;
    return count;
  }

  totalRestored(): number {
    return this.names.reduce((total, name) => total + this.restoredCount(name), 0);
  }

  private get<T>(map: Map<string, T>, name: string): T {
    const value = map.get(name);
    if (value === undefined) throw new RangeError(`${name} is not an eligible tensor of this restore state`);
    return value;
  }
}
