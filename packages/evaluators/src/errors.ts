/** A metric received predictions and references it cannot pair up. */
export class MetricInputError extends Error {
  override name = 'MetricInputError';
}

/** A judge, metric or evaluator name that the registry does not list. */
export class UnknownEvaluatorError extends Error {
  override name = 'UnknownEvaluatorError';
}

/**
 * A judge endpoint failed for good: it refused connections, timed out or returned errors on every
 * retry, or sent a body that is not a chat completion. `url` is the endpoint and `attempts` the
 * number of requests sent.
 */
export class JudgeEndpointError extends Error {
  override name = 'JudgeEndpointError';

  constructor(
    message: string,
    readonly url: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A judge could not be set up: a missing model folder, a label map that names no harmful class. */
export class JudgeSetupError extends Error {
  override name = 'JudgeSetupError';
}

/** The response cache on disk could not be read or written. */
export class ResponseCacheError extends Error {
  override name = 'ResponseCacheError';
}

/** The generator returned a different number of responses than it was given conversations. */
export class GenerationError extends Error {
  override name = 'GenerationError';
}
