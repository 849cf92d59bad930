// Conversions between fp32 and the 16-bit float formats of LLM checkpoints.
// Everything works on bit patterns through Uint16Array/Uint32Array views, because a NaN read into a
// JS number and written back may lose its payload. All views assume a little-endian host, the byte
// order of safetensors.
import os from 'node:os';

if (os.endianness() !== 'LE') {
  throw new Error(
    '@realign/checkpoint needs a little-endian host, because safetensors data is little-endian',
  );
}

/** Converts one IEEE binary16 bit pattern to the binary32 bit pattern of the same value (exact). */
export function float16BitsToFloat32Bits(half: number): number {
  const sign = (half & 0x8000) << 16;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;

  if (mantissa !== 0 && exponent === 0x1f) {
    // NaN keeps its payload and becomes quiet, as IEEE 754 conversion, x86 F16C and torch do.
    return (sign | 0x7fc00000 | (mantissa << 13)) >>> 0;
  }
  if (exponent === 0x1f) {
    return (sign | 0x7f800000) >>> 0;
  }
  if (exponent === 0) {
    if (mantissa === 0) {
      return sign >>> 0;
    }
    // A subnormal half is mantissa x 2^-24. Normalize it so that the leading 1 becomes implicit.
    let normalized = mantissa;
    let unbiasedExponent = -14;
    while ((normalized & 0x400) === 0) {
      normalized <<= 1;
      unbiasedExponent -= 1;
    }
    return (sign | ((unbiasedExponent + 127) << 23) | ((normalized & 0x3ff) << 13)) >>> 0;
  }
  return (sign | ((exponent - 15 + 127) << 23) | (mantissa << 13)) >>> 0;
}

/**
 * Converts one binary32 bit pattern to binary16 with round-to-nearest-even. Values from 65520 up
 * become Inf, tiny values become subnormals or signed zero, and NaN stays a quiet NaN.
 */
export function float32BitsToFloat16Bits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) {
    return mantissa === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mantissa >>> 13);
  }
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) {
    return sign | 0x7c00;
  }
  if (halfExponent <= 0) {
    return sign | roundSubnormalHalf(mantissa | 0x800000, 14 - halfExponent);
  }

  // A carry out of the mantissa correctly bumps the exponent, up to Inf at the top of the range.
  const truncated = sign | (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  const roundsUp = remainder > 0x1000 || (remainder === 0x1000 && (truncated & 1) === 1);
  return roundsUp ? truncated + 1 : truncated;
}

/** Rounds a 24-bit significand shifted right by `shift` bits to nearest, ties to even. */
function roundSubnormalHalf(significand: number, shift: number): number {
  if (shift > 24) {
    return 0;
  }
  const truncated = significand >>> shift;
  const remainder = significand & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  const roundsUp = remainder > halfway || (remainder === halfway && (truncated & 1) === 1);
  return roundsUp ? truncated + 1 : truncated;
}

/** Converts one binary32 bit pattern to bfloat16 with round-to-nearest-even. NaN stays a quiet NaN. */
export function float32BitsToBfloat16Bits(bits: number): number {
  if ((bits & 0x7fffffff) > 0x7f800000) {
    return ((bits >>> 16) | 0x40) & 0xffff;
  }
  const lsb = (bits >>> 16) & 1;
  return ((bits + 0x7fff + lsb) >>> 16) & 0xffff;
}

let float16Table: Uint32Array | undefined;

/** Returns the binary32 bit pattern of every binary16 value (256 KiB), built on first use. */
function getFloat16Table(): Uint32Array {
  if (float16Table === undefined) {
    float16Table = new Uint32Array(0x10000);
    for (let half = 0; half < 0x10000; half += 1) {
      float16Table[half] = float16BitsToFloat32Bits(half);
    }
  }
  return float16Table;
}

/** Decodes little-endian F16 values to fp32. */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  const table = getFloat16Table();
  const out = new Float32Array(halves.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i += 1) {
    outBits[i] = table[halves[i]];
  }
  return out;
}

/** Decodes little-endian BF16 values to fp32 (exact: bfloat16 is the top half of binary32). */
export function bfloat16ToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  // On a little-endian host the high 16 bits of element i are 16-bit word 2i + 1; the low ones stay 0.
  const outWords = new Uint16Array(out.buffer);
  for (let i = 0; i < halves.length; i += 1) {
    outWords[2 * i + 1] = halves[i];
  }
  return out;
}

/** Encodes fp32 values as F16 with round-to-nearest-even. */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    out[i] = float32BitsToFloat16Bits(bits[i]);
  }
  return out;
}

/** Encodes fp32 values as BF16 with round-to-nearest-even. */
export function float32ToBfloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    out[i] = float32BitsToBfloat16Bits(bits[i]);
  }
  return out;
}
