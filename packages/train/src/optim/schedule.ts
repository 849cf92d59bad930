import { TrainConfigError } from '../errors.ts';

export interface WarmupCosineOptions {
  /** Learning rate reached at the end of warmup. */
  peakLr: number;
  /** Steps of linear warmup. */
  warmupSteps: number;
  /** Total optimizer steps; the cosine reaches minLr at this step. */
  totalSteps: number;
  /** Final learning rate as a fraction of peakLr (0 to 1). */
  minLrRatio?: number;
}

/**
 * Returns the learning rate for 0-based optimizer step `step`: linear warmup (step + 1) / warmupSteps of
 * peakLr, so the first step already moves the weights, then a half cosine from peakLr down to
 * minLrRatio * peakLr at totalSteps. Steps past totalSteps keep the final rate.
 */
export function warmupCosineLr(step: number, options: WarmupCosineOptions): number {
  const { peakLr, warmupSteps, totalSteps } = options;
  const minLr = peakLr * (options.minLrRatio ?? 0);

  if (step < warmupSteps) return (peakLr * (step + 1)) / warmupSteps;

  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / decaySteps);
  return minLr + (peakLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Throws TrainConfigError naming the first invalid field of a schedule. */
export function checkSchedule(options: WarmupCosineOptions): void {
  if (!(options.peakLr > 0))
    throw new TrainConfigError(`schedule: peakLr must be > 0, got ${options.peakLr}`);
  if (!Number.isInteger(options.totalSteps) || options.totalSteps < 1) {
    throw new TrainConfigError(`schedule: totalSteps must be an integer >= 1, got ${options.totalSteps}`);
  }
  if (
    !Number.isInteger(options.warmupSteps) ||
    options.warmupSteps < 0 ||
    options.warmupSteps > options.totalSteps
  ) {
    throw new TrainConfigError(
      `schedule: warmupSteps must be an integer in [0, totalSteps=${options.totalSteps}], got ${options.warmupSteps}`,
    );
  }
  const ratio = options.minLrRatio ?? 0;
  if (!(ratio >= 0 && ratio <= 1))
    throw new TrainConfigError(`schedule: minLrRatio must be in [0, 1], got ${ratio}`);
}
