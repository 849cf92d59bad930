/** The mean hidden state is zero or non-finite, so it cannot serve as a direction. */
export class InvalidDirectionError extends Error {
  override readonly name = 'InvalidDirectionError';

  constructor(
    readonly norm: number,
    readonly promptCount: number,
  ) {
    super(
      `mean hidden state over ${promptCount} prompts has norm ${norm}; a direction needs a finite, ` +
        'nonzero norm. Check the prompts and the model weights for NaN or empty input',
    );
  }
}

/** A direction cache file exists but cannot be read back. */
export class DirectionCacheError extends Error {
  override readonly name = 'DirectionCacheError';

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`direction cache file ${path} is invalid: ${detail}. Delete it to recompute the direction`);
  }
}
