/** Base class of the errors a recovery run sends down its error channel. */
export class RecoveryError extends Error {
  override name = 'RecoveryError';
}

/** A step's direction loss is NaN or infinite, so its gradients cannot rank weights. */
export class NonFiniteLossError extends RecoveryError {
  override name = 'NonFiniteLossError';

  constructor(
    readonly step: number,
    readonly direction: 'harmful' | 'benign',
    readonly loss: number,
  ) {
    super(
      `step ${step}: the ${direction}-direction loss is ${loss}; check the models and prompts for NaN hidden states`,
    );
  }
}

/** An evaluator returned a score outside its range. */
export class InvalidScoreError extends RecoveryError {
  override name = 'InvalidScoreError';

  constructor(
    readonly metric: 'taskScore' | 'harmfulRate',
    readonly value: number,
    readonly path: string,
  ) {
    super(
      `evaluator returned ${metric} = ${value} for ${path}; ` +
        (metric === 'harmfulRate'
          ? 'a harmful rate must be in [0, 1]'
          : 'a task score must be a finite number'),
    );
  }
}

/** The output folder contains an earlier run and resume is off. */
export class OutputNotEmptyError extends RecoveryError {
  override name = 'OutputNotEmptyError';

  constructor(readonly path: string) {
    super(
      `${path} already holds checkpoints of a recovery run; set resume (--resume) to continue it, or choose an empty outputDir (--output-dir)`,
    );
  }
}

/** A checkpoint's run state does not match the current inputs, so resuming would not reproduce the run. */
export class ResumeMismatchError extends RecoveryError {
  override name = 'ResumeMismatchError';

  constructor(
    readonly path: string,
    readonly field: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `cannot resume from ${path}: ${field} was ${found}, now ${expected}; use the same models, prompts and settings, or a new outputDir`,
    );
  }
}

/** A run-state file in a checkpoint folder cannot be read. */
export class RunStateError extends RecoveryError {
  override name = 'RunStateError';

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`run state ${path} is invalid: ${detail}`);
  }
}
