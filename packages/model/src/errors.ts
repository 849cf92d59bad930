/** Typed errors of @realign/model. Each message names the file, tensor or field, expected vs found. */

/** A config.json, generation_config.json or adapter_config.json that is invalid or unsupported. */
export class ModelConfigError extends Error {
  override readonly name = 'ModelConfigError';
}

/** Checkpoint tensors that disagree with the architecture table (missing, extra, wrong shape). */
export class CheckpointMismatchError extends Error {
  override readonly name = 'CheckpointMismatchError';
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

/** Two checkpoints that cannot be paired weight for weight (aligned vs fine-tuned). */
export class IncompatibleModelsError extends Error {
  override readonly name = 'IncompatibleModelsError';
}

/** A PEFT LoRA adapter that does not fit its base model or uses an unsupported option. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
}

/** A weight with NaN or infinite entries. */
export class NonFiniteWeightError extends Error {
  override readonly name = 'NonFiniteWeightError';
}

/** A missing or unusable tokenizer, chat template or vocabulary. */
export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';
}
