import { CheckpointError } from './errors.ts';

/**
 * Element types of the safetensors format, with their size in bytes, as listed by the reference
 * implementation (huggingface/safetensors, `safetensors/src/tensor.rs`).
 */
// NOTE: later safetensors releases define more dtypes, such as F8_E8M0, C64 and the sub-byte F4 and
// F6 formats. Files that use them are rejected here as having an unknown dtype.
export const DTYPE_BYTES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
} as const;

/** A safetensors element type name, such as `BF16`. */
export type Dtype = keyof typeof DTYPE_BYTES;

export const DTYPES = Object.keys(DTYPE_BYTES) as Dtype[];

/** The floating-point dtypes that convert to and from fp32: the ones LLM checkpoints store weights in. */
export type FloatDtype = 'F32' | 'F16' | 'BF16';

export const FLOAT_DTYPES: readonly FloatDtype[] = ['F32', 'F16', 'BF16'];

export function isFloatDtype(dtype: Dtype): dtype is FloatDtype {
  return (FLOAT_DTYPES as readonly string[]).includes(dtype);
}

const TORCH_DTYPE_TO_FLOAT_DTYPE: Record<string, FloatDtype> = {
  float32: 'F32',
  float: 'F32',
  float16: 'F16',
  half: 'F16',
  bfloat16: 'BF16',
};

/**
 * Maps a `torch_dtype` value from config.json (`"bfloat16"`, also written `"torch.bfloat16"`) to the
 * safetensors dtype that stores it.
 */
export function floatDtypeFromTorchDtype(torchDtype: string): FloatDtype {
  const key = torchDtype.replace(/^torch\./, '');
  const dtype = TORCH_DTYPE_TO_FLOAT_DTYPE[key];
  if (dtype === undefined) {
    const known = Object.keys(TORCH_DTYPE_TO_FLOAT_DTYPE).join(', ');
    throw new CheckpointError(
      `unsupported torch_dtype ${JSON.stringify(torchDtype)}; expected one of ${known}`,
    );
  }
  return dtype;
}

/** Returns the number of elements of a tensor with this shape (1 for a scalar of shape []). */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dimension of shape) {
    count *= dimension;
  }
  return count;
}
