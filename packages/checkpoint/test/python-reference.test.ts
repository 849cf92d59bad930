import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeCheckpoint, writeSafetensorsFile, type TensorToWrite } from '@realign/checkpoint';
import { makeTempDir } from './helpers.ts';

// Checks files from our writer with the independent reader in tools/checkpoint-reference, which
// runs on Debian's PyTorch. Without it these tests are skipped, and the skip reason is in the title.
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.resolve(import.meta.dirname, '../../../tools/checkpoint-reference/check_files.py');

function findSkipReason(): string | undefined {
  if (!existsSync(PYTHON)) {
    return `${PYTHON} not found`;
  }
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], {
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
  });
  return probe.status === 0 ? undefined : `${PYTHON} cannot import torch and numpy`;
}

const skipReason = findSkipReason();

interface PythonTensor {
  dtype: string;
  shape: number[];
  float32_bits: number[];
  half_bits?: number[];
  torch_f16_bits?: number[];
  torch_bf16_bits?: number[];
}

type PythonOutput = Record<
  string,
  { metadata: Record<string, unknown>; tensors: Record<string, PythonTensor> }
>;

async function readWithPython(...paths: string[]): Promise<PythonOutput> {
  const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, ...paths], {
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout) as PythonOutput;
}

/** fp32 values that exercise rounding: specials, F16 and BF16 ties, subnormals and random bit patterns. */
function roundingProbe(): Float32Array {
  const bits: number[] = [
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f7fffff, 0x00000001,
  ];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  for (let i = 0; i < 1000; i += 1) {
    // F16's range (exponents 98..143), with every 4th value an exact F16 tie and every 4th a BF16 tie.
    const exponent = 98 + (next() % 46);
    let low = next() & 0x1fff;
    if (i % 4 === 0) {
      low = 0x1000;
    } else if (i % 4 === 1) {
      low = 0x8000;
    }
    bits.push((((next() & 1) << 31) | (exponent << 23) | (next() & 0x7fe000) | low) >>> 0);
  }
  for (let i = 0; i < 1000; i += 1) {
    bits.push(next());
  }
  return new Float32Array(new Uint32Array(bits).buffer);
}

/** Replaces NaN bit patterns by 'NaN', because NaN payloads may legitimately differ between encoders. */
function withNaNsMarked(bits: number[], isNaN: (bits: number) => boolean): (number | string)[] {
  return bits.map((value) => (isNaN(value) ? 'NaN' : value));
}

const isHalfNaN = (bits: number) => (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
const isBfloat16NaN = (bits: number) => (bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0;

const title = `python reference reader${skipReason ? ` (skipped: ${skipReason})` : ''}`;

// Importing torch takes seconds, and longer while other test workers load the CPUs.
describe.skipIf(skipReason !== undefined)(title, { timeout: 60_000 }, () => {
  it('parses our F32, F16 and BF16 files', async () => {
    const dir = await makeTempDir();
    const values = roundingProbe();
    const tensors = (): TensorToWrite[] => [
      { name: 'probe', shape: [values.length], data: values },
      { name: 'matrix', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
    ];
    const [f32Path, f16Path, bf16Path] = ['f32', 'f16', 'bf16'].map((name) =>
      path.join(dir, `${name}.safetensors`),
    );
    await writeSafetensorsFile(f32Path, tensors(), { dtype: 'F32', metadata: { source: 'test' } });
    await writeSafetensorsFile(f16Path, tensors(), { dtype: 'F16' });
    await writeSafetensorsFile(bf16Path, tensors(), { dtype: 'BF16' });

    const output = await readWithPython(f32Path, f16Path, bf16Path);
    const f32 = output[f32Path].tensors.probe;
    expect(output[f32Path].metadata).toEqual({ format: 'pt', source: 'test' });
    expect(f32.dtype).toBe('F32');
    expect(f32.float32_bits).toEqual([...new Uint32Array(values.buffer)]);
    expect(output[f16Path].tensors.matrix).toMatchObject({
      dtype: 'F16',
      shape: [2, 3],
      float32_bits: [...new Uint32Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer)],
    });

    const ourF16 = output[f16Path].tensors.probe.half_bits!;
    expect(withNaNsMarked(ourF16, isHalfNaN)).toEqual(withNaNsMarked(f32.torch_f16_bits!, isHalfNaN));
    const ourBf16 = output[bf16Path].tensors.probe.half_bits!;
    expect(withNaNsMarked(ourBf16, isBfloat16NaN)).toEqual(
      withNaNsMarked(f32.torch_bf16_bits!, isBfloat16NaN),
    );
  });

  it('parses our sharded checkpoint', async () => {
    const dir = await makeTempDir();
    const tensors = Array.from({ length: 5 }, (_, i) => ({
      name: `model.layers.${i}.mlp.up_proj.weight`,
      shape: [2, 4],
      data: new Float32Array(8).map((_, j) => i * 2 + j / 8),
    }));
    await writeCheckpoint(dir, tensors, { dtype: 'BF16', maxShardBytes: 40 });

    const output = (await readWithPython(dir))[dir];
    expect(output.metadata).toEqual({ total_size: 80 });
    for (const tensor of tensors) {
      const read = output.tensors[tensor.name];
      expect(read.dtype).toBe('BF16');
      expect(read.shape).toEqual([2, 4]);
      // Every value i * 2 + j / 8 (i < 5) has at most 7 significant bits, so BF16 stores it exactly.
      expect(read.float32_bits).toEqual([...new Uint32Array(tensor.data.buffer)]);
    }
  });
});
