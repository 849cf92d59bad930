import { describe, expect, it } from 'vitest';
import { attr, DataType, encodeModel, floatValue } from '../src/engines/ort/onnx-model.ts';
import { ProtoWriter } from '../src/engines/ort/protobuf.ts';
import { SyncSession } from '../src/engines/ort/session.ts';

describe('protobuf writer', () => {
  it('encodes varints least significant group first', () => {
    // 150 = 0b1_0010110: low group 0x16 with the continuation bit (0x96), then 0x01.
    expect(Array.from(new ProtoWriter().int(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
  });

  it('encodes negative ints as ten-byte varints', () => {
    const bytes = new ProtoWriter().int(3, -1).finish();

    expect(Array.from(bytes)).toEqual([0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('encodes strings and floats', () => {
    const bytes = new ProtoWriter().string(2, 'ab').float(5, 1).finish();

    // key 2|wire 2 = 0x12, length 2, 'a' 'b'; key 5|wire 5 = 0x2d, then 1.0f little-endian.
    expect(Array.from(bytes)).toEqual([0x12, 0x02, 0x61, 0x62, 0x2d, 0x00, 0x00, 0x80, 0x3f]);
  });

  it('encodes packed int64 arrays', () => {
    expect(Array.from(new ProtoWriter().packedInts(1, [1, 300]).finish())).toEqual([
      0x0a, 0x03, 0x01, 0xac, 0x02,
    ]);
  });

  it('rejects integers beyond 2^53', () => {
    expect(() => new ProtoWriter().int(1, 2 ** 60)).toThrow(/not a safe integer/);
  });
});

describe('onnx model encoding', () => {
  it('runs a graph with initializers, attributes and symbolic dims', () => {
    // y = Gemm(x, w, bias, transB=1, alpha=2) + Constant(0.5); reshape target comes from an int64 initializer.
    const bytes = encodeModel({
      graph: {
        name: 'encoding_check',
        nodes: [
          {
            opType: 'Gemm',
            inputs: ['x', 'w', 'bias'],
            outputs: ['g'],
            attributes: { transB: attr.int(1), alpha: attr.float(2) },
          },
          {
            opType: 'Constant',
            inputs: [],
            outputs: ['half'],
            attributes: { value: attr.tensor({ dataType: DataType.FLOAT, dims: [], values: [0.5] }) },
          },
          { opType: 'Add', inputs: ['g', 'half'], outputs: ['sum'] },
          { opType: 'Reshape', inputs: ['sum', 'flat_shape'], outputs: ['y'] },
        ],
        inputs: [floatValue('x', ['rows', 2])],
        outputs: [floatValue('y', ['size'])],
        initializers: [
          { name: 'w', dataType: DataType.FLOAT, dims: [3, 2], values: [1, 0, 0, 1, 1, 1] },
          { name: 'bias', dataType: DataType.FLOAT, dims: [3], values: [0, 10, 100] },
          { name: 'flat_shape', dataType: DataType.INT64, dims: [1], values: [-1] },
        ],
      },
      opsetImports: [{ domain: '', version: 17 }],
    });
    const session = new SyncSession('encoding_check', bytes, { threads: 1 });
    const y = new Float32Array(6);

    session.run(
      { x: { data: Float32Array.from([1, 2, 3, 4]), dims: [2, 2] } },
      { y: { data: y, dims: [6] } },
    );
    session.dispose();

    // Row [1, 2]: x @ w^T = [1, 2, 3], times 2 plus bias plus 0.5.
    expect(Array.from(y)).toEqual([2.5, 14.5, 106.5, 6.5, 18.5, 114.5]);
  });
});
