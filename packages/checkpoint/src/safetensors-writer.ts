import { open, rm, type FileHandle } from 'node:fs/promises';
import { elementCount, type FloatDtype } from './dtype.ts';
import { CheckpointError } from './errors.ts';
import { float32ToBfloat16, float32ToFloat16 } from './float-convert.ts';

/** One tensor to write: fp32 values in row-major order, converted to the file's dtype on write. */
export interface TensorToWrite {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/** Tensors for a writer. Async iterables are pulled one tensor at a time, so the set need not fit in memory. */
export type TensorSource = Iterable<TensorToWrite> | AsyncIterable<TensorToWrite>;

/** The `__metadata__` that transformers writes, so its loader accepts our files as PyTorch weights. */
export const DEFAULT_METADATA: Readonly<Record<string, string>> = { format: 'pt' };

/** Size of the buffer that copies a shard's data behind its header, in bytes. */
const COPY_CHUNK_BYTES = 16 << 20;

interface HeaderEntry {
  dtype: FloatDtype;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Writes one safetensors file from tensors appended one by one, holding one tensor in memory.
 * The header must precede the data but is known only after the last tensor, so data goes to a
 * temporary body file and finish() writes the header followed by a copy of that body.
 */
// NOTE: the copy doubles the disk traffic of a write. A caller that knows every name and shape in
// advance could size the header first and skip it, but no caller does so yet.
export class SafetensorsStreamWriter {
  private readonly entries: [string, HeaderEntry][] = [];
  private readonly names = new Set<string>();
  private dataBytes = 0;

  private constructor(
    private readonly bodyPath: string,
    private readonly body: FileHandle,
    readonly dtype: FloatDtype,
  ) {}

  /** Creates the temporary body file, which must not exist yet. */
  static async create(bodyPath: string, dtype: FloatDtype): Promise<SafetensorsStreamWriter> {
    const body = await open(bodyPath, 'wx');
    return new SafetensorsStreamWriter(bodyPath, body, dtype);
  }

  /** Bytes of tensor data appended so far. */
  get byteLength(): number {
    return this.dataBytes;
  }

  get tensorCount(): number {
    return this.entries.length;
  }

  /** Converts a tensor to the file's dtype and appends it. Returns its size on disk in bytes. */
  async append(tensor: TensorToWrite): Promise<number> {
    checkTensorToWrite(tensor);
    if (this.names.has(tensor.name)) {
      throw new CheckpointError(`tensor "${tensor.name}" is written twice; tensor names must be unique`);
    }

    const bytes = encodeFloat32(tensor.data, this.dtype);
    await writeFully(this.body, bytes, this.dataBytes);

    const begin = this.dataBytes;
    this.dataBytes += bytes.byteLength;
    this.names.add(tensor.name);
    this.entries.push([
      tensor.name,
      { dtype: this.dtype, shape: [...tensor.shape], data_offsets: [begin, this.dataBytes] },
    ]);
    return bytes.byteLength;
  }

  /** Writes the complete file to `outPath` (synced to disk) and removes the body file. */
  async finish(outPath: string, metadata: Readonly<Record<string, string>>): Promise<void> {
    await this.body.close();
    const prefix = encodeHeader(metadata, this.entries);
    const out = await open(outPath, 'wx');
    try {
      await writeFully(out, prefix, 0);
      await copyBody(this.bodyPath, out, prefix.byteLength, this.dataBytes);
      await out.sync();
    } finally {
      await out.close();
    }
    await rm(this.bodyPath);
  }

  /** Closes and removes the body file after a failure. */
  async abort(): Promise<void> {
    await this.body.close().catch(() => undefined);
    await rm(this.bodyPath, { force: true });
  }
}

/** Checks a tensor's name, shape and data length before anything is written. */
export function checkTensorToWrite(tensor: TensorToWrite): void {
  const { name, shape, data } = tensor;
  if (typeof name !== 'string' || name === '' || name === '__metadata__') {
    throw new CheckpointError(
      `invalid tensor name ${JSON.stringify(name)}; expected a non-empty name other than __metadata__`,
    );
  }
  if (
    !Array.isArray(shape) ||
    !shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0)
  ) {
    throw new CheckpointError(
      `tensor "${name}": shape ${JSON.stringify(shape)} must be an array of non-negative integers`,
    );
  }
  if (!(data instanceof Float32Array)) {
    throw new CheckpointError(`tensor "${name}": data must be a Float32Array`);
  }
  if (data.length !== elementCount(shape)) {
    throw new CheckpointError(
      `tensor "${name}": shape [${shape}] has ${elementCount(shape)} elements, but data has ${data.length}`,
    );
  }
}

/** Returns the bytes of fp32 values in the given dtype (round-to-nearest-even for F16 and BF16). */
export function encodeFloat32(data: Float32Array, dtype: FloatDtype): Uint8Array {
  if (dtype === 'F32') {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  const halves = dtype === 'F16' ? float32ToFloat16(data) : float32ToBfloat16(data);
  return new Uint8Array(halves.buffer, 0, halves.byteLength);
}

/** Returns the 8-byte size field plus the JSON header, padded with spaces so the data starts 8-byte aligned. */
export function encodeHeader(
  metadata: Readonly<Record<string, string>>,
  entries: [string, HeaderEntry][],
): Uint8Array {
  const parts = [`"__metadata__":${JSON.stringify(metadata)}`];
  for (const [name, entry] of entries) {
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(entry)}`);
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const paddedLength = Math.ceil(json.byteLength / 8) * 8;

  const prefix = new Uint8Array(8 + paddedLength).fill(0x20, 8 + json.byteLength);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(paddedLength), true);
  prefix.set(json, 8);
  return prefix;
}

/** Writes all of `bytes` at `position`; a single write call may write less than asked. */
export async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
    done += bytesWritten;
  }
}

async function copyBody(
  bodyPath: string,
  out: FileHandle,
  outPosition: number,
  length: number,
): Promise<void> {
  const body = await open(bodyPath, 'r');
  try {
    const buffer = new Uint8Array(Math.min(COPY_CHUNK_BYTES, Math.max(length, 1)));
    let done = 0;
    while (done < length) {
      const { bytesRead } = await body.read(buffer, 0, Math.min(buffer.byteLength, length - done), done);
      if (bytesRead === 0) {
        throw new CheckpointError(`${bodyPath} ended after ${done} of ${length} bytes while it was copied`);
      }
      await writeFully(out, buffer.subarray(0, bytesRead), outPosition + done);
      done += bytesRead;
    }
  } finally {
    await body.close();
  }
}
