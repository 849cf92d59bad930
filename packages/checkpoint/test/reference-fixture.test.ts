import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSafetensorsFile, type Dtype } from '@realign/checkpoint';

// Written by tools/checkpoint-reference/make_fixture.py with torch; the JSON contains each tensor's raw
// bytes and, for float tensors, the fp32 bit patterns of torch's own conversion.
const FIXTURE_DIR = path.join(import.meta.dirname, 'fixtures');
const FIXTURE_PATH = path.join(FIXTURE_DIR, 'reference.safetensors');

interface ExpectedTensor {
  dtype: Dtype;
  shape: number[];
  hex: string;
  float32_bits?: number[];
}

const expected = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'reference.expected.json'), 'utf8')) as {
  metadata: Record<string, string>;
  tensors: Record<string, ExpectedTensor>;
};

describe('reference fixture written by torch', () => {
  it('lists the tensors in file order with metadata', async () => {
    const file = await openSafetensorsFile(FIXTURE_PATH);
    expect(file.tensorNames).toEqual(Object.keys(expected.tensors));
    expect(file.metadata).toEqual(expected.metadata);
    await file.close();
  });

  for (const [name, tensor] of Object.entries(expected.tensors)) {
    it(`reads ${name} raw`, async () => {
      const file = await openSafetensorsFile(FIXTURE_PATH);
      const raw = await file.readRaw(name);
      expect(raw.dtype).toBe(tensor.dtype);
      expect(raw.shape).toEqual(tensor.shape);
      expect(Buffer.from(raw.bytes).toString('hex')).toBe(tensor.hex);
      await file.close();
    });

    if (tensor.float32_bits !== undefined) {
      it(`converts ${name} like torch`, async () => {
        const file = await openSafetensorsFile(FIXTURE_PATH);
        const values = await file.readFloat32(name);
        expect([...new Uint32Array(values.buffer, values.byteOffset, values.length)]).toEqual(
          tensor.float32_bits,
        );
        await file.close();
      });
    }
  }
});
