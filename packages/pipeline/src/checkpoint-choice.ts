import type { ChosenCheckpoint } from './events.ts';

/** taskScore x (1 - allowedDrop): the lowest score within the allowed relative drop. */
export function minimumTaskScore(baselineTaskScore: number, allowedDrop: number): number {
  return baselineTaskScore * (1 - allowedDrop);
}

/** Scores in messages: four significant digits, so 0.9182981090100112 reads 0.9183. */
const formatScore = (score: number) => String(Number(score.toPrecision(4)));

/**
 * Picks the last checkpoint (by step) whose task score is at least the minimum. Returns null with
 * a reason when there is no checkpoint or every one falls below.
 */
export function chooseCheckpoint(
  scored: readonly ChosenCheckpoint[],
  minimum: number,
): { chosen: ChosenCheckpoint | null; reason: string } {
  if (scored.length === 0) return { chosen: null, reason: 'no checkpoint was scored' };

  const passing = [...scored]
    .sort((a, b) => a.step - b.step)
    .filter((checkpoint) => checkpoint.taskScore >= minimum);
  if (passing.length === 0) {
    const best = Math.max(...scored.map((checkpoint) => checkpoint.taskScore));
    return {
      chosen: null,
      reason: `no checkpoint keeps the task score at or above ${formatScore(minimum)} (best was ${formatScore(best)}); try a lower rate or rollback always`,
    };
  }

  const chosen = passing[passing.length - 1];
  return {
    chosen,
    reason: `step ${chosen.step} is the last checkpoint with task score ${formatScore(chosen.taskScore)} >= ${formatScore(minimum)}`,
  };
}
