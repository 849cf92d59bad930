/**
 * The job file both restore-step workers read: checkpoint folders, L, the restore budget, the
 * rendered prompt token ids and the harmful direction. Both sides get the same token ids and
 * direction, so only the step itself differs between them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { builtinDataset } from '@realign/data';
import { meanHiddenState } from '@realign/direction';
import { openCheckpointModels, parseRecoveryConfig, resolveLayer } from '@realign/pipeline';
import { countDecoderParameters } from '@realign/restorer';
import { countForRate } from '@realign/selection';
import type { CheckpointPair } from './restore-checkpoints.ts';

export const restoreJobSchema = z.object({
  label: z.string(),
  alignedDir: z.string(),
  finetunedDir: z.string(),
  /** L: decoder layers kept in the working copy. */
  layer: z.number().int().min(1),
  /** Prompts per forward and backward pass. */
  batchSize: z.number().int().min(1),
  /** Weights restored per step: ceil(rate x decoder-layer parameters of the full model). */
  budget: z.number().int().min(1),
  decoderParameterCount: z.number().int().min(1),
  /** Chat-template token ids of each harmful prompt, generation prompt included. */
  prompts: z.array(z.array(z.number().int())).min(1),
  direction: z.array(z.number()).min(1),
});

export type RestoreJob = z.infer<typeof restoreJobSchema>;

export interface JobSettings {
  readonly promptCount: number;
  /** Pipeline defaults when undefined: rate 0.002, batch size 8. */
  readonly rate?: number;
  readonly batchSize?: number;
}

/**
 * Builds the job for one checkpoint pair the way the pipeline prepares a run. L and the budget
 * come from the recovery config's defaults. The prompts are the first `promptCount` of the shipped
 * harmful recovery split, rendered with the fine-tuned model's chat template. The harmful
 * direction is measured on the aligned model truncated to L layers.
 */
export async function prepareJob(
  pair: CheckpointPair,
  settings: JobSettings,
  scratchDir: string,
): Promise<RestoreJob> {
  const config = parseRecoveryConfig({
    outputDir: scratchDir,
    rate: settings.rate,
    batchSize: settings.batchSize,
  });
  const models = await openCheckpointModels({ alignedDir: pair.alignedDir, finetunedDir: pair.finetunedDir });
  try {
    const layer = resolveLayer(config, models.layerCount);
    const names = models.finetuned.names();
    const decoderParameterCount = countDecoderParameters(names, (name) => models.finetuned.shape(name));

    const records = await builtinDataset('harmful', 'recovery');
    if (records.length < settings.promptCount) {
      throw new RangeError(
        `--prompts ${settings.promptCount} exceeds the ${records.length} harmful recovery prompts`,
      );
    }
    const prompts = records
      .slice(0, settings.promptCount)
      .map((record) => models.encodePrompt(record.prompt));

    const aligned = await models.loadTruncated('aligned', layer);
    const direction = meanHiddenState(aligned, prompts, {
      batchSize: config.batchSize,
      position: config.position,
    });

    return {
      label: pair.label,
      alignedDir: pair.alignedDir,
      finetunedDir: pair.finetunedDir,
      layer,
      batchSize: config.batchSize,
      budget: countForRate(config.rate, decoderParameterCount),
      decoderParameterCount,
      prompts: prompts.map((ids) => Array.from(ids)),
      direction: Array.from(direction),
    };
  } finally {
    await models.close();
  }
}

export async function writeJob(path: string, job: RestoreJob): Promise<void> {
  await writeFile(path, JSON.stringify(job));
}

export async function readJob(path: string): Promise<RestoreJob> {
  const parsed = restoreJobSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `field "${issue.path.join('.')}": ${issue.message}`);
    throw new Error(`${path}: invalid restore-step job\n${issues.join('\n')}`);
  }
  return parsed.data;
}
