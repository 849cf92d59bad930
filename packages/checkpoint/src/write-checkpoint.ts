import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from './atomic.ts';
import { copyCarriedFiles, readConfigDtype } from './carried-files.ts';
import { INDEX_FILE_NAME, SINGLE_FILE_NAME } from './checkpoint-reader.ts';
import { DTYPE_BYTES, elementCount, type FloatDtype } from './dtype.ts';
import { CheckpointError } from './errors.ts';
import {
  checkTensorToWrite,
  DEFAULT_METADATA,
  SafetensorsStreamWriter,
  type TensorSource,
} from './safetensors-writer.ts';
import { DEFAULT_MAX_SHARD_BYTES, parseWriteOptions, writeCheckpointOptionsSchema } from './write-options.ts';

/** Progress of writeCheckpoint. Shards are numbered from 1 in the order they are written. */
export type CheckpointWriteEvent =
  | { status: 'tensor'; name: string; shard: number; bytes: number }
  | { status: 'shard'; shard: number; bytes: number; tensorCount: number };

export interface WriteCheckpointOptions {
  /** Dtype of the written weights. Default: the `dtype` or `torch_dtype` of sourceDir/config.json, else F32. */
  dtype?: FloatDtype;
  /** Shard budget in bytes of tensor data. Default 5,000,000,000 like transformers. A larger tensor gets a shard of its own. */
  maxShardBytes?: number;
  /** Folder whose config, generation config and tokenizer files are copied next to the weights. */
  sourceDir?: string;
  /** Extra `__metadata__` entries for every shard, added to {"format": "pt"}. */
  metadata?: Record<string, string>;
  onProgress?: (event: CheckpointWriteEvent) => void;
}

export interface CheckpointWriteResult {
  dir: string;
  dtype: FloatDtype;
  /** Names of the files written into `dir`, weights last. */
  files: string[];
  tensorCount: number;
  /** Bytes of tensor data over all shards, as in the index's metadata.total_size. */
  totalSize: number;
}

interface WrittenShards {
  paths: string[];
  /** Tensor name to the 0-based index of its shard, in write order. */
  shardOfTensor: Map<string, number>;
  totalSize: number;
}

/** Hugging Face's shard file name: model-00001-of-00003.safetensors. */
export function shardFileName(shard: number, shardCount: number): string {
  const pad = (value: number) => String(value).padStart(5, '0');
  return `model-${pad(shard)}-of-${pad(shardCount)}.safetensors`;
}

const SHARD_FILE_PATTERN = /^model-\d{5}-of-\d{5}\.safetensors$/;

/**
 * Writes a Hugging Face checkpoint folder, pulling one tensor at a time from `tensors`. One shard
 * becomes model.safetensors; more become numbered shards plus model.safetensors.index.json.
 * Every file is built in a temporary folder inside `dir` and renamed into place, with
 * model.safetensors or the index renamed last, so a failed or interrupted write never leaves a folder
 * that looks complete. An earlier checkpoint in `dir` stays untouched until all tensors are written.
 */
export async function writeCheckpoint(
  dir: string,
  tensors: TensorSource,
  options: WriteCheckpointOptions = {},
): Promise<CheckpointWriteResult> {
  const settings = parseWriteOptions(writeCheckpointOptionsSchema, options);
  const fromConfig = settings.sourceDir === undefined ? undefined : await readConfigDtype(settings.sourceDir);
  const dtype = settings.dtype ?? fromConfig ?? 'F32';
  const metadata = { ...DEFAULT_METADATA, ...settings.metadata };

  await mkdir(dir, { recursive: true });
  // NOTE: a process killed outright leaves this hidden folder behind. No later write removes it,
  // because another writer might still be using it.
  const tempDir = await mkdtemp(path.join(dir, '.realign-write-'));
  try {
    const shards = await writeShards(tempDir, tensors, {
      dtype,
      metadata,
      maxShardBytes: settings.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES,
      onProgress: options.onProgress,
    });
    const carried =
      settings.sourceDir === undefined ? [] : await copyCarriedFiles(settings.sourceDir, tempDir);
    const files = await commit(dir, tempDir, shards, carried);
    return { dir, dtype, files, tensorCount: shards.shardOfTensor.size, totalSize: shards.totalSize };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

interface ShardSettings {
  dtype: FloatDtype;
  metadata: Record<string, string>;
  maxShardBytes: number;
  onProgress?: (event: CheckpointWriteEvent) => void;
}

/** Writes all tensors into complete shard files in `tempDir`, starting a new shard at the byte budget. */
async function writeShards(
  tempDir: string,
  tensors: TensorSource,
  settings: ShardSettings,
): Promise<WrittenShards> {
  const shards: WrittenShards = { paths: [], shardOfTensor: new Map(), totalSize: 0 };
  let writer: SafetensorsStreamWriter | undefined;

  try {
    for await (const tensor of tensors) {
      checkTensorToWrite(tensor);
      if (shards.shardOfTensor.has(tensor.name)) {
        throw new CheckpointError(`tensor "${tensor.name}" is written twice; tensor names must be unique`);
      }

      const bytes = elementCount(tensor.shape) * DTYPE_BYTES[settings.dtype];
      if (
        writer !== undefined &&
        writer.tensorCount > 0 &&
        writer.byteLength + bytes > settings.maxShardBytes
      ) {
        await finishShard(writer, tempDir, shards, settings);
        writer = undefined;
      }
      writer ??= await SafetensorsStreamWriter.create(
        shardBodyPath(tempDir, shards.paths.length),
        settings.dtype,
      );

      await writer.append(tensor);
      shards.shardOfTensor.set(tensor.name, shards.paths.length);
      shards.totalSize += bytes;
      settings.onProgress?.({ status: 'tensor', name: tensor.name, shard: shards.paths.length + 1, bytes });
    }
    if (writer === undefined) {
      throw new CheckpointError('no tensors to write; a checkpoint needs at least one tensor');
    }
    await finishShard(writer, tempDir, shards, settings);
  } catch (error) {
    await writer?.abort();
    throw error;
  }
  return shards;
}

function shardBodyPath(tempDir: string, shardIndex: number): string {
  return path.join(tempDir, `shard-${shardIndex + 1}.body`);
}

async function finishShard(
  writer: SafetensorsStreamWriter,
  tempDir: string,
  shards: WrittenShards,
  settings: ShardSettings,
): Promise<void> {
  const shardPath = path.join(tempDir, `shard-${shards.paths.length + 1}.safetensors`);
  await writer.finish(shardPath, settings.metadata);
  shards.paths.push(shardPath);
  settings.onProgress?.({
    status: 'shard',
    shard: shards.paths.length,
    bytes: writer.byteLength,
    tensorCount: writer.tensorCount,
  });
}

/**
 * Moves the finished files from `tempDir` into `dir`. Returns the names moved, in order.
 * The old completion marker (index or model.safetensors) goes first and the new one comes last, so
 * at no point does the folder pair a marker with shards from a different write.
 */
async function commit(
  dir: string,
  tempDir: string,
  shards: WrittenShards,
  carried: string[],
): Promise<string[]> {
  const shardCount = shards.paths.length;
  const shardNames =
    shardCount === 1 ? [SINGLE_FILE_NAME] : shards.paths.map((_, i) => shardFileName(i + 1, shardCount));
  if (shardCount > 1) {
    await writeIndex(path.join(tempDir, INDEX_FILE_NAME), shards, shardNames);
  }

  await rm(path.join(dir, INDEX_FILE_NAME), { force: true });
  await rm(path.join(dir, SINGLE_FILE_NAME), { force: true });
  await syncDir(dir);
  for (const entry of await readdir(dir)) {
    if (SHARD_FILE_PATTERN.test(entry) && !shardNames.includes(entry)) {
      await rm(path.join(dir, entry), { force: true });
    }
  }

  const moves: [string, string][] = carried.map((name) => [path.join(tempDir, name), name]);
  shards.paths.forEach((shardPath, i) => moves.push([shardPath, shardNames[i]]));
  if (shardCount > 1) {
    moves.push([path.join(tempDir, INDEX_FILE_NAME), INDEX_FILE_NAME]);
  }
  for (const [index, [from, name]] of moves.entries()) {
    if (index === moves.length - 1) {
      // Every file before the completion marker must be durable before the marker appears.
      await syncDir(dir);
    }
    await rename(from, path.join(dir, name));
  }
  await syncDir(dir);
  return moves.map(([, name]) => name);
}

/** Writes model.safetensors.index.json as transformers does: sorted keys, 2-space indent, final newline. */
async function writeIndex(indexPath: string, shards: WrittenShards, shardNames: string[]): Promise<void> {
  const weightMap: Record<string, string> = {};
  for (const name of [...shards.shardOfTensor.keys()].sort()) {
    weightMap[name] = shardNames[shards.shardOfTensor.get(name)!];
  }
  const index = { metadata: { total_size: shards.totalSize }, weight_map: weightMap };
  await writeFile(indexPath, `${JSON.stringify(index, null, 2)}\n`, { flush: true });
}
