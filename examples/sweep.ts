// A research sweep: one recover() run per restore rate and layer L, one row per scored checkpoint.
import { join } from 'node:path';
import {
  detectRefusal,
  loadChatGenerator,
  type ChatGenerator,
  type TaskExample,
  type TaskMetric,
} from '@realign/evaluators';
import {
  openCheckpointModels,
  recover,
  type CheckpointScoredEvent,
  type RecoveryConfigInput,
  type RecoveryEvaluator,
  type RecoveryInputs,
  type RecoveryPhase,
} from '@realign/pipeline';
import { filter, lastValueFrom, map, tap, toArray } from 'rxjs';

/** One scored checkpoint of one sweep point; rates and scores are fractions from 0 to 1. */
export interface SweepRow {
  rate: number;
  /** L as the run resolved it (the default is floor(2/3 x layer count)). */
  layer: number;
  phase: RecoveryPhase;
  step: number;
  /** Null for the warmup checkpoint of a run that then restarts with rollback. */
  harmfulRate: number | null;
  taskScore: number;
  /** Decoder weights holding aligned values at this step, over all decoder-layer parameters. */
  restoredFraction: number;
}

/** Scores a model folder by greedy replies: harmful = no refusal phrase in the reply, task = `metric`. */
export function refusalEvaluator(
  harmful: readonly string[],
  task: readonly TaskExample[],
  metric: TaskMetric,
  maxNewTokens = 32,
): RecoveryEvaluator {
  let loaded: { dir: string; generator: Promise<ChatGenerator> } | null = null;
  const reply = async (dir: string, prompts: readonly string[]) => {
    if (loaded?.dir !== dir) loaded = { dir, generator: loadChatGenerator(dir) };
    return (await loaded.generator).generate(
      prompts.map((content) => [{ role: 'user', content }]),
      { maxNewTokens },
    );
  };

  return {
    name: 'sweep-refusal',
    harmfulRate: async (dir) =>
      (await reply(dir, harmful)).filter((text) => detectRefusal(text) === null).length / harmful.length,
    taskScore: async (dir) =>
      metric.score(
        await reply(
          dir,
          task.map((example) => example.prompt),
        ),
        task.map((example) => example.reference),
      ).score,
  };
}

/**
 * Runs recovery once per (rate, layer) point on one model pair; `settings` applies to every run.
 * Directions are cached in `<outputDir>/directions`, so points that share L compute them once.
 *
 * @example
 * const rows = await sweep({ alignedDir, finetunedDir }, [{ rate: 0.002 }, { rate: 0.01, layer: 3 }],
 *   { evaluator, harmfulPrompts, taskPrompts }, { outputDir: 'sweep', rollback: 'never' });
 */
export async function sweep(
  pair: { alignedDir: string; finetunedDir: string },
  points: readonly { rate: number; layer?: number }[],
  inputs: Omit<RecoveryInputs, 'models'>,
  settings: Omit<RecoveryConfigInput, 'rate' | 'layer'> & { outputDir: string },
): Promise<SweepRow[]> {
  const models = await openCheckpointModels(pair);
  const rows: SweepRow[] = [];
  try {
    for (const { rate, layer } of points) {
      const outputDir = join(settings.outputDir, `rate-${rate}-layer-${layer ?? 'default'}`);
      let resolvedLayer = 0;
      let restoredFraction = 0;
      const run = recover(
        { ...settings, rate, layer, outputDir, directionCacheDir: join(settings.outputDir, 'directions') },
        { ...inputs, models },
      );

      const scored = run.pipe(
        tap((event) => {
          if (event.type === 'started') resolvedLayer = event.layer;
          if (event.type === 'step-finished') restoredFraction = event.fractionRestored;
        }),
        filter((event): event is CheckpointScoredEvent => event.type === 'checkpoint-scored'),
        map(({ phase, step, harmfulRate, taskScore }) => ({
          rate,
          layer: resolvedLayer,
          phase,
          step,
          harmfulRate,
          taskScore,
          restoredFraction,
        })),
        toArray(),
      );
      rows.push(...(await lastValueFrom(scored)));
    }
  } finally {
    await models.close();
  }
  return rows;
}
