import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  openCheckpoint,
  openSafetensorsFile,
  writeCheckpoint,
  writeSafetensorsFile,
  type CheckpointWriteEvent,
  type TensorToWrite,
} from '@realign/checkpoint';
import { makeTempDir, readAll } from './helpers.ts';

function tensor(name: string, shape: number[], values: number[]): TensorToWrite {
  return { name, shape, data: new Float32Array(values) };
}

/** Float32 values whose bit patterns a lossy path would change: NaN payloads, -0, subnormals, Inf. */
function trickyFloat32(): Float32Array {
  const bits = new Uint32Array([
    0x7fc00001, 0xffa00000, 0x80000000, 0x00000001, 0x007fffff, 0x7f800000, 0xff800000, 0x3f800001,
  ]);
  return new Float32Array(bits.buffer);
}

describe('writeSafetensorsFile', () => {
  it('round-trips fp32 bit-exactly', async () => {
    const filePath = path.join(await makeTempDir(), 'adapter_model.safetensors');
    const data = trickyFloat32();
    const result = await writeSafetensorsFile(filePath, [{ name: 'lora_A', shape: [2, 4], data }], {
      metadata: { step: '5' },
    });
    expect(result).toEqual({ path: filePath, dtype: 'F32', tensorCount: 1, dataBytes: 32 });

    const file = await openSafetensorsFile(filePath);
    const raw = await file.readRaw('lora_A');
    expect(raw.dtype).toBe('F32');
    expect(raw.shape).toEqual([2, 4]);
    expect([...raw.bytes]).toEqual([...new Uint8Array(data.buffer)]);
    expect(file.metadata).toEqual({ format: 'pt', step: '5' });
    await file.close();
  });

  it('pads the header to 8 bytes', async () => {
    const filePath = path.join(await makeTempDir(), 'm.safetensors');
    await writeSafetensorsFile(filePath, [tensor('a', [1], [1])]);
    const bytes = await readFile(filePath);
    const headerSize = Number(bytes.readBigUInt64LE(0));
    expect(headerSize % 8).toBe(0);
    expect(
      bytes
        .subarray(8, 8 + headerSize)
        .toString('utf8')
        .trimEnd(),
    ).toBe('{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
  });

  it('encodes F16 with nearest-even rounding', async () => {
    const filePath = path.join(await makeTempDir(), 'h.safetensors');
    const values = [1, 65520, 2 ** -25, 1 + 2 ** -11, 1 + 3 * 2 ** -11, -0, NaN];
    await writeSafetensorsFile(filePath, [tensor('h', [7], values)], { dtype: 'F16' });

    const file = await openSafetensorsFile(filePath);
    const raw = await file.readRaw('h');
    expect([...new Uint16Array(raw.bytes.buffer)]).toEqual([
      0x3c00, 0x7c00, 0x0000, 0x3c00, 0x3c02, 0x8000, 0x7e00,
    ]);
    expect([...(await file.readFloat32('h'))]).toEqual([1, Infinity, 0, 1, 1 + 2 ** -9, -0, NaN]);
    await file.close();
  });

  it('encodes BF16 with nearest-even rounding', async () => {
    const filePath = path.join(await makeTempDir(), 'b.safetensors');
    // 1 + 2^-8 ties down to 1, 1 + 3 * 2^-8 ties up to 1 + 2^-6, the fp32 maximum overflows to Inf.
    const values = [1, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 3.4028234663852886e38, -3];
    await writeSafetensorsFile(filePath, [tensor('b', [5], values)], { dtype: 'BF16' });

    const file = await openSafetensorsFile(filePath);
    const raw = await file.readRaw('b');
    expect([...new Uint16Array(raw.bytes.buffer)]).toEqual([0x3f80, 0x3f80, 0x3f82, 0x7f80, 0xc040]);
    await file.close();
  });

  it('leaves no file when a tensor is invalid', async () => {
    const dir = await makeTempDir();
    const filePath = path.join(dir, 'bad.safetensors');
    const tensors = [tensor('ok', [1], [1]), tensor('wrong', [2, 2], [1, 2, 3])];
    await expect(writeSafetensorsFile(filePath, tensors)).rejects.toThrow(
      'tensor "wrong": shape [2,2] has 4 elements, but data has 3',
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeCheckpoint', () => {
  /** Five F32 tensors of 16, 16, 16, 48 and 8 bytes. */
  const fiveTensors = () => [
    tensor('model.layers.0.a', [4], [1, 2, 3, 4]),
    tensor('model.layers.0.b', [2, 2], [5, 6, 7, 8]),
    tensor('model.layers.1.a', [4], [-1, -2, -3, -4]),
    tensor('model.embed_tokens.weight', [3, 4], [...Array(12).keys()]),
    tensor('model.norm.weight', [2], [0.5, 0.25]),
  ];

  it('shards at the byte budget with an index', async () => {
    const dir = await makeTempDir();
    const result = await writeCheckpoint(dir, fiveTensors(), { maxShardBytes: 40 });

    // 16 + 16 fit in 40; the third 16 opens shard 2; 48 exceeds the budget alone; 8 opens shard 4.
    expect(result.files).toEqual([
      'model-00001-of-00004.safetensors',
      'model-00002-of-00004.safetensors',
      'model-00003-of-00004.safetensors',
      'model-00004-of-00004.safetensors',
      'model.safetensors.index.json',
    ]);
    expect(result.totalSize).toBe(104);
    const index = await readFile(path.join(dir, 'model.safetensors.index.json'), 'utf8');
    expect(index).toBe(
      `${JSON.stringify(
        {
          metadata: { total_size: 104 },
          weight_map: {
            'model.embed_tokens.weight': 'model-00003-of-00004.safetensors',
            'model.layers.0.a': 'model-00001-of-00004.safetensors',
            'model.layers.0.b': 'model-00001-of-00004.safetensors',
            'model.layers.1.a': 'model-00002-of-00004.safetensors',
            'model.norm.weight': 'model-00004-of-00004.safetensors',
          },
        },
        null,
        2,
      )}\n`,
    );
    expect((await readdir(dir)).sort()).toEqual(result.files);
  });

  it('reads a sharded checkpoint back exactly', async () => {
    const dir = await makeTempDir();
    await writeCheckpoint(dir, fiveTensors(), { maxShardBytes: 40 });
    const reader = await openCheckpoint(dir);

    const expected = Object.fromEntries(fiveTensors().map((t) => [t.name, [...t.data]]));
    expect(await readAll(reader)).toEqual(expected);
    expect(reader.info('model.norm.weight').file).toBe(path.join(dir, 'model-00004-of-00004.safetensors'));
    expect(reader.files.length).toBe(4);
    await reader.close();
  });

  it('writes one shard as model.safetensors', async () => {
    const dir = await makeTempDir();
    const result = await writeCheckpoint(dir, fiveTensors());
    expect(result.files).toEqual(['model.safetensors']);
    expect(await readdir(dir)).toEqual(['model.safetensors']);
    const reader = await openCheckpoint(dir);
    expect(reader.tensorNames).toEqual(fiveTensors().map((t) => t.name));
    await reader.close();
  });

  it('carries config and tokenizer files and their dtype', async () => {
    const source = await makeTempDir();
    const config = '{"model_type": "llama", "torch_dtype": "bfloat16"}\n';
    await writeFile(path.join(source, 'config.json'), config);
    await writeFile(path.join(source, 'tokenizer.json'), '{"model": {}}');
    await writeFile(path.join(source, 'chat_template.jinja'), '{{ messages }}');
    await writeFile(path.join(source, 'pytorch_model.bin'), 'not carried');

    const dir = await makeTempDir();
    const result = await writeCheckpoint(dir, [tensor('w', [2], [1, 1 + 2 ** -8])], { sourceDir: source });
    expect(result.dtype).toBe('BF16');
    expect(result.files).toEqual([
      'config.json',
      'tokenizer.json',
      'chat_template.jinja',
      'model.safetensors',
    ]);
    expect(await readFile(path.join(dir, 'config.json'), 'utf8')).toBe(config);
    const reader = await openCheckpoint(dir);
    expect(reader.info('w').dtype).toBe('BF16');
    expect([...(await reader.readFloat32('w'))]).toEqual([1, 1]);
    await reader.close();
  });

  it('lets the dtype option override config.json', async () => {
    const source = await makeTempDir();
    await writeFile(path.join(source, 'config.json'), '{"dtype": "bfloat16"}');
    const result = await writeCheckpoint(await makeTempDir(), [tensor('w', [1], [1])], {
      sourceDir: source,
      dtype: 'F16',
    });
    expect(result.dtype).toBe('F16');
  });

  it('pulls tensors lazily from an async generator', async () => {
    const log: string[] = [];
    async function* generate() {
      for (const t of fiveTensors()) {
        log.push(`yield ${t.name}`);
        yield t;
      }
    }
    const onProgress = (event: CheckpointWriteEvent) => {
      log.push(event.status === 'tensor' ? `write ${event.name}` : `shard ${event.shard}`);
    };
    await writeCheckpoint(await makeTempDir(), generate(), { maxShardBytes: 40, onProgress });
    expect(log).toEqual([
      'yield model.layers.0.a',
      'write model.layers.0.a',
      'yield model.layers.0.b',
      'write model.layers.0.b',
      'yield model.layers.1.a',
      'shard 1',
      'write model.layers.1.a',
      'yield model.embed_tokens.weight',
      'shard 2',
      'write model.embed_tokens.weight',
      'yield model.norm.weight',
      'shard 3',
      'write model.norm.weight',
      'shard 4',
    ]);
  });

  it('leaves no complete-looking folder after a failure', async () => {
    const dir = await makeTempDir();
    async function* failing() {
      yield* fiveTensors().slice(0, 3);
      throw new Error('source checkpoint went away');
    }
    await expect(writeCheckpoint(dir, failing(), { maxShardBytes: 40 })).rejects.toThrow(
      'source checkpoint went away',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps an earlier checkpoint after a failure', async () => {
    const dir = await makeTempDir();
    await writeCheckpoint(dir, fiveTensors(), { maxShardBytes: 40 });
    function* failing() {
      yield tensor('x', [1], [9]);
      throw new Error('out of memory');
    }
    await expect(writeCheckpoint(dir, failing())).rejects.toThrow('out of memory');

    const reader = await openCheckpoint(dir);
    expect([...(await reader.readFloat32('model.norm.weight'))]).toEqual([0.5, 0.25]);
    expect(reader.has('x')).toBe(false);
    await reader.close();
  });

  it('replaces an earlier sharded checkpoint', async () => {
    const dir = await makeTempDir();
    await writeCheckpoint(dir, fiveTensors(), { maxShardBytes: 40 });
    await writeCheckpoint(dir, [tensor('x', [1], [9])]);
    expect(await readdir(dir)).toEqual(['model.safetensors']);
  });

  it('rejects duplicate names, no tensors and bad options', async () => {
    const dir = await makeTempDir();
    const duplicate = [tensor('a', [1], [1]), tensor('a', [1], [2])];
    await expect(writeCheckpoint(dir, duplicate)).rejects.toThrow('tensor "a" is written twice');
    await expect(writeCheckpoint(dir, [])).rejects.toThrow('no tensors to write');
    await expect(writeCheckpoint(dir, fiveTensors(), { maxShardBytes: 0 })).rejects.toThrow(
      /invalid write options: "maxShardBytes": /,
    );
    const misspelled = { maxShardSize: 10 } as unknown as { maxShardBytes: number };
    await expect(writeCheckpoint(dir, fiveTensors(), misspelled)).rejects.toThrow(CheckpointError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects an unsupported torch_dtype', async () => {
    const source = await makeTempDir();
    await writeFile(path.join(source, 'config.json'), '{"torch_dtype": "float8_e4m3fn"}');
    await expect(writeCheckpoint(await makeTempDir(), fiveTensors(), { sourceDir: source })).rejects.toThrow(
      /config\.json: unsupported torch_dtype "float8_e4m3fn"; expected one of .*; pass the dtype option/,
    );
  });
});
