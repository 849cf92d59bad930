import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { writeCheckpoint, type FloatDtype } from '@realign/checkpoint';
import { expectedTensors, isNormRole, parseModelConfig, type ModelConfig } from '@realign/model';
import { Rng } from '@realign/tensor';

/** Standard deviation of the normal init of every matrix (transformers' initializer_range default). */
export const INIT_STD = 0.02;

/**
 * Returns freshly initialised weights for `config`, keyed by Hugging Face name, drawn in the
 * architecture table's order from one seeded generator: matrices ~ N(0, INIT_STD^2), biases 0, and
 * norm weights that make the norm an identity (1, or 0 where the norm multiplies by 1 + weight).
 */
export function initParameters(config: ModelConfig, seed: number): Map<string, Float32Array> {
  const rng = new Rng(seed);
  const weights = new Map<string, Float32Array>();

  for (const spec of expectedTensors(config)) {
    const data = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    if (isNormRole(spec.role)) {
      data.fill(config.normWeightOffset === 1 ? 0 : 1);
    } else if (!spec.role.endsWith('Bias')) {
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * INIT_STD;
    }
    weights.set(spec.name, data);
  }
  return weights;
}

export interface InitCheckpointOptions {
  /** config.json content; its architecture and sizes fix the tensors. */
  configJson: Record<string, unknown>;
  seed: number;
  /** Extra files to write beside the weights (tokenizer.json, generation_config.json...), name to content. */
  files?: Record<string, string>;
  /** Dtype of model.safetensors; fp32 by default so training starts from the exact draw. */
  dtype?: FloatDtype;
}

/**
 * Writes a randomly initialised Hugging Face checkpoint folder (config.json, model.safetensors and
 * `files`). The folder is assembled under a temp name and renamed into place, replacing `dir`.
 */
export async function writeInitialCheckpoint(
  dir: string,
  options: InitCheckpointOptions,
): Promise<ModelConfig> {
  const config = parseModelConfig(options.configJson, join(dir, 'config.json'));
  const weights = initParameters(config, options.seed);
  const temp = `${dir}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });

  await writeFile(join(temp, 'config.json'), `${JSON.stringify(options.configJson, null, 2)}\n`);
  for (const [name, content] of Object.entries(options.files ?? {}))
    await writeFile(join(temp, name), content);
  const shapes = new Map(expectedTensors(config).map((spec) => [spec.name, spec.shape]));
  const tensors = [...weights].map(([name, data]) => ({ name, shape: shapes.get(name)!, data }));
  await writeCheckpoint(temp, tensors, { dtype: options.dtype ?? 'F32' });

  await rm(dir, { recursive: true, force: true });
  await rename(temp, dir);
  return config;
}
