import { open, type FileHandle } from 'node:fs/promises';
import { isFloatDtype, type Dtype } from './dtype.ts';
import { DtypeError, SafetensorsFormatError, TensorNotFoundError } from './errors.ts';
import { bfloat16ToFloat32, float16ToFloat32 } from './float-convert.ts';
import { parseHeader, parseHeaderSize, type TensorInfo } from './header.ts';

/** A tensor's bytes as stored on disk (little-endian), with its dtype and shape. */
export interface RawTensor {
  dtype: Dtype;
  shape: number[];
  bytes: Uint8Array;
}

/** Read access to named tensors, one at a time. Both a single file and a sharded checkpoint provide it. */
export interface TensorReader {
  /** Tensor names; for one file in data order, for a checkpoint in shard order. */
  readonly tensorNames: readonly string[];
  has(name: string): boolean;
  /** Returns where a tensor lies and its dtype and shape. Throws TensorNotFoundError for an unknown name. */
  info(name: string): TensorInfo;
  /** Reads a tensor's bytes in any dtype, without conversion. */
  readRaw(name: string): Promise<RawTensor>;
  /** Reads an F32, F16 or BF16 tensor as fp32. Throws DtypeError for other dtypes. */
  readFloat32(name: string): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Node reads at most 2 GiB per call, so larger tensors are read in chunks of 1 GiB. */
const READ_CHUNK_BYTES = 1 << 30;

/** One open safetensors file. Reads are positioned, so offsets beyond 4 GiB work. */
export class SafetensorsFile implements TensorReader {
  readonly tensorNames: readonly string[];
  private readonly tensors: Map<string, TensorInfo>;

  private constructor(
    readonly path: string,
    /** The `__metadata__` map of the header, empty when the header has none. */
    readonly metadata: Readonly<Record<string, string>>,
    tensors: TensorInfo[],
    private readonly handle: FileHandle,
  ) {
    this.tensorNames = tensors.map((tensor) => tensor.name);
    this.tensors = new Map(tensors.map((tensor) => [tensor.name, tensor]));
  }

  /** Opens a file and validates its header. Tensor data is read only on request. */
  static async open(path: string): Promise<SafetensorsFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const prefix = await readExactly(handle, path, 0, Math.min(8, size));
      const headerSize = parseHeaderSize(path, prefix, size);
      const headerBytes = await readExactly(handle, path, 8, headerSize);
      const header = parseHeader(path, headerBytes, size);
      return new SafetensorsFile(path, header.metadata, header.tensors, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  info(name: string): TensorInfo {
    const tensor = this.tensors.get(name);
    if (tensor === undefined) {
      throw new TensorNotFoundError(name, this.path);
    }
    return tensor;
  }

  async readRaw(name: string): Promise<RawTensor> {
    const tensor = this.info(name);
    const bytes = await readExactly(this.handle, this.path, tensor.byteOffset, tensor.byteLength);
    return { dtype: tensor.dtype, shape: tensor.shape, bytes };
  }

  async readFloat32(name: string): Promise<Float32Array> {
    const tensor = this.info(name);
    if (!isFloatDtype(tensor.dtype)) {
      throw new DtypeError(
        `${this.path}: tensor "${name}" has dtype ${tensor.dtype}, which does not convert to fp32 ` +
          '(expected F32, F16 or BF16); read it with readRaw instead',
      );
    }

    const { bytes } = await this.readRaw(name);
    if (tensor.dtype === 'F32') {
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    }
    const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    return tensor.dtype === 'F16' ? float16ToFloat32(halves) : bfloat16ToFloat32(halves);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Opens one safetensors file (a full model, one shard, or a PEFT adapter_model.safetensors). */
export function openSafetensorsFile(path: string): Promise<SafetensorsFile> {
  return SafetensorsFile.open(path);
}

/** Reads `length` bytes at `position` into a fresh, 8-byte aligned buffer. */
async function readExactly(
  handle: FileHandle,
  path: string,
  position: number,
  length: number,
): Promise<Uint8Array> {
  const bytes = new Uint8Array(new ArrayBuffer(length));
  let done = 0;
  while (done < length) {
    const chunk = Math.min(READ_CHUNK_BYTES, length - done);
    const { bytesRead } = await handle.read(bytes, done, chunk, position + done);
    if (bytesRead === 0) {
      throw new SafetensorsFormatError(
        path,
        `unexpected end of file at byte ${position + done} while reading ${length} bytes at ${position}; ` +
          'the file was truncated or changed after it was opened',
      );
    }
    done += bytesRead;
  }
  return bytes;
}
