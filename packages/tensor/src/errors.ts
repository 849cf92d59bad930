/** A tensor op received inputs it cannot work on: mismatched shapes, a bad axis, an empty batch. */
export class TensorShapeError extends Error {
  override readonly name = 'TensorShapeError';
}

/** An op or backward() was called in a way the tape cannot follow. */
export class AutogradError extends Error {
  override readonly name = 'AutogradError';
}

/** The kernel engine is missing, failed to start, or was asked for something it cannot do. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
}
