import { TensorShapeError } from './errors.ts';
import type { Rng } from './rng.ts';
import { formatShape, shapeSize } from './shape.ts';

export interface TensorOptions {
  requiresGrad?: boolean;
}

/**
 * One recorded op on the tape: the inputs it read and the rule that maps the gradient of its output to
 * one gradient per input (null where an input needs none). The tape may keep and modify the returned
 * buffers, so a rule returns fresh arrays or the output gradient it was given, never its saved state.
 */
export interface GradNode {
  readonly op: string;
  readonly parents: readonly Tensor[];
  readonly backward: (outputGrad: Float32Array) => (Float32Array | null)[];
}

/** A dense, row-major fp32 tensor. */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** Gradient accumulated by backward(); kept on leaf tensors (those no op produced) only. */
  grad: Float32Array | null = null;
  requiresGrad: boolean;
  /** The op that produced this tensor while the tape was recording; null for leaves and after backward(). */
  gradFn: GradNode | null = null;

  constructor(data: Float32Array, shape: readonly number[], options: TensorOptions = {}) {
    for (const dim of shape) {
      if (!Number.isInteger(dim) || dim < 0) {
        throw new TensorShapeError(
          `Tensor: invalid shape ${formatShape(shape)}; dimensions must be integers >= 0`,
        );
      }
    }
    if (data.length !== shapeSize(shape)) {
      throw new TensorShapeError(
        `Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${shapeSize(shape)}`,
      );
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
    this.requiresGrad = options.requiresGrad ?? false;
  }

  static zeros(shape: readonly number[], options?: TensorOptions): Tensor {
    return new Tensor(new Float32Array(shapeSize(shape)), shape, options);
  }

  static ones(shape: readonly number[], options?: TensorOptions): Tensor {
    return Tensor.full(shape, 1, options);
  }

  static full(shape: readonly number[], value: number, options?: TensorOptions): Tensor {
    return new Tensor(new Float32Array(shapeSize(shape)).fill(value), shape, options);
  }

  /** Copies `values` into a new tensor. */
  static fromArray(values: ArrayLike<number>, shape: readonly number[], options?: TensorOptions): Tensor {
    return new Tensor(Float32Array.from(values), shape, options);
  }

  /** Samples each element from a normal distribution with mean 0 and standard deviation `std`. */
  static randn(shape: readonly number[], rng: Rng, std = 1, options?: TensorOptions): Tensor {
    const data = new Float32Array(shapeSize(shape));
    for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
    return new Tensor(data, shape, options);
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Returns the only element of a size-1 tensor. */
  item(): number {
    if (this.data.length !== 1) {
      throw new TensorShapeError(
        `item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`,
      );
    }
    return this.data[0];
  }

  zeroGrad(): void {
    this.grad = null;
  }

  /** Returns a tensor that shares this one's data but has no history and does not require grad. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }
}
