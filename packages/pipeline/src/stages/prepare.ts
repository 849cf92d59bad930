import { countDecoderParameters, eligibleTensorNames } from '@realign/restorer';
import { countForRate } from '@realign/selection';
import { Rng } from '@realign/tensor';
import { resolveLayer } from '../config.ts';
import { listCheckpoints, removePartialCheckpoints } from '../checkpoint-store.ts';
import { OutputNotEmptyError } from '../errors.ts';
import type { RecoveryRun } from '../run.ts';
import type { StageWork } from '../stage.ts';

/**
 * Validates the output folder, resolves L and the restore budget, renders and tokenizes the
 * prompts, and finds the checkpoint to resume from. Emits `started`.
 */
export function prepare(run: RecoveryRun): StageWork {
  return async (emit) => {
    const { config, models } = run;
    await removePartialCheckpoints(config.outputDir);
    const existing = await listCheckpoints(config.outputDir);
    if (existing.length > 0 && !config.resume) throw new OutputNotEmptyError(config.outputDir);
    run.resumeFrom = existing.at(-1) ?? null;

    run.layer = resolveLayer(config, models.layerCount);
    const names = models.finetuned.names();
    run.decoderParameterCount = countDecoderParameters(names, (name) => models.finetuned.shape(name));
    run.restoreBudget = countForRate(config.rate, run.decoderParameterCount);

    run.harmfulPrompts = pickPrompts(
      run.inputs.harmfulPrompts,
      config.shuffleSeed,
      config.harmfulPromptCount,
      'harmful',
    );
    run.taskPrompts = pickPrompts(run.inputs.taskPrompts, config.shuffleSeed, config.taskPromptCount, 'task');
    run.harmfulIds = run.harmfulPrompts.map((prompt) => models.encodePrompt(prompt));
    run.taskIds = run.taskPrompts.map((prompt) => models.encodePrompt(prompt));

    emit({
      type: 'started',
      layerCount: models.layerCount,
      layer: run.layer,
      decoderParameterCount: run.decoderParameterCount,
      restoreBudget: run.restoreBudget,
      eligibleTensorCount: eligibleTensorNames(names, run.layer).length,
      resumedFrom: run.resumeFrom,
    });
  };
}

/** Shuffles (when seeded) with Fisher-Yates, then keeps the first `count`. */
function pickPrompts(
  prompts: readonly string[],
  seed: number | undefined,
  count: number | undefined,
  kind: string,
): string[] {
  if (prompts.length === 0)
    throw new RangeError(`the ${kind} prompt set is empty; recovery needs at least one ${kind} prompt`);

  const order = [...prompts];
  if (seed !== undefined) {
    const rng = new Rng(seed);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  return order.slice(0, count ?? order.length);
}
