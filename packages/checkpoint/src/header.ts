// Parsing and validation of the safetensors header, with the rules of the reference implementation
// (huggingface/safetensors, `safetensors/src/tensor.rs`). A file is an 8-byte little-endian u64
// header size, a UTF-8 JSON header of at most 100,000,000 bytes, then the data section. The tensors
// must cover the data section exactly, back to back, with no gap, no overlap and no trailing bytes.
import { DTYPE_BYTES, elementCount, type Dtype } from './dtype.ts';
import { SafetensorsFormatError } from './errors.ts';
import { formatIssues, safetensorsHeaderSchema } from './schemas.ts';

/** The largest header the reference implementation accepts, in bytes. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Location, dtype and shape of one tensor in a safetensors file. */
export interface TensorInfo {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** Path of the safetensors file that stores the tensor. */
  file: string;
  /** Absolute position of the first data byte in the file. */
  byteOffset: number;
  byteLength: number;
}

export interface ParsedHeader {
  metadata: Record<string, string>;
  /** Tensors in the order of their data in the file. */
  tensors: TensorInfo[];
}

/**
 * Reads the header size from the first 8 bytes and checks it against the file size.
 * Returns the header size in bytes.
 */
export function parseHeaderSize(file: string, prefix: Uint8Array, fileSize: number): number {
  if (fileSize < 8) {
    throw new SafetensorsFormatError(
      file,
      `file is ${fileSize} bytes, shorter than the 8-byte header size field`,
    );
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const headerSize = view.getBigUint64(0, true);

  if (headerSize > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsFormatError(
      file,
      `header size field is ${headerSize} bytes, above the maximum of ${MAX_HEADER_BYTES}; ` +
        'the file is not a safetensors file or is corrupt',
    );
  }
  const size = Number(headerSize);
  if (8 + size > fileSize) {
    throw new SafetensorsFormatError(
      file,
      `header size field is ${size} bytes, but only ${fileSize - 8} bytes follow it; the file is truncated`,
    );
  }
  return size;
}

/** Parses the JSON header and validates every entry against the data section. */
export function parseHeader(file: string, headerBytes: Uint8Array, fileSize: number): ParsedHeader {
  const json = decodeHeaderJson(file, headerBytes);
  const result = safetensorsHeaderSchema.safeParse(json);
  if (!result.success) {
    throw new SafetensorsFormatError(file, `invalid header: ${formatIssues(result.error)}`);
  }

  const dataStart = 8 + headerBytes.length;
  const { __metadata__: metadata, ...entries } = result.data;
  const tensors: TensorInfo[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const [begin, end] = entry.data_offsets;
    tensors.push({
      name,
      dtype: entry.dtype,
      shape: entry.shape,
      file,
      byteOffset: dataStart + begin,
      byteLength: end - begin,
    });
    checkTensorSize(file, name, entry.dtype, entry.shape, begin, end);
  }

  tensors.sort((a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength);
  checkDataLayout(file, tensors, dataStart, fileSize);
  return { metadata: metadata ?? {}, tensors };
}

function decodeHeaderJson(file: string, headerBytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsFormatError(file, 'header is not valid UTF-8');
  }

  // NOTE: JSON.parse keeps the last of duplicate keys, which the format forbids. A duplicate tensor
  // entry with other offsets still fails the layout check, because its bytes become a gap.
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsFormatError(file, `header is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SafetensorsFormatError(file, 'header must be a JSON object mapping tensor names to entries');
  }
  return json;
}

function checkTensorSize(
  file: string,
  name: string,
  dtype: Dtype,
  shape: number[],
  begin: number,
  end: number,
): void {
  if (end < begin) {
    throw new SafetensorsFormatError(file, `data_offsets [${begin}, ${end}] end before they begin`, name);
  }
  const expected = elementCount(shape) * DTYPE_BYTES[dtype];
  if (!Number.isSafeInteger(expected)) {
    throw new SafetensorsFormatError(file, `shape [${shape}] of ${dtype} is too large to address`, name);
  }
  if (end - begin !== expected) {
    throw new SafetensorsFormatError(
      file,
      `data_offsets [${begin}, ${end}] span ${end - begin} bytes, but shape [${shape}] of ${dtype} needs ${expected} bytes`,
      name,
    );
  }
}

/** Checks that the sorted tensors cover the data section back to back and exactly to the end of the file. */
function checkDataLayout(file: string, tensors: TensorInfo[], dataStart: number, fileSize: number): void {
  const dataLength = fileSize - dataStart;
  let covered = 0;
  let previous: TensorInfo | undefined;

  for (const tensor of tensors) {
    const begin = tensor.byteOffset - dataStart;
    const end = begin + tensor.byteLength;
    if (begin < covered && previous !== undefined) {
      throw new SafetensorsFormatError(
        file,
        `data_offsets [${begin}, ${end}] overlap tensor "${previous.name}", which ends at ${covered}`,
        tensor.name,
      );
    }
    if (begin > covered) {
      const after = previous === undefined ? 'the start of the data section' : `tensor "${previous.name}"`;
      throw new SafetensorsFormatError(
        file,
        `data_offsets [${begin}, ${end}] leave a gap of ${begin - covered} bytes after ${after}; ` +
          'safetensors requires tensor data to be contiguous',
        tensor.name,
      );
    }
    if (end > dataLength) {
      throw new SafetensorsFormatError(
        file,
        `data_offsets [${begin}, ${end}] end beyond the data section of ${dataLength} bytes ` +
          `(file size ${fileSize}); the file is truncated or the offsets are out of range`,
        tensor.name,
      );
    }
    covered = end;
    previous = tensor;
  }

  if (covered !== dataLength) {
    throw new SafetensorsFormatError(
      file,
      `tensor data ends at byte ${covered} of the data section, but the file has ${dataLength - covered} more bytes`,
    );
  }
}
