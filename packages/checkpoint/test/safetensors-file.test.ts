import { readFileSync, statSync } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DtypeError,
  openSafetensorsFile,
  SafetensorsFormatError,
  TensorNotFoundError,
  type SafetensorsFile,
} from '@realign/checkpoint';
import { float32Bytes, makeTempDir, writeSafetensorsBytes } from './helpers.ts';

/** Writes a file, byte by byte, with one tensor of each kind the reader handles. */
async function writeMixedFile(dir: string): Promise<string> {
  const data = new Uint8Array([
    ...float32Bytes([1.5, -2, 0.25, 1e-40]), // "weight" F32 [2, 2] at 0..16
    0x00,
    0x3c,
    0x01,
    0x00,
    0x00,
    0xfc, // "half" F16 [3]: 1, 2^-24, -Inf at 16..22
    0x80,
    0x3f,
    0x40,
    0xc0, // "brain" BF16 [2]: 1, -3 at 22..26
    0x05,
    0,
    0,
    0,
    0,
    0,
    0,
    0x80, // "ids" I64 [1] at 26..34
  ]);
  const header = {
    __metadata__: { format: 'pt', note: 'hand-built' },
    ids: { dtype: 'I64', shape: [1], data_offsets: [26, 34] },
    weight: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
    half: { dtype: 'F16', shape: [3], data_offsets: [16, 22] },
    brain: { dtype: 'BF16', shape: [2], data_offsets: [22, 26] },
    scalar_empty: { dtype: 'F32', shape: [0, 3], data_offsets: [34, 34] },
  };
  return writeSafetensorsBytes(dir, 'mixed.safetensors', header, data);
}

async function withFile<T>(filePath: string, use: (file: SafetensorsFile) => Promise<T>): Promise<T> {
  const file = await openSafetensorsFile(filePath);
  try {
    return await use(file);
  } finally {
    await file.close();
  }
}

describe('openSafetensorsFile on valid files', () => {
  it('lists tensors in data order with metadata', async () => {
    const filePath = await writeMixedFile(await makeTempDir());
    await withFile(filePath, async (file) => {
      expect(file.tensorNames).toEqual(['weight', 'half', 'brain', 'ids', 'scalar_empty']);
      expect(file.metadata).toEqual({ format: 'pt', note: 'hand-built' });
      expect(file.has('half')).toBe(true);
      expect(file.has('missing')).toBe(false);
    });
  });

  it('reports absolute offsets in info', async () => {
    const filePath = await writeMixedFile(await makeTempDir());
    await withFile(filePath, async (file) => {
      const headerLength = readFileSync(filePath).readUInt32LE(0);
      expect(file.info('half')).toEqual({
        name: 'half',
        dtype: 'F16',
        shape: [3],
        file: filePath,
        byteOffset: 8 + headerLength + 16,
        byteLength: 6,
      });
    });
  });

  it('converts F32, F16 and BF16 to fp32', async () => {
    const filePath = await writeMixedFile(await makeTempDir());
    await withFile(filePath, async (file) => {
      expect([...(await file.readFloat32('weight'))]).toEqual([1.5, -2, 0.25, new Float32Array([1e-40])[0]]);
      expect([...(await file.readFloat32('half'))]).toEqual([1, 2 ** -24, -Infinity]);
      expect([...(await file.readFloat32('brain'))]).toEqual([1, -3]);
      expect((await file.readFloat32('scalar_empty')).length).toBe(0);
    });
  });

  it('reads I64 raw and rejects it as fp32', async () => {
    const filePath = await writeMixedFile(await makeTempDir());
    await withFile(filePath, async (file) => {
      const raw = await file.readRaw('ids');
      expect(raw.dtype).toBe('I64');
      expect(raw.shape).toEqual([1]);
      expect(new BigInt64Array(raw.bytes.buffer, raw.bytes.byteOffset, 1)[0]).toBe(-(2n ** 63n) + 5n);
      await expect(file.readFloat32('ids')).rejects.toThrow(DtypeError);
      await expect(file.readFloat32('ids')).rejects.toThrow(
        /tensor "ids" has dtype I64.*expected F32, F16 or BF16.*readRaw/,
      );
    });
  });

  it('rejects an unknown tensor name', async () => {
    const filePath = await writeMixedFile(await makeTempDir());
    await withFile(filePath, async (file) => {
      expect(() => file.info('nope')).toThrow(TensorNotFoundError);
      await expect(file.readFloat32('nope')).rejects.toThrow(`tensor "nope" not found in ${filePath}`);
    });
  });

  it('accepts a scalar and a file with only metadata', async () => {
    const dir = await makeTempDir();
    const scalarPath = await writeSafetensorsBytes(
      dir,
      's.safetensors',
      { s: { dtype: 'F32', shape: [], data_offsets: [0, 4] } },
      float32Bytes([7]),
    );
    await withFile(scalarPath, async (file) => {
      expect([...(await file.readFloat32('s'))]).toEqual([7]);
    });
    const emptyPath = await writeSafetensorsBytes(
      dir,
      'e.safetensors',
      { __metadata__: {} },
      new Uint8Array(),
    );
    await withFile(emptyPath, async (file) => {
      expect(file.tensorNames).toEqual([]);
    });
  });
});

/** Opens a broken file and returns the error it raises. */
async function openError(filePath: string): Promise<SafetensorsFormatError> {
  const error = await openSafetensorsFile(filePath).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SafetensorsFormatError);
  return error as SafetensorsFormatError;
}

const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, end],
});

describe('openSafetensorsFile on broken files', () => {
  it('rejects a file shorter than the size field', async () => {
    const filePath = path.join(await makeTempDir(), 'short.safetensors');
    await writeFile(filePath, new Uint8Array([1, 2, 3, 4, 5]));
    const error = await openError(filePath);
    expect(error.message).toBe(`${filePath}: file is 5 bytes, shorter than the 8-byte header size field`);
    expect(error.file).toBe(filePath);
  });

  it('rejects a header longer than the file', async () => {
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'h.safetensors',
      { a: f32([1], 0, 4) },
      float32Bytes([1]),
      1000n,
    );
    const error = await openError(filePath);
    expect(error.message).toMatch(
      /header size field is 1000 bytes, but only \d+ bytes follow it; the file is truncated/,
    );
  });

  it('rejects an absurd header size', async () => {
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'h.safetensors',
      '{}',
      new Uint8Array(),
      2n ** 63n,
    );
    const error = await openError(filePath);
    expect(error.message).toContain(
      'header size field is 9223372036854775808 bytes, above the maximum of 100000000',
    );
  });

  it('rejects invalid JSON', async () => {
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'j.safetensors',
      '{"a": {"dtype": "F32",',
      new Uint8Array(),
    );
    expect((await openError(filePath)).message).toMatch(/^.*j\.safetensors: header is not valid JSON: /);
  });

  it('rejects invalid UTF-8 and a non-object header', async () => {
    const dir = await makeTempDir();
    const badUtf8 = path.join(dir, 'u.safetensors');
    await writeFile(badUtf8, new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe]));
    expect((await openError(badUtf8)).message).toContain('header is not valid UTF-8');
    const array = await writeSafetensorsBytes(dir, 'a.safetensors', '[1, 2]', new Uint8Array());
    expect((await openError(array)).message).toContain('header must be a JSON object');
  });

  it('rejects an unknown dtype naming the tensor', async () => {
    const header = { 'model.norm.weight': { dtype: 'F12', shape: [1], data_offsets: [0, 4] } };
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'd.safetensors',
      header,
      float32Bytes([1]),
    );
    const error = await openError(filePath);
    expect(error.message).toContain(
      '"model.norm.weight"."dtype": unknown dtype "F12"; expected one of BOOL, U8',
    );
  });

  it('rejects non-string metadata and missing offsets', async () => {
    const dir = await makeTempDir();
    const metadata = await writeSafetensorsBytes(
      dir,
      'm.safetensors',
      { __metadata__: { epoch: 3 } },
      new Uint8Array(),
    );
    expect((await openError(metadata)).message).toContain('"__metadata__"."epoch": ');
    const noOffsets = await writeSafetensorsBytes(
      dir,
      'o.safetensors',
      { w: { dtype: 'F32', shape: [1] } },
      float32Bytes([1]),
    );
    expect((await openError(noOffsets)).message).toContain('"w"."data_offsets": ');
  });

  it('rejects offsets beyond 2^53', async () => {
    const header = `{"w": {"dtype": "U8", "shape": [1], "data_offsets": [100000000000000000000, 100000000000000000001]}}`;
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'big.safetensors',
      header,
      new Uint8Array(1),
    );
    expect((await openError(filePath)).message).toContain('"w"."data_offsets"."0": ');
  });

  it('rejects a byte length that disagrees with the shape', async () => {
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'l.safetensors',
      { w: f32([3], 0, 8) },
      float32Bytes([1, 2]),
    );
    const error = await openError(filePath);
    expect(error.message).toBe(
      `${filePath}: tensor "w": data_offsets [0, 8] span 8 bytes, but shape [3] of F32 needs 12 bytes`,
    );
    expect(error.tensor).toBe('w');
  });

  it('rejects offsets that end before they begin', async () => {
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'r.safetensors',
      { w: f32([0], 4, 0) },
      float32Bytes([1]),
    );
    expect((await openError(filePath)).message).toContain(
      'tensor "w": data_offsets [4, 0] end before they begin',
    );
  });

  it('rejects overlapping offsets', async () => {
    const header = { a: f32([2], 0, 8), b: f32([2], 4, 12) };
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'o.safetensors',
      header,
      float32Bytes([1, 2, 3]),
    );
    const error = await openError(filePath);
    expect(error.message).toBe(
      `${filePath}: tensor "b": data_offsets [4, 12] overlap tensor "a", which ends at 8`,
    );
  });

  it('rejects a gap between tensors', async () => {
    const header = { a: f32([2], 0, 8), b: f32([2], 12, 20) };
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'g.safetensors',
      header,
      float32Bytes([1, 2, 3, 4, 5]),
    );
    const error = await openError(filePath);
    expect(error.message).toContain(
      'tensor "b": data_offsets [12, 20] leave a gap of 4 bytes after tensor "a"',
    );
  });

  it('rejects offsets beyond the data section', async () => {
    const header = { a: f32([1], 0, 4), b: f32([2], 4, 12) };
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      't.safetensors',
      header,
      float32Bytes([1, 2]),
    );
    const error = await openError(filePath);
    expect(error.message).toMatch(
      /tensor "b": data_offsets \[4, 12\] end beyond the data section of 8 bytes \(file size \d+\); the file is truncated/,
    );
  });

  it('rejects a truncated file', async () => {
    const header = { a: f32([4], 0, 16) };
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      't.safetensors',
      header,
      float32Bytes([1, 2, 3, 4]),
    );
    await truncate(filePath, statSync(filePath).size - 3);
    const error = await openError(filePath);
    expect(error.message).toContain(
      'tensor "a": data_offsets [0, 16] end beyond the data section of 13 bytes',
    );
  });

  it('rejects trailing bytes after the last tensor', async () => {
    const filePath = await writeSafetensorsBytes(
      await makeTempDir(),
      'x.safetensors',
      { a: f32([1], 0, 4) },
      float32Bytes([1, 2]),
    );
    const error = await openError(filePath);
    expect(error.message).toBe(
      `${filePath}: tensor data ends at byte 4 of the data section, but the file has 4 more bytes`,
    );
  });
});
