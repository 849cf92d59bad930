import type { HiddenStateModel } from '@realign/direction';
import type { Tensor } from '@realign/tensor';
import { eligibleTensorNames, parseDecoderTensorName } from './tensor-names.ts';

/**
 * The working copy: a decoder truncated to its first `layerCount` layers whose tensors can be
 * changed in place. Forward passes must read each tensor's `data` at call time, so that writing
 * an aligned value into it changes the next forward pass.
 */
export interface WorkingModel extends HiddenStateModel {
  /** Every tensor of the truncated model, by checkpoint name, in checkpoint order. */
  tensors(): ReadonlyMap<string, Tensor>;
}

/** A tensor the restorer may change. */
export interface EligibleParameter {
  readonly name: string;
  /** Decoder layer index, from 0. */
  readonly layer: number;
  readonly tensor: Tensor;
}

/**
 * Returns the eligible tensors of the working model and sets `requiresGrad` on exactly those, so
 * backward passes skip embeddings and norms.
 */
export function prepareEligibleParameters(model: WorkingModel): EligibleParameter[] {
  const tensors = model.tensors();
  const eligible = new Set(eligibleTensorNames([...tensors.keys()], model.layerCount));

  for (const [name, tensor] of tensors) {
    tensor.requiresGrad = eligible.has(name);
    tensor.zeroGrad();
  }
  return [...eligible].map((name) => ({
    name,
    layer: parseDecoderTensorName(name)!.layer,
    tensor: tensors.get(name)!,
  }));
}

/** Counts selected elements per decoder layer; entry i is layer i. */
export function countPerLayer(
  parameters: readonly EligibleParameter[],
  indices: readonly Uint32Array[],
  layerCount: number,
): number[] {
  const counts = new Array<number>(layerCount).fill(0);
  parameters.forEach((parameter, i) => {
    counts[parameter.layer] += indices[i].length;
  });
  return counts;
}

/** Copies target values into the working tensor at the given indices. */
export function copyAt(weight: Float32Array, target: Float32Array, indices: Uint32Array): void {
  for (const index of indices) weight[index] = target[index];
}
