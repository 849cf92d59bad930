/**
 * Recovery inputs built on the toy decoder. Models are read from in-memory checkpoints, and
 * checkpoints are written as real safetensors folders with @realign/checkpoint. The evaluator
 * scores a folder by how far its decoder weights moved from the fine-tuned towards the aligned values.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openCheckpoint, writeCheckpoint } from '@realign/checkpoint';
import type { RecoveryEvaluator, RecoveryModels } from '../../src/index.ts';
import {
  ToyDecoder,
  createToyCheckpoint,
  memorySource,
  perturbCheckpoint,
  type ToyCheckpoint,
} from '../../../direction/test/support/toy-decoder.ts';

export const TOY_SHAPE = { vocab: 16, hidden: 8, intermediate: 12, layers: 3 };

export interface ToyPair {
  readonly aligned: ToyCheckpoint;
  readonly finetuned: ToyCheckpoint;
}

export function createToyPair(seed = 1): ToyPair {
  const aligned = createToyCheckpoint(seed, TOY_SHAPE);
  return { aligned, finetuned: perturbCheckpoint(aligned, seed + 100, 0.2) };
}

export async function writeToyCheckpoint(dir: string, checkpoint: ToyCheckpoint): Promise<void> {
  await writeCheckpoint(
    dir,
    [...checkpoint].map(([name, { shape, data }]) => ({ name, shape, data })),
    { dtype: 'F32' },
  );
}

/** RecoveryModels over a toy pair; `saves` counts saveCheckpoint calls. */
export async function toyModels(pair: ToyPair, root: string): Promise<RecoveryModels & { saves: number }> {
  const finetunedDir = join(root, 'finetuned');
  await writeToyCheckpoint(finetunedDir, pair.finetuned);

  const models = {
    saves: 0,
    layerCount: TOY_SHAPE.layers,
    aligned: memorySource(pair.aligned),
    finetuned: memorySource(pair.finetuned),
    finetunedDir,
    chatTemplate: '<user>{{ prompt }}<assistant>',
    encodePrompt: (prompt: string) => Int32Array.from(prompt, (char) => char.charCodeAt(0) % TOY_SHAPE.vocab),
    loadTruncated: async (model: 'aligned' | 'finetuned', layers: number) =>
      ToyDecoder.fromCheckpoint(model === 'aligned' ? pair.aligned : pair.finetuned, layers),
    saveCheckpoint: async (dir: string, overrides: ReadonlyMap<string, Float32Array>) => {
      models.saves++;
      await mkdir(dir, { recursive: true });
      const merged = new Map(pair.finetuned);
      for (const [name, data] of overrides)
        merged.set(name, { shape: pair.finetuned.get(name)!.shape, data });
      await writeToyCheckpoint(dir, merged);
    },
  };
  return models;
}

/** Reads every decoder-layer tensor of a checkpoint folder. */
export async function readDecoderTensors(dir: string): Promise<Map<string, Float32Array>> {
  const reader = await openCheckpoint(dir);
  try {
    const tensors = new Map<string, Float32Array>();
    for (const name of reader.tensorNames) {
      if (name.startsWith('model.layers.')) tensors.set(name, await reader.readFloat32(name));
    }
    return tensors;
  } finally {
    await reader.close();
  }
}

/**
 * taskScore = 1 - taskPenalty x moved, harmfulRate = 1 - moved, where moved is
 * sum |w - finetuned| / sum |aligned - finetuned| over decoder-layer tensors.
 */
export function toyEvaluator(pair: ToyPair, taskPenalty: number): RecoveryEvaluator & { calls: string[] } {
  const calls: string[] = [];
  const moved = async (dir: string) => {
    let distance = 0;
    let total = 0;
    for (const [name, values] of await readDecoderTensors(dir)) {
      const finetuned = pair.finetuned.get(name)!.data;
      const aligned = pair.aligned.get(name)!.data;
      values.forEach((value, i) => {
        distance += Math.abs(value - finetuned[i]);
        total += Math.abs(aligned[i] - finetuned[i]);
      });
    }
    return distance / total;
  };
  return {
    name: 'toy',
    calls,
    taskScore: async (dir) => {
      calls.push(`task ${dir}`);
      return 1 - taskPenalty * (await moved(dir));
    },
    harmfulRate: async (dir) => {
      calls.push(`harmful ${dir}`);
      return 1 - (await moved(dir));
    },
  };
}

/** Harmful and task prompt texts for the toy encoder. */
export const HARMFUL_PROMPTS = ['abc', 'de', 'fgh', 'ij', 'klmno', 'p'];
export const TASK_PROMPTS = ['qrs', 'tu', 'vwx', 'yz'];
