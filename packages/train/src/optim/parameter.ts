/** The part of a Tensor an optimizer touches: its values and the gradient backward() accumulated. */
export interface ParameterTensor {
  readonly data: Float32Array;
  grad: Float32Array | null;
}

/** A trainable tensor with its checkpoint name and whether AdamW decays it. */
export interface TrainableParameter {
  readonly name: string;
  readonly tensor: ParameterTensor;
  /** False for norm weights and biases, which weight decay would pull towards zero for no benefit. */
  readonly weightDecay: boolean;
}
