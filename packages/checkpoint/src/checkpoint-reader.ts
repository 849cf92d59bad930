import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CheckpointError, TensorNotFoundError } from './errors.ts';
import type { TensorInfo } from './header.ts';
import { SafetensorsFile, type RawTensor, type TensorReader } from './safetensors-file.ts';
import { checkpointIndexSchema, formatIssues, type CheckpointIndex } from './schemas.ts';

export const SINGLE_FILE_NAME = 'model.safetensors';
export const INDEX_FILE_NAME = 'model.safetensors.index.json';

/** A Hugging Face checkpoint folder: one model.safetensors, or shards listed by model.safetensors.index.json. */
export class CheckpointReader implements TensorReader {
  readonly tensorNames: readonly string[];

  private constructor(
    readonly dir: string,
    /** The open safetensors files, one per shard. */
    readonly files: readonly SafetensorsFile[],
    private readonly fileByTensor: Map<string, SafetensorsFile>,
  ) {
    this.tensorNames = [...fileByTensor.keys()];
  }

  /** Opens a folder and validates every shard header against the index. */
  static async open(dir: string): Promise<CheckpointReader> {
    const indexPath = path.join(dir, INDEX_FILE_NAME);
    if (await isFile(indexPath)) {
      return CheckpointReader.openSharded(dir, indexPath);
    }

    const singlePath = path.join(dir, SINGLE_FILE_NAME);
    if (await isFile(singlePath)) {
      const file = await SafetensorsFile.open(singlePath);
      return new CheckpointReader(dir, [file], new Map(file.tensorNames.map((name) => [name, file])));
    }

    const found = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      throw new CheckpointError(`cannot read checkpoint folder ${dir}: ${error.message}`);
    });
    throw new CheckpointError(
      `${dir} has neither ${SINGLE_FILE_NAME} nor ${INDEX_FILE_NAME} (found: ${found.join(', ') || 'nothing'}); ` +
        'save the model with safetensors (transformers: save_pretrained(..., safe_serialization=True))',
    );
  }

  private static async openSharded(dir: string, indexPath: string): Promise<CheckpointReader> {
    const index = await readIndex(indexPath);
    const tensorsByShard = groupByShard(indexPath, index.weight_map);
    const files: SafetensorsFile[] = [];
    try {
      for (const [shard, tensors] of tensorsByShard) {
        const shardPath = path.join(dir, shard);
        if (!(await isFile(shardPath))) {
          const others = tensors.length > 1 ? ` and ${tensors.length - 1} more` : '';
          throw new CheckpointError(
            `${indexPath} maps tensor "${tensors[0]}"${others} to shard ${shard}, but ${shardPath} does not exist`,
          );
        }
        files.push(await SafetensorsFile.open(shardPath));
      }
      const fileByTensor = matchIndexToShards(indexPath, index.weight_map, files);
      return new CheckpointReader(dir, files, fileByTensor);
    } catch (error) {
      await Promise.all(files.map((file) => file.close()));
      throw error;
    }
  }

  has(name: string): boolean {
    return this.fileByTensor.has(name);
  }

  info(name: string): TensorInfo {
    return this.fileOf(name).info(name);
  }

  readRaw(name: string): Promise<RawTensor> {
    return this.fileOf(name).readRaw(name);
  }

  readFloat32(name: string): Promise<Float32Array> {
    return this.fileOf(name).readFloat32(name);
  }

  async close(): Promise<void> {
    await Promise.all(this.files.map((file) => file.close()));
  }

  private fileOf(name: string): SafetensorsFile {
    const file = this.fileByTensor.get(name);
    if (file === undefined) {
      throw new TensorNotFoundError(name, this.dir);
    }
    return file;
  }
}

/** Opens a Hugging Face checkpoint folder (single file or sharded) for lazy reading. */
export function openCheckpoint(dir: string): Promise<CheckpointReader> {
  return CheckpointReader.open(dir);
}

async function isFile(filePath: string): Promise<boolean> {
  const stats = await stat(filePath).catch(() => undefined);
  return stats?.isFile() ?? false;
}

async function readIndex(indexPath: string): Promise<CheckpointIndex> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(indexPath, 'utf8'));
  } catch (error) {
    throw new CheckpointError(`${indexPath} is not valid JSON: ${(error as Error).message}`);
  }

  const result = checkpointIndexSchema.safeParse(json);
  if (!result.success) {
    throw new CheckpointError(`${indexPath} is not a valid safetensors index: ${formatIssues(result.error)}`);
  }
  return result.data;
}

/** Groups tensor names by shard file, rejecting shard names that would leave the folder. */
function groupByShard(indexPath: string, weightMap: Record<string, string>): Map<string, string[]> {
  const tensorsByShard = new Map<string, string[]>();
  for (const [tensor, shard] of Object.entries(weightMap)) {
    if (shard !== path.basename(shard) || shard === '.' || shard === '..') {
      throw new CheckpointError(
        `${indexPath} maps tensor "${tensor}" to ${JSON.stringify(shard)}; shard names must be plain file names`,
      );
    }
    const tensors = tensorsByShard.get(shard) ?? [];
    tensors.push(tensor);
    tensorsByShard.set(shard, tensors);
  }
  return tensorsByShard;
}

/** Checks that each shard stores exactly the tensors the index maps to it and no tensor is in two shards. */
function matchIndexToShards(
  indexPath: string,
  weightMap: Record<string, string>,
  files: SafetensorsFile[],
): Map<string, SafetensorsFile> {
  const fileByTensor = new Map<string, SafetensorsFile>();
  for (const file of files) {
    const shard = path.basename(file.path);
    for (const tensor of file.tensorNames) {
      const listedShard = weightMap[tensor];
      if (listedShard === undefined) {
        throw new CheckpointError(`${file.path} stores tensor "${tensor}", which ${indexPath} does not list`);
      }
      if (listedShard !== shard) {
        throw new CheckpointError(
          `tensor "${tensor}" is stored in ${shard}, but ${indexPath} maps it to ${listedShard}; ` +
            'a tensor must appear in exactly one shard',
        );
      }
      fileByTensor.set(tensor, file);
    }
  }

  for (const [tensor, shard] of Object.entries(weightMap)) {
    if (!fileByTensor.has(tensor)) {
      throw new CheckpointError(
        `${indexPath} maps tensor "${tensor}" to ${shard}, but that shard does not contain it`,
      );
    }
  }
  return fileByTensor;
}
