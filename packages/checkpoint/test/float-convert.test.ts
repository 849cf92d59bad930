import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat32,
  float16BitsToFloat32Bits,
  float16ToFloat32,
  float32BitsToBfloat16Bits,
  float32BitsToFloat16Bits,
  float32ToFloat16,
} from '@realign/checkpoint';

/** Returns the binary32 bit pattern of a JS number rounded to fp32. */
function bitsOf(value: number): number {
  return new Uint32Array(new Float32Array([value]).buffer)[0];
}

function valueOf(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

describe('fp32 to F16 rounding', () => {
  // [fp32 value, expected F16 bit pattern], computed by hand from the binary16 layout.
  const cases: [string, number, number][] = [
    ['one', 1, 0x3c00],
    ['minus two', -2, 0xc000],
    ['one third', 1 / 3, 0x3555],
    ['0.1', 0.1, 0x2e66],
    ['max finite', 65504, 0x7bff],
    ['just below overflow tie', 65519.99, 0x7bff],
    ['overflow tie rounds to Inf', 65520, 0x7c00],
    ['far overflow', 1e10, 0x7c00],
    ['smallest normal', 2 ** -14, 0x0400],
    ['largest subnormal', 1023 * 2 ** -24, 0x03ff],
    ['smallest subnormal', 2 ** -24, 0x0001],
    ['half of smallest subnormal ties to zero', 2 ** -25, 0x0000],
    ['three quarters of smallest subnormal', 0.75 * 2 ** -24, 0x0001],
    ['subnormal tie 2.5 rounds to even 2', 2.5 * 2 ** -24, 0x0002],
    ['subnormal tie 3.5 rounds to even 4', 3.5 * 2 ** -24, 0x0004],
    ['largest subnormal rounds up to smallest normal', 1023.5 * 2 ** -24, 0x0400],
    ['tie 1 + 2^-11 rounds down to even', 1 + 2 ** -11, 0x3c00],
    ['tie 1 + 3 * 2^-11 rounds up to even', 1 + 3 * 2 ** -11, 0x3c02],
    ['above tie rounds up', 1 + 2 ** -11 + 2 ** -23, 0x3c01],
    ['fp32 subnormal underflows', 1e-45, 0x0000],
    ['minus zero', -0, 0x8000],
    ['Inf', Infinity, 0x7c00],
    ['minus Inf', -Infinity, 0xfc00],
  ];
  for (const [label, value, expected] of cases) {
    it(`encodes ${label}`, () => {
      expect(float32BitsToFloat16Bits(bitsOf(value))).toBe(expected);
    });
  }

  it('keeps NaN a quiet NaN with its sign', () => {
    expect(float32BitsToFloat16Bits(0x7fc00000)).toBe(0x7e00);
    expect(float32BitsToFloat16Bits(0xffc00000)).toBe(0xfe00);
    // A signaling NaN whose payload sits only in the low bits must not become Inf.
    expect(float32BitsToFloat16Bits(0x7f800001)).toBe(0x7e00);
  });

  it('matches nearest-even search over all F16 values', () => {
    const finite: [number, number][] = [];
    for (let half = 0; half < 0x7c00; half += 1) {
      finite.push([valueOf(float16BitsToFloat32Bits(half)), half]);
    }
    let seed = 12345;
    for (let trial = 0; trial < 20000; trial += 1) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      // Exponents 96..143 cover F16 underflow, subnormals, normals and overflow.
      const bits = (((96 + (seed % 48)) << 23) | (Math.imul(seed, 2654435761) >>> 9)) >>> 0;
      const value = valueOf(bits);
      expect(float32BitsToFloat16Bits(bits)).toBe(nearestEvenHalf(finite, value));
    }
  });
});

/** Reference rounding by search: the nearest F16 value, ties to the even bit pattern, Inf from 65520 up. */
function nearestEvenHalf(finite: [number, number][], value: number): number {
  if (value >= 65520) {
    return 0x7c00;
  }
  let low = 0;
  let high = finite.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (finite[middle][0] <= value) {
      low = middle;
    } else {
      high = middle;
    }
  }
  const [lowValue, lowBits] = finite[low];
  const [highValue, highBits] = finite[high];
  if (value - lowValue < highValue - value) return lowBits;
  if (value - lowValue > highValue - value) return highBits;
  return lowBits % 2 === 0 ? lowBits : highBits;
}

describe('F16 to fp32 decoding', () => {
  const cases: [string, number, number][] = [
    ['one', 0x3c00, 1],
    ['one third', 0x3555, 0.333251953125],
    ['max finite', 0x7bff, 65504],
    ['smallest subnormal', 0x0001, 2 ** -24],
    ['largest subnormal', 0x03ff, 1023 * 2 ** -24],
    ['negative subnormal', 0x8200, -512 * 2 ** -24],
    ['Inf', 0x7c00, Infinity],
    ['minus Inf', 0xfc00, -Infinity],
  ];
  for (const [label, half, expected] of cases) {
    it(`decodes ${label}`, () => {
      expect(valueOf(float16BitsToFloat32Bits(half))).toBe(expected);
    });
  }

  it('keeps minus zero and NaN payloads', () => {
    expect(float16BitsToFloat32Bits(0x8000)).toBe(0x80000000);
    expect(float16BitsToFloat32Bits(0x7e00)).toBe(0x7fc00000);
    expect(float16BitsToFloat32Bits(0xfe01)).toBe(0xffc02000);
  });

  it('quiets a signaling NaN', () => {
    expect(float16BitsToFloat32Bits(0x7c01)).toBe(0x7fc02000);
  });

  it('round-trips every non-NaN F16 pattern', () => {
    const halves = new Uint16Array(0x10000).map((_, i) => i);
    const decoded = float16ToFloat32(halves);
    const encoded = float32ToFloat16(decoded);
    for (let half = 0; half < 0x10000; half += 1) {
      const isNaN = (half & 0x7c00) === 0x7c00 && (half & 0x3ff) !== 0;
      if (isNaN) {
        expect(Number.isNaN(decoded[half])).toBe(true);
      } else {
        expect(encoded[half]).toBe(half);
      }
    }
  });
});

describe('fp32 to BF16 rounding', () => {
  // [fp32 bit pattern, expected BF16 bit pattern]
  const cases: [string, number, number][] = [
    ['one', 0x3f800000, 0x3f80],
    ['tie rounds down to even', 0x3f808000, 0x3f80],
    ['tie rounds up to even', 0x3f818000, 0x3f82],
    ['above tie rounds up', 0x3f808001, 0x3f81],
    ['below tie rounds down', 0x3f807fff, 0x3f80],
    ['fp32 max overflows to Inf', 0x7f7fffff, 0x7f80],
    ['largest value that stays finite', 0x7f7f7fff, 0x7f7f],
    ['subnormal below tie', 0x00000001, 0x0000],
    ['subnormal tie to even zero', 0x00008000, 0x0000],
    ['subnormal tie to even two', 0x00018000, 0x0002],
    ['subnormal above tie', 0x00008001, 0x0001],
    ['minus Inf', 0xff800000, 0xff80],
    ['quiet NaN', 0x7fc00000, 0x7fc0],
    ['negative NaN', 0xffc00000, 0xffc0],
    ['low-payload NaN stays NaN', 0x7f800001, 0x7fc0],
  ];
  for (const [label, bits, expected] of cases) {
    it(`encodes ${label}`, () => {
      expect(float32BitsToBfloat16Bits(bits)).toBe(expected);
    });
  }

  it('decodes BF16 by shifting into the top half', () => {
    const decoded = bfloat16ToFloat32(new Uint16Array([0x3f80, 0xc040, 0x0001, 0x7f80, 0xffc1]));
    const bits = new Uint32Array(decoded.buffer);
    expect(decoded[0]).toBe(1);
    expect(decoded[1]).toBe(-3);
    expect(bits[2]).toBe(0x00010000);
    expect(decoded[3]).toBe(Infinity);
    expect(bits[4]).toBe(0xffc10000);
  });
});
