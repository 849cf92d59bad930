import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

/** Creates a temporary folder that is removed after the current test. */
export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'realign-checkpoint-'));
  created.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Returns the little-endian bytes of fp32 values. */
export function float32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/**
 * Builds safetensors bytes by hand: the 8-byte size field, the header text, then `data`.
 * `headerSize` overrides the size field to build broken files.
 */
export function buildSafetensors(header: object | string, data: Uint8Array, headerSize?: bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + text.byteLength + data.byteLength);
  new DataView(bytes.buffer).setBigUint64(0, headerSize ?? BigInt(text.byteLength), true);
  bytes.set(text, 8);
  bytes.set(data, 8 + text.byteLength);
  return bytes;
}

/** Writes hand-built safetensors bytes to `dir/name` and returns the path. */
export async function writeSafetensorsBytes(
  dir: string,
  name: string,
  header: object | string,
  data: Uint8Array,
  headerSize?: bigint,
): Promise<string> {
  const filePath = path.join(dir, name);
  await writeFile(filePath, buildSafetensors(header, data, headerSize));
  return filePath;
}

/** Reads every tensor of a reader as fp32, keyed by name. */
export async function readAll(reader: {
  tensorNames: readonly string[];
  readFloat32(name: string): Promise<Float32Array>;
}): Promise<Record<string, number[]>> {
  const values: Record<string, number[]> = {};
  for (const name of reader.tensorNames) {
    values[name] = [...(await reader.readFloat32(name))];
  }
  return values;
}
