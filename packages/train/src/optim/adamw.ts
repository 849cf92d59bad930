import { TrainConfigError } from '../errors.ts';
import type { TrainableParameter } from './parameter.ts';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay coefficient; each step multiplies a decayed weight by (1 - lr * weightDecay). */
  weightDecay?: number;
}

interface Moments {
  first: Float32Array;
  second: Float32Array;
}

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization") with PyTorch's update order:
 * decay the weight, update both moments, then step by lr * m_hat / (sqrt(v_hat) + eps).
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly moments: Moments[];
  private stepCount = 0;

  constructor(
    readonly parameters: readonly TrainableParameter[],
    options: AdamWOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
    checkCoefficients(this);

    this.moments = parameters.map(({ tensor }) => ({
      first: new Float32Array(tensor.data.length),
      second: new Float32Array(tensor.data.length),
    }));
  }

  /** Number of steps taken so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Applies one update at learning rate `lr` to every parameter that has a gradient. */
  step(lr: number): void {
    this.stepCount += 1;
    const firstCorrection = 1 - this.beta1 ** this.stepCount;
    const secondCorrection = 1 - this.beta2 ** this.stepCount;

    this.parameters.forEach((parameter, index) => {
      const grad = parameter.tensor.grad;
      if (grad === null) return;

      const decay = parameter.weightDecay ? 1 - lr * this.weightDecay : 1;
      const { first, second } = this.moments[index];
      const weights = parameter.tensor.data;

      for (let i = 0; i < weights.length; i++) {
        const g = grad[i];
        first[i] = this.beta1 * first[i] + (1 - this.beta1) * g;
        second[i] = this.beta2 * second[i] + (1 - this.beta2) * g * g;
        const update = first[i] / firstCorrection / (Math.sqrt(second[i] / secondCorrection) + this.eps);
        weights[i] = weights[i] * decay - lr * update;
      }
    });
  }

  /** Drops every parameter's gradient, so the next backward() starts from zero. */
  zeroGrad(): void {
    for (const { tensor } of this.parameters) tensor.grad = null;
  }
}

function checkCoefficients(optimizer: AdamW): void {
  for (const [field, value] of [
    ['beta1', optimizer.beta1],
    ['beta2', optimizer.beta2],
  ] as const) {
    if (!(value >= 0 && value < 1))
      throw new TrainConfigError(`AdamW: ${field} must be in [0, 1), got ${value}`);
  }
  if (!(optimizer.eps > 0)) throw new TrainConfigError(`AdamW: eps must be > 0, got ${optimizer.eps}`);
  if (!(optimizer.weightDecay >= 0)) {
    throw new TrainConfigError(`AdamW: weightDecay must be >= 0, got ${optimizer.weightDecay}`);
  }
}
