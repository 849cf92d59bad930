import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  openCheckpoint,
  writeCheckpoint,
  type CheckpointWriteResult,
  type FloatDtype,
  type TensorToWrite,
} from '@realign/checkpoint';
import type { Tensor } from '@realign/tensor';
import { expectedTensors } from './architecture.ts';
import type { Dtype } from './config-schema.ts';
import { loadModelConfig, type ModelConfig } from './config.ts';
import { CheckpointMismatchError } from './errors.ts';
import { resolveModelFolders } from './load.ts';
import { checkAdapter, loadLoraAdapter, loraDelta, type LoraAdapter } from './lora.ts';
import { DecoderModel, type ModelSource } from './model.ts';
import { assertFinite } from './validate.ts';

export interface SaveModelOptions {
  /**
   * The checkpoint (or adapter) folder the parameters came from. Tensors missing from the parameters
   * (layers past a truncation, final norm, LM head) are copied from it, with its LoRA merged for an
   * adapter folder, and its config, generation config and tokenizer files are copied alongside.
   * Default: the model's source (base checkpoint and adapter) when a DecoderModel is saved.
   */
  sourceDir?: string;
  /** Dtype on disk; default the source config's torch_dtype. config.json is updated to match. */
  dtype?: Dtype;
  /** Shard budget in bytes of tensor data (default 5 GB, as transformers). */
  maxShardBytes?: number;
}

const FLOAT_DTYPE: Record<Dtype, FloatDtype> = { float32: 'F32', float16: 'F16', bfloat16: 'BF16' };

function checkParameters(
  config: ModelConfig,
  parameters: ReadonlyMap<string, Tensor>,
  sourceDir: string,
): void {
  const shapes = new Map(expectedTensors(config).map((spec) => [spec.name, spec.shape]));
  const problems: string[] = [];
  for (const [name, tensor] of parameters) {
    const shape = shapes.get(name);
    if (shape === undefined) problems.push(`parameter ${name} is not a tensor of ${config.architecture}`);
    else if (shape.join() !== tensor.shape.join()) {
      problems.push(
        `parameter ${name}: expected shape [${shape.join(', ')}], found [${tensor.shape.join(', ')}]`,
      );
    }
  }
  if (problems.length > 0) {
    throw new CheckpointMismatchError(
      `saveModel: parameters do not match ${sourceDir}:\n  - ${problems.join('\n  - ')}`,
      problems,
    );
  }
}

/** Yields every tensor of the full model: from `parameters` when present, else from the source checkpoint. */
async function* tensorsToWrite(
  config: ModelConfig,
  parameters: ReadonlyMap<string, Tensor>,
  baseDir: string,
  adapter: LoraAdapter | null,
): AsyncGenerator<TensorToWrite> {
  const reader = await openCheckpoint(baseDir);
  try {
    for (const spec of expectedTensors(config)) {
      const parameter = parameters.get(spec.name);
      let data: Float32Array;
      if (parameter !== undefined) {
        data = parameter.data;
      } else {
        data = await reader.readFloat32(spec.name);
        const delta = adapter === null ? null : loraDelta(adapter, spec.name);
        if (delta !== null) for (let i = 0; i < data.length; i++) data[i] += delta[i];
      }
      assertFinite(data, spec.name, parameter === undefined ? baseDir : 'saveModel parameters');
      yield { name: spec.name, shape: spec.shape, data };
    }
  } finally {
    await reader.close();
  }
}

/** Rewrites torch_dtype (and dtype, when present) of dir/config.json, via a temp file and rename. */
async function setConfigDtype(dir: string, dtype: Dtype): Promise<void> {
  const path = join(dir, 'config.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  if (json.torch_dtype === dtype && (json.dtype === undefined || json.dtype === dtype)) return;
  json.torch_dtype = dtype;
  if (json.dtype !== undefined) json.dtype = dtype;
  await writeFile(`${path}.tmp`, `${JSON.stringify(json, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/**
 * Writes a full Hugging Face checkpoint folder: the given parameters (a model's, or any map of
 * Hugging Face names to Tensors) plus every other tensor of the source checkpoint. Parameters must be
 * tensors of the source architecture with its shapes; NaN or infinite values are rejected.
 */
export async function saveModel(
  model: DecoderModel | ReadonlyMap<string, Tensor>,
  dir: string,
  options: SaveModelOptions = {},
): Promise<CheckpointWriteResult> {
  const isModel = model instanceof DecoderModel;
  const parameters = isModel ? model.parameters : model;
  let source: ModelSource;
  if (options.sourceDir !== undefined) source = await resolveModelFolders(options.sourceDir);
  else if (isModel) source = model.source;
  else throw new RangeError('saveModel: pass sourceDir, the checkpoint the parameters came from');

  const { baseDir, adapterDir } = source;
  const config = await loadModelConfig(baseDir);
  checkParameters(config, parameters, baseDir);
  const adapter = adapterDir === null ? null : await loadLoraAdapter(adapterDir);
  if (adapter !== null) checkAdapter(adapter, config);
  const dtype = options.dtype ?? config.dtype;

  const result = await writeCheckpoint(dir, tensorsToWrite(config, parameters, baseDir, adapter), {
    dtype: FLOAT_DTYPE[dtype],
    sourceDir: baseDir,
    ...(options.maxShardBytes === undefined ? {} : { maxShardBytes: options.maxShardBytes }),
  });
  await setConfigDtype(dir, dtype);
  return result;
}
