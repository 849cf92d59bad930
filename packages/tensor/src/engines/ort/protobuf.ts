/**
 * A minimal protocol buffers encoder: just the wire types the ONNX messages in onnx-model.ts use.
 *
 * Wire format (protobuf encoding guide): each field is a key `(fieldNumber << 3) | wireType`
 * written as a varint, then the value. Wire type 0 is a varint, 2 is length-delimited (strings,
 * bytes, nested messages, packed repeated scalars) and 5 is a little-endian 32-bit value.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

/** Appends encoded fields to a growing list of byte chunks; `finish()` concatenates them. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** Writes an int32, int64 or enum field. Negative values use the 10-byte two's complement form. */
  int(fieldNumber: number, value: number): this {
    this.key(fieldNumber, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** Writes a 32-bit IEEE 754 float field. */
  float(fieldNumber: number, value: number): this {
    this.key(fieldNumber, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  /** Writes a UTF-8 string field. */
  string(fieldNumber: number, value: string): this {
    return this.bytes(fieldNumber, textEncoder.encode(value));
  }

  /** Writes a bytes field (also used for nested messages and packed arrays). */
  bytes(fieldNumber: number, value: Uint8Array): this {
    this.key(fieldNumber, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  /** Writes a nested message field. */
  message(fieldNumber: number, nested: ProtoWriter): this {
    return this.bytes(fieldNumber, nested.finish());
  }

  /** Writes a packed `repeated int64` field. */
  packedInts(fieldNumber: number, values: readonly number[]): this {
    const packed = new ProtoWriter();
    for (const value of values) packed.varint(value);
    return this.bytes(fieldNumber, packed.finish());
  }

  /** Writes a packed `repeated float` field. */
  packedFloats(fieldNumber: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    return this.bytes(fieldNumber, bytes);
  }

  /** Returns the encoded message. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private key(fieldNumber: number, wireType: number): void {
    this.varint(fieldNumber * 8 + wireType);
  }

  /** Writes a base-128 varint, least significant group first. Integers must be safe integers. */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`protobuf varint: ${value} is not a safe integer`);
    }
    let remaining = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (remaining >= 0x80n) {
      bytes.push(Number(remaining & 0x7fn) | 0x80);
      remaining >>= 7n;
    }
    bytes.push(Number(remaining));
    this.push(Uint8Array.from(bytes));
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
}
