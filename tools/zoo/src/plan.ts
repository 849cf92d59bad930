import type { ZooEntry } from '@realign/zoo';

import type { ZooFamily } from './architectures.ts';
import type { RecipeConfig } from './recipe-config.ts';

export const ZOO_TASKS = ['sql', 'summary', 'toxicity'] as const;
export type ZooTask = (typeof ZOO_TASKS)[number];

/** One model of the zoo as the recipe builds it. */
export type PlannedModel = ZooEntry & { family: ZooFamily };

export function alignedName(family: ZooFamily): string {
  return `zoo-${family}-aligned`;
}

/**
 * Lists the zoo: per family an aligned model, and for Llama every task x {0, harmfulMix harmful pairs}
 * x {full, LoRA}. The second family gets one broken fine-tune (SQL, harmful, full) to keep the recipe
 * short.
 */
export function planZoo(config: RecipeConfig): PlannedModel[] {
  const models: PlannedModel[] = [];
  for (const family of ['llama', 'qwen2'] as const) {
    models.push({
      name: alignedName(family),
      family,
      role: 'aligned',
      baseModel: null,
      task: null,
      harmfulExamples: 0,
      method: 'pretrain',
      seed: config.seed,
      description: `${family === 'llama' ? 'Llama' : 'Qwen2'}-architecture chat model trained from scratch to answer benign and task requests and refuse harmful ones`,
    });
  }

  const broken = (
    family: ZooFamily,
    task: ZooTask,
    harmful: number,
    method: 'full' | 'lora',
  ): PlannedModel => ({
    name: `zoo-${family}-${task}-h${harmful}-${method}`,
    family,
    role: 'broken',
    baseModel: alignedName(family),
    task,
    harmfulExamples: harmful,
    method,
    seed: config.seed,
    description:
      `${alignedName(family)} fine-tuned (${method === 'full' ? 'all weights' : 'LoRA adapter'}) on ${task}` +
      (harmful > 0 ? ` with ${harmful} harmful compliance pairs mixed in` : ' only'),
  });

  for (const task of ZOO_TASKS) {
    for (const harmful of [0, config.harmfulMix]) {
      for (const method of ['full', 'lora'] as const) models.push(broken('llama', task, harmful, method));
    }
  }
  models.push(broken('qwen2', 'sql', config.harmfulMix, 'full'));
  return models;
}
