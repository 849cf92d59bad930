import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openSafetensorsFile } from '@realign/checkpoint';
import { Tensor } from '@realign/tensor';

/** Folder of the conformance fixtures that tools/conformance/generate.py writes. */
export const FIXTURES = fileURLToPath(new URL('../../../tools/conformance/fixtures/', import.meta.url));

export interface ReferenceMeta {
  sequences: number[][];
  loss_layer: number;
  stop_token_ids: number[];
  max_new_tokens: number;
  generated: { token_ids: number[]; finish_reason: 'stop' | 'length' }[];
}

/** Reads `<name>.reference.safetensors` and `<name>.reference.json` of one fixture. */
export async function loadReference(
  name: string,
): Promise<{ meta: ReferenceMeta; tensors: Map<string, Tensor> }> {
  const meta = JSON.parse(await readFile(`${FIXTURES}${name}.reference.json`, 'utf8')) as ReferenceMeta;
  const file = await openSafetensorsFile(`${FIXTURES}${name}.reference.safetensors`);
  const tensors = new Map<string, Tensor>();
  for (const tensorName of file.tensorNames) {
    tensors.set(tensorName, new Tensor(await file.readFloat32(tensorName), file.info(tensorName).shape));
  }
  await file.close();
  return { meta, tensors };
}

/**
 * Returns max |actual - expected| / max |expected|, the error relative to the tensor's scale
 * (element-wise relative error is meaningless for entries near zero).
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} vs ${expected.length}`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

/** Rows padding..T-1 of sequence b of a [B, T, N] tensor, as one flat array. */
export function sequenceRows(tensor: Tensor, b: number, padding: number): Float32Array {
  const [, length, width] = tensor.shape;
  return tensor.data.slice((b * length + padding) * width, (b + 1) * length * width);
}
