/** An invalid training setting (learning rate, steps, LoRA rank, target modules...). */
export class TrainConfigError extends Error {
  override readonly name = 'TrainConfigError';
}

/** Training produced a non-finite loss or gradient norm. */
export class TrainDivergedError extends Error {
  override readonly name = 'TrainDivergedError';

  constructor(
    message: string,
    readonly step: number,
  ) {
    super(message);
  }
}
