import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { openCheckpoint, type CheckpointReader } from '@realign/checkpoint';
import { Tensor } from '@realign/tensor';
import { neededTensors } from './architecture.ts';
import { loadModelConfig, loadStopTokenIds, type ModelConfig } from './config.ts';
import { ModelConfigError } from './errors.ts';
import { ADAPTER_CONFIG_FILE, loadLoraAdapter, mergeLoraAdapter } from './lora.ts';
import { DecoderModel } from './model.ts';
import { assertFinite, validateCheckpointTensors } from './validate.ts';

export interface LoadModelOptions {
  /** Load only the first L decoder layers (1..num_hidden_layers): no final norm, no LM head. */
  numLayers?: number;
  /** A PEFT LoRA adapter folder whose weights are merged into the loaded ones. */
  adapter?: string;
  /**
   * Base checkpoint for an adapter, when `dir` itself is an adapter folder (has adapter_config.json).
   * Default: the adapter's base_model_name_or_path, if that is an existing local folder.
   */
  baseDir?: string;
  /** Parameters that get requiresGrad: all (true), none (false, the default), or those whose name passes the filter. */
  requiresGrad?: boolean | ((name: string) => boolean);
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** Resolves base checkpoint and adapter folders for `dir`, which may be either. */
export async function resolveModelFolders(
  dir: string,
  options: Pick<LoadModelOptions, 'adapter' | 'baseDir'> = {},
): Promise<{ baseDir: string; adapterDir: string | null }> {
  if (!(await isFile(join(dir, ADAPTER_CONFIG_FILE)))) {
    return { baseDir: dir, adapterDir: options.adapter ?? null };
  }
  if (options.adapter !== undefined) {
    throw new ModelConfigError(
      `${dir} is a PEFT adapter folder; pass its base checkpoint as the model and ${dir} as the adapter, not two adapters`,
    );
  }
  if (options.baseDir !== undefined) return { baseDir: options.baseDir, adapterDir: dir };

  const adapter = await loadLoraAdapter(dir);
  const base = adapter.config.base_model_name_or_path;
  const candidate = base === null || base === undefined ? null : isAbsolute(base) ? base : resolve(dir, base);
  if (candidate !== null && (await isFile(join(candidate, 'config.json'))))
    return { baseDir: candidate, adapterDir: dir };
  throw new ModelConfigError(
    `${join(dir, ADAPTER_CONFIG_FILE)}: base_model_name_or_path ${JSON.stringify(base)} is not a local checkpoint folder; ` +
      'pass the base checkpoint folder as baseDir',
  );
}

function checkLayerCount(config: ModelConfig, numLayers: number | undefined, dir: string): number {
  if (numLayers === undefined) return config.numLayers;
  if (!Number.isInteger(numLayers) || numLayers < 1 || numLayers > config.numLayers) {
    throw new RangeError(
      `loadModel: numLayers must be an integer in 1..${config.numLayers} for ${dir} (found ${numLayers})`,
    );
  }
  return numLayers;
}

/** Reads every tensor name and shape of a checkpoint from its safetensors headers. */
export function checkpointShapes(reader: CheckpointReader): Map<string, number[]> {
  return new Map(reader.tensorNames.map((name) => [name, reader.info(name).shape]));
}

/**
 * Loads a Llama, Mistral, Qwen2, Gemma or Gemma 2 checkpoint folder (or a PEFT adapter folder on top
 * of one) as fp32 parameters. Validates every tensor name and shape against config.json, rejects NaN
 * and infinite weights, and reads only the tensors the first `numLayers` layers need.
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<DecoderModel> {
  const { baseDir, adapterDir } = await resolveModelFolders(dir, options);
  const config = await loadModelConfig(baseDir);
  const numLayers = checkLayerCount(config, options.numLayers, baseDir);
  const wantsGrad = options.requiresGrad ?? false;
  const requiresGrad = (name: string) => (typeof wantsGrad === 'function' ? wantsGrad(name) : wantsGrad);

  const reader = await openCheckpoint(baseDir);
  const parameters = new Map<string, Tensor>();
  try {
    validateCheckpointTensors(config, checkpointShapes(reader), baseDir);
    for (const spec of neededTensors(config, numLayers)) {
      const data = await reader.readFloat32(spec.name);
      assertFinite(data, spec.name, baseDir);
      parameters.set(spec.name, new Tensor(data, spec.shape));
    }
  } finally {
    await reader.close();
  }

  if (adapterDir !== null) {
    mergeLoraAdapter(parameters, config, await loadLoraAdapter(adapterDir));
  }
  for (const [name, tensor] of parameters) tensor.requiresGrad = requiresGrad(name);

  const stopDir =
    adapterDir !== null && (await isFile(join(adapterDir, 'generation_config.json'))) ? adapterDir : baseDir;
  const stopTokenIds = await loadStopTokenIds(stopDir, config);
  return new DecoderModel(config, parameters, numLayers, stopTokenIds, { baseDir, adapterDir });
}
