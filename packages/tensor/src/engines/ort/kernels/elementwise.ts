/**
 * Element-wise kernels: SiLU, GELU and softmax, whose JavaScript loops spend their time in Math.exp
 * and Math.tanh, forward and backward, and RMSNorm. ONNX Runtime's vectorised Sigmoid and Softmax
 * ran SiLU and softmax 10-30x faster than the loops on 2 threads (measured on the decoder layer's
 * activation sizes, about 0.3 M and 0.8 M floats).
 */
import { DataType, attr, floatValue, type Model, type Node, type TensorValue } from '../onnx-model.ts';

const STANDARD_OPSET = [{ domain: '', version: 17 }];

function scalar(name: string, value: number): TensorValue {
  return { name, dataType: DataType.FLOAT, dims: [], values: [value] };
}

/** Graph over flat buffers of symbolic length n. */
function flatModel(name: string, inputs: string[], nodes: Node[], initializers: TensorValue[] = []): Model {
  return {
    graph: {
      name,
      nodes,
      inputs: inputs.map((input) => floatValue(input, ['n'])),
      outputs: [floatValue('y', ['n'])],
      initializers,
    },
    opsetImports: STANDARD_OPSET,
  };
}

/** Graph over [rows, cols] buffers whose rows are softmax rows. */
function rowsModel(name: string, inputs: string[], nodes: Node[], initializers: TensorValue[] = []): Model {
  return {
    graph: {
      name,
      nodes,
      inputs: inputs.map((input) => floatValue(input, ['rows', 'cols'])),
      outputs: [floatValue('y', ['rows', 'cols'])],
      initializers,
    },
    opsetImports: STANDARD_OPSET,
  };
}

/** y = x * sigmoid(x). */
export function siluModel(): Model {
  return flatModel(
    'silu',
    ['x'],
    [
      { opType: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
      { opType: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
    ],
  );
}

/** y = g * s * (1 + x * (1 - s)) with s = sigmoid(x): the derivative of x * sigmoid(x) times g. */
export function siluBackwardModel(): Model {
  return flatModel(
    'silu_backward',
    ['x', 'g'],
    [
      { opType: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
      { opType: 'Sub', inputs: ['one', 's'], outputs: ['one_minus_s'] },
      { opType: 'Mul', inputs: ['x', 'one_minus_s'], outputs: ['x_one_minus_s'] },
      { opType: 'Add', inputs: ['x_one_minus_s', 'one'], outputs: ['slope_over_s'] },
      { opType: 'Mul', inputs: ['s', 'slope_over_s'], outputs: ['slope'] },
      { opType: 'Mul', inputs: ['g', 'slope'], outputs: ['y'] },
    ],
    [scalar('one', 1)],
  );
}

/** sqrt(2 / pi) and the cubic coefficient of the tanh approximation of GELU. */
const GELU_SCALE = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/**
 * Builds the tanh approximation of GELU from ORT's com.microsoft FastGelu, whose CPU kernel computes
 * 0.5 x (1 + tanh(x (0.044715 sqrt(2 / pi) x^2 + sqrt(2 / pi)))). On 0.8 M floats and 2 threads it
 * took about 0.8 ms, against 2.3 ms for standard ONNX Gelu (opset 20, approximate 'tanh') and 12 ms
 * for the JavaScript loop (onnxruntime-node 1.30, one run on a shared 2-vCPU x86-64 server).
 */
export function geluModel(): Model {
  return {
    ...flatModel(
      'gelu',
      ['x'],
      [{ opType: 'FastGelu', domain: 'com.microsoft', inputs: ['x'], outputs: ['y'] }],
    ),
    opsetImports: [...STANDARD_OPSET, { domain: 'com.microsoft', version: 1 }],
  };
}

/**
 * y = g * (0.5 (1 + t) + 0.5 x (1 - t^2) du/dx), the derivative of gelu(x) times g, where
 * u = sqrt(2 / pi) x (1 + 0.044715 x^2), t = tanh(u) and du/dx = sqrt(2 / pi) (1 + 3 * 0.044715 x^2).
 */
export function geluBackwardModel(): Model {
  return flatModel(
    'gelu_backward',
    ['x', 'g'],
    [
      { opType: 'Mul', inputs: ['x', 'x'], outputs: ['x_squared'] },
      { opType: 'Mul', inputs: ['x', 'scale'], outputs: ['scaled_x'] },
      { opType: 'Mul', inputs: ['x_squared', 'cubic'], outputs: ['cubic_term'] },
      { opType: 'Add', inputs: ['cubic_term', 'one'], outputs: ['u_over_scaled_x'] },
      { opType: 'Mul', inputs: ['scaled_x', 'u_over_scaled_x'], outputs: ['u'] },
      { opType: 'Tanh', inputs: ['u'], outputs: ['t'] },
      { opType: 'Mul', inputs: ['t', 't'], outputs: ['t_squared'] },
      { opType: 'Sub', inputs: ['one', 't_squared'], outputs: ['sech_squared'] },
      { opType: 'Mul', inputs: ['x_squared', 'three_cubic'], outputs: ['slope_term'] },
      { opType: 'Add', inputs: ['slope_term', 'one'], outputs: ['du_over_scale'] },
      { opType: 'Mul', inputs: ['scaled_x', 'du_over_scale'], outputs: ['x_du'] },
      { opType: 'Mul', inputs: ['x_du', 'sech_squared'], outputs: ['tanh_part'] },
      { opType: 'Add', inputs: ['tanh_part', 't'], outputs: ['tanh_part_plus_t'] },
      { opType: 'Add', inputs: ['tanh_part_plus_t', 'one'], outputs: ['twice_slope'] },
      { opType: 'Mul', inputs: ['twice_slope', 'half'], outputs: ['slope'] },
      { opType: 'Mul', inputs: ['g', 'slope'], outputs: ['y'] },
    ],
    [
      scalar('one', 1),
      scalar('half', 0.5),
      scalar('scale', GELU_SCALE),
      scalar('cubic', GELU_CUBIC),
      scalar('three_cubic', 3 * GELU_CUBIC),
    ],
  );
}

/** Softmax along each row (the last axis). */
export function softmaxModel(): Model {
  return rowsModel(
    'softmax',
    ['x'],
    [{ opType: 'Softmax', inputs: ['x'], outputs: ['y'], attributes: { axis: attr.int(-1) } }],
  );
}

/** y = p * (g - sum over the row of p * g), the softmax gradient expressed through its output p. */
export function softmaxBackwardModel(): Model {
  return rowsModel(
    'softmax_backward',
    ['p', 'g'],
    [
      { opType: 'Mul', inputs: ['p', 'g'], outputs: ['pg'] },
      {
        opType: 'ReduceSum',
        inputs: ['pg', 'last_axis'],
        outputs: ['row_sum'],
        attributes: { keepdims: attr.int(1) },
      },
      { opType: 'Sub', inputs: ['g', 'row_sum'], outputs: ['centred'] },
      { opType: 'Mul', inputs: ['p', 'centred'], outputs: ['y'] },
    ],
    [{ name: 'last_axis', dataType: DataType.INT64, dims: [1], values: [-1] }],
  );
}

/**
 * RMSNorm over rows of H: y = x * r * scale with r = 1 / sqrt(mean(x^2) + eps), also returning
 * r ([rows, 1]) for the backward. eps is a scalar input so one session serves every model.
 */
export function rmsNormModel(): Model {
  return {
    graph: {
      name: 'rms_norm',
      nodes: [
        { opType: 'Mul', inputs: ['x', 'x'], outputs: ['squares'] },
        {
          opType: 'ReduceMean',
          inputs: ['squares'],
          outputs: ['mean_square'],
          attributes: { axes: attr.ints([-1]), keepdims: attr.int(1) },
        },
        { opType: 'Add', inputs: ['mean_square', 'eps'], outputs: ['variance'] },
        { opType: 'Sqrt', inputs: ['variance'], outputs: ['rms'] },
        { opType: 'Reciprocal', inputs: ['rms'], outputs: ['inverse_rms'] },
        { opType: 'Mul', inputs: ['x', 'inverse_rms'], outputs: ['normalized'] },
        { opType: 'Mul', inputs: ['normalized', 'scale'], outputs: ['y'] },
      ],
      inputs: [floatValue('x', ['rows', 'hidden']), floatValue('scale', ['hidden']), floatValue('eps', [])],
      outputs: [floatValue('y', ['rows', 'hidden']), floatValue('inverse_rms', ['rows', 1])],
    },
    opsetImports: STANDARD_OPSET,
  };
}

/**
 * RMSNorm gradients. With n = x * r and d = g * scale: dx = r * (d - n * mean(d * n)) per row, and
 * dscale = sum over rows of g * n.
 */
export function rmsNormBackwardModel(): Model {
  return {
    graph: {
      name: 'rms_norm_backward',
      nodes: [
        { opType: 'Mul', inputs: ['x', 'inverse_rms'], outputs: ['normalized'] },
        { opType: 'Mul', inputs: ['g', 'scale'], outputs: ['scaled_grad'] },
        { opType: 'Mul', inputs: ['scaled_grad', 'normalized'], outputs: ['projection'] },
        {
          opType: 'ReduceMean',
          inputs: ['projection'],
          outputs: ['mean_projection'],
          attributes: { axes: attr.ints([-1]), keepdims: attr.int(1) },
        },
        { opType: 'Mul', inputs: ['normalized', 'mean_projection'], outputs: ['radial'] },
        { opType: 'Sub', inputs: ['scaled_grad', 'radial'], outputs: ['tangential'] },
        { opType: 'Mul', inputs: ['tangential', 'inverse_rms'], outputs: ['dx'] },
        { opType: 'Mul', inputs: ['g', 'normalized'], outputs: ['scale_terms'] },
        {
          opType: 'ReduceSum',
          inputs: ['scale_terms', 'row_axis'],
          outputs: ['dscale'],
          attributes: { keepdims: attr.int(0) },
        },
      ],
      inputs: [
        floatValue('x', ['rows', 'hidden']),
        floatValue('inverse_rms', ['rows', 1]),
        floatValue('scale', ['hidden']),
        floatValue('g', ['rows', 'hidden']),
      ],
      outputs: [floatValue('dx', ['rows', 'hidden']), floatValue('dscale', ['hidden'])],
      initializers: [{ name: 'row_axis', dataType: DataType.INT64, dims: [1], values: [0] }],
    },
    opsetImports: STANDARD_OPSET,
  };
}
