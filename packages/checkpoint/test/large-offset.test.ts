import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSafetensorsFile } from '@realign/checkpoint';
import { buildSafetensors, float32Bytes, makeTempDir } from './helpers.ts';

describe('offsets beyond 4 GiB', () => {
  it('reads a tensor stored after 5 GiB of data', async () => {
    // A sparse file: the 5 GiB "padding" tensor is a hole, so the test writes only a few bytes.
    const paddingBytes = 5 * 2 ** 30;
    const header = {
      padding: { dtype: 'U8', shape: [paddingBytes], data_offsets: [0, paddingBytes] },
      tail: { dtype: 'F32', shape: [2, 2], data_offsets: [paddingBytes, paddingBytes + 16] },
    };
    const prefix = buildSafetensors(header, new Uint8Array());
    const filePath = path.join(await makeTempDir(), 'sparse.safetensors');
    const handle = await open(filePath, 'w');
    await handle.write(prefix, 0, prefix.byteLength, 0);
    await handle.write(float32Bytes([1.25, -7, 3e38, 2 ** -149]), 0, 16, prefix.byteLength + paddingBytes);
    await handle.close();

    const file = await openSafetensorsFile(filePath);
    const tail = file.info('tail');
    expect(tail.byteOffset).toBe(prefix.byteLength + paddingBytes);
    expect(tail.byteOffset).toBeGreaterThan(2 ** 32);
    expect([...(await file.readFloat32('tail'))]).toEqual([1.25, -7, new Float32Array([3e38])[0], 2 ** -149]);
    await file.close();
  });
});
