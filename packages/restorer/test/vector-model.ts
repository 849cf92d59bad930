import { Tensor, add } from '@realign/tensor';

/**
 * A working model whose hidden state is one parameter vector p for every prompt, so the mean
 * state is p and the loss -cos(p, d) has the hand-derivable gradient
 * -(d / (|p| |d|) - cos(p, d) p / |p|^2).
 */
export class VectorModel {
  readonly layerCount = 1;
  private readonly named: Map<string, Tensor>;

  constructor(
    readonly name: string,
    values: number[],
  ) {
    this.named = new Map([
      ['model.embed_tokens.weight', Tensor.fromArray([1, 2], [1, 2])],
      [
        'model.layers.0.input_layernorm.weight',
        Tensor.fromArray(
          values.map(() => 1),
          [values.length],
        ),
      ],
      [name, Tensor.fromArray(values, [values.length])],
    ]);
  }

  tensors(): ReadonlyMap<string, Tensor> {
    return this.named;
  }

  get parameter(): Tensor {
    return this.named.get(this.name)!;
  }

  hiddenStates(prompts: readonly Int32Array[]): Tensor {
    return add(Tensor.zeros([prompts.length, this.parameter.size]), this.parameter);
  }
}

/** A TensorSource holding the given tensors; every read returns a copy. */
export function sourceOf(tensors: Record<string, number[]>) {
  return {
    names: () => Object.keys(tensors),
    shape: (name: string) => [tensors[name].length],
    read: async (name: string) => Float32Array.from(tensors[name]),
  };
}
