/**
 * Plain-object descriptions of ONNX models and their protobuf encoding, so every kernel graph is
 * written as readable TypeScript. Field numbers follow onnx/onnx.proto (ONNX 1.x, proto2 syntax).
 */
import { ProtoWriter } from './protobuf.ts';

/** TensorProto.DataType values used by the kernels. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

/** A dimension: a fixed size, or a symbolic name (dim_param) that ONNX Runtime binds per run. */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  elemType: DataType;
  shape: readonly Dim[];
}

/** A constant tensor (initializer or Constant attribute); `values` are floats or int64s by dataType. */
export interface TensorValue {
  name?: string;
  dataType: DataType;
  dims: readonly number[];
  values: ArrayLike<number>;
}

export type Attribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: TensorValue }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'ints'; value: readonly number[] };

export interface Node {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Operator set domain; '' (the default) is standard ONNX, 'com.microsoft' contains ORT's contrib ops. */
  domain?: string;
  attributes?: Readonly<Record<string, Attribute>>;
}

export interface Graph {
  name: string;
  nodes: readonly Node[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  initializers?: readonly TensorValue[];
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface Model {
  graph: Graph;
  opsetImports: readonly OpsetImport[];
}

/** ONNX IR version 8 (ONNX 1.10+); every ONNX Runtime release since 1.10 loads it. */
const IR_VERSION = 8;

/** AttributeProto.AttributeType values. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

/** Builders for node attributes, so a graph reads `{ transA: attr.int(1) }`. */
export const attr = {
  float: (value: number): Attribute => ({ type: 'float', value }),
  int: (value: number): Attribute => ({ type: 'int', value }),
  string: (value: string): Attribute => ({ type: 'string', value }),
  tensor: (value: TensorValue): Attribute => ({ type: 'tensor', value }),
  floats: (value: readonly number[]): Attribute => ({ type: 'floats', value }),
  ints: (value: readonly number[]): Attribute => ({ type: 'ints', value }),
};

/** Describes a float32 graph input or output. */
export function floatValue(name: string, shape: readonly Dim[]): ValueInfo {
  return { name, elemType: DataType.FLOAT, shape };
}

/** Encodes a model as ONNX ModelProto bytes, ready for an InferenceSession. */
export function encodeModel(model: Model): Uint8Array {
  const writer = new ProtoWriter().int(1, IR_VERSION).string(2, 'realign');
  writer.message(7, encodeGraph(model.graph));
  for (const opset of model.opsetImports) {
    writer.message(8, new ProtoWriter().string(1, opset.domain).int(2, opset.version));
  }
  return writer.finish();
}

const encodedModels = new Map<string, Uint8Array>();

/** Returns the bytes of the model `build` describes, encoding it once per process per `name`. */
export function encodeModelOnce(name: string, build: () => Model): Uint8Array {
  let bytes = encodedModels.get(name);
  if (bytes === undefined) {
    bytes = encodeModel(build());
    encodedModels.set(name, bytes);
  }
  return bytes;
}

function encodeGraph(graph: Graph): ProtoWriter {
  const writer = new ProtoWriter();
  for (const node of graph.nodes) writer.message(1, encodeNode(node));
  writer.string(2, graph.name);
  for (const tensor of graph.initializers ?? []) writer.message(5, encodeTensor(tensor));
  for (const input of graph.inputs) writer.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) writer.message(12, encodeValueInfo(output));
  return writer;
}

function encodeNode(node: Node): ProtoWriter {
  const writer = new ProtoWriter();
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  writer.string(4, node.opType);
  for (const [name, attribute] of Object.entries(node.attributes ?? {})) {
    writer.message(5, encodeAttribute(name, attribute));
  }
  if (node.domain) writer.string(7, node.domain);
  return writer;
}

function encodeAttribute(name: string, attribute: Attribute): ProtoWriter {
  const writer = new ProtoWriter().string(1, name).int(20, ATTRIBUTE_TYPE[attribute.type]);
  switch (attribute.type) {
    case 'float':
      return writer.float(2, attribute.value);
    case 'int':
      return writer.int(3, attribute.value);
    case 'string':
      return writer.string(4, attribute.value);
    case 'tensor':
      return writer.message(5, encodeTensor(attribute.value));
    case 'floats':
      return writer.packedFloats(7, attribute.value);
    case 'ints':
      return writer.packedInts(8, attribute.value);
  }
}

function encodeTensor(tensor: TensorValue): ProtoWriter {
  const writer = new ProtoWriter().packedInts(1, tensor.dims).int(2, tensor.dataType);
  if (tensor.dataType === DataType.FLOAT) {
    writer.packedFloats(4, tensor.values);
  } else if (tensor.dataType === DataType.INT32) {
    writer.packedInts(5, Array.from(tensor.values));
  } else {
    writer.packedInts(7, Array.from(tensor.values));
  }
  if (tensor.name !== undefined) writer.string(8, tensor.name);
  return writer;
}

/** Encodes ValueInfoProto { name, type: TypeProto { tensor_type { elem_type, shape } } }. */
function encodeValueInfo(value: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of value.shape) {
    const dimension =
      typeof dim === 'number' ? new ProtoWriter().int(1, dim) : new ProtoWriter().string(2, dim);
    shape.message(1, dimension);
  }
  const tensorType = new ProtoWriter().int(1, value.elemType).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, value.name).message(2, type);
}
