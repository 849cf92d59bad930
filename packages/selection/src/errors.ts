/** A gradient entry is NaN, so no ranking by |grad| is meaningful. */
export class NonFiniteGradientError extends Error {
  override readonly name = 'NonFiniteGradientError';

  constructor(
    readonly tensorName: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(
      `gradient of ${tensorName} is ${value} at element ${index}; ` +
        'check the direction (a zero vector gives NaN cosine gradients) and the input prompts',
    );
  }
}

/** A selection input is malformed: lengths differ or the budget is out of range. */
export class SelectionInputError extends Error {
  override readonly name = 'SelectionInputError';
}
