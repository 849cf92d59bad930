import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  findNonFinite,
  openCheckpoint,
  TensorNotFoundError,
  writeCheckpoint,
  writeSafetensorsFile,
  type CheckpointIndex,
} from '@realign/checkpoint';
import { makeTempDir } from './helpers.ts';

const tensor = (name: string, values: number[]) => ({
  name,
  shape: [values.length],
  data: new Float32Array(values),
});

/** Writes a checkpoint with tensors a, b (shard 1), c (shard 2) and d (shard 3). Returns its folder. */
async function writeThreeShards(): Promise<string> {
  const dir = await makeTempDir();
  const tensors = [tensor('a', [1, 2]), tensor('b', [3, 4]), tensor('c', [5, 6, 7, 8]), tensor('d', [9])];
  await writeCheckpoint(dir, tensors, { maxShardBytes: 16 });
  return dir;
}

async function editIndex(dir: string, edit: (index: CheckpointIndex) => void): Promise<string> {
  const indexPath = path.join(dir, 'model.safetensors.index.json');
  const index = JSON.parse(await readFile(indexPath, 'utf8')) as CheckpointIndex;
  edit(index);
  await writeFile(indexPath, JSON.stringify(index));
  return indexPath;
}

async function openError(dir: string): Promise<Error> {
  const error = await openCheckpoint(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('openCheckpoint', () => {
  it('maps each tensor to its shard', async () => {
    const dir = await writeThreeShards();
    const reader = await openCheckpoint(dir);
    expect([...reader.tensorNames].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(path.basename(reader.info('c').file)).toBe('model-00002-of-00003.safetensors');
    expect([...(await reader.readFloat32('d'))]).toEqual([9]);
    expect(() => reader.info('e')).toThrow(TensorNotFoundError);
    await reader.close();
  });

  it('rejects an index pointing to a missing shard', async () => {
    const dir = await writeThreeShards();
    await rm(path.join(dir, 'model-00002-of-00003.safetensors'));
    const error = await openError(dir);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.message).toBe(
      `${path.join(dir, 'model.safetensors.index.json')} maps tensor "c" to shard ` +
        `model-00002-of-00003.safetensors, but ${path.join(dir, 'model-00002-of-00003.safetensors')} does not exist`,
    );
  });

  it('rejects a listed tensor missing from its shard', async () => {
    const dir = await writeThreeShards();
    const indexPath = await editIndex(dir, (index) => {
      index.weight_map['model.norm.weight'] = 'model-00003-of-00003.safetensors';
    });
    expect((await openError(dir)).message).toBe(
      `${indexPath} maps tensor "model.norm.weight" to model-00003-of-00003.safetensors, but that shard does not contain it`,
    );
  });

  it('rejects a shard tensor the index omits', async () => {
    const dir = await writeThreeShards();
    const indexPath = await editIndex(dir, (index) => {
      delete index.weight_map.b;
    });
    expect((await openError(dir)).message).toBe(
      `${path.join(dir, 'model-00001-of-00003.safetensors')} stores tensor "b", which ${indexPath} does not list`,
    );
  });

  it('rejects a tensor stored in two shards', async () => {
    const dir = await writeThreeShards();
    // Shard 3 gets a second copy of "a", which the index maps to shard 1.
    await writeSafetensorsFile(path.join(dir, 'model-00003-of-00003.safetensors'), [
      tensor('d', [9]),
      tensor('a', [1, 2]),
    ]);
    const indexPath = path.join(dir, 'model.safetensors.index.json');
    expect((await openError(dir)).message).toBe(
      `tensor "a" is stored in model-00003-of-00003.safetensors, but ${indexPath} maps it to ` +
        'model-00001-of-00003.safetensors; a tensor must appear in exactly one shard',
    );
  });

  it('rejects shard names outside the folder', async () => {
    const dir = await writeThreeShards();
    await editIndex(dir, (index) => {
      index.weight_map.a = '../model-00001-of-00003.safetensors';
    });
    expect((await openError(dir)).message).toContain(
      'maps tensor "a" to "../model-00001-of-00003.safetensors"; shard names must be plain file names',
    );
  });

  it('rejects an invalid index', async () => {
    const dir = await writeThreeShards();
    const indexPath = path.join(dir, 'model.safetensors.index.json');
    await writeFile(indexPath, '{"weight_map": ');
    expect((await openError(dir)).message).toMatch(/model\.safetensors\.index\.json is not valid JSON: /);
    await writeFile(indexPath, '{"weight_map": {"a": 3}}');
    expect((await openError(dir)).message).toBe(
      `${indexPath} is not a valid safetensors index: "weight_map"."a": Invalid input: expected string, received number`,
    );
  });

  it('names what a folder without weights contains', async () => {
    const dir = await makeTempDir();
    await writeFile(path.join(dir, 'pytorch_model.bin'), '');
    const error = await openError(dir);
    expect(error.message).toBe(
      `${dir} has neither model.safetensors nor model.safetensors.index.json (found: pytorch_model.bin); ` +
        'save the model with safetensors (transformers: save_pretrained(..., safe_serialization=True))',
    );
  });
});

describe('findNonFinite', () => {
  it('reports NaN and Inf by tensor name', async () => {
    const dir = await makeTempDir();
    const tensors = [
      tensor('clean', [1, 2]),
      tensor('model.layers.3.mlp.up_proj.weight', [0, NaN, Infinity, NaN, -Infinity]),
      tensor('overflowed', [70000, 1]),
    ];
    // In F16, 70000 overflows to Inf: a lossy conversion must show up here too.
    await writeCheckpoint(dir, tensors, { dtype: 'F16' });
    const reader = await openCheckpoint(dir);

    expect(await findNonFinite(reader)).toEqual([
      { name: 'model.layers.3.mlp.up_proj.weight', nanCount: 2, infCount: 2, firstIndex: 1 },
      { name: 'overflowed', nanCount: 0, infCount: 1, firstIndex: 0 },
    ]);
    expect(await findNonFinite(reader, ['clean'])).toEqual([]);
    await reader.close();
  });
});
