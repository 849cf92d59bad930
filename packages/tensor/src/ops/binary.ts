/** Element-wise add, sub, mul and div with numpy broadcasting. */
import { sumToShape } from '../kernels/broadcast.ts';
import { binaryElementwise } from '../kernels/dispatch.ts';
import { broadcastShapes, sameShape } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

function asTensor(value: Tensor | number): Tensor {
  return typeof value === 'number' ? new Tensor(new Float32Array([value]), []) : value;
}

/** Sums an output-shaped gradient down to the shape of an input that was broadcast. */
function unbroadcast(
  grad: Float32Array,
  outShape: readonly number[],
  inputShape: readonly number[],
): Float32Array {
  return sameShape(outShape, inputShape) ? grad : sumToShape(grad, outShape, inputShape);
}

function negated(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = -values[i];
  return values;
}

export function add(a: Tensor, b: Tensor | number): Tensor {
  const right = asTensor(b);
  const shape = broadcastShapes('add', a.shape, right.shape);
  const out = new Tensor(binaryElementwise('add', a.data, a.shape, right.data, right.shape, shape), shape);

  return record(out, 'add', [a, right], (g) => [
    a.requiresGrad ? unbroadcast(g, shape, a.shape) : null,
    right.requiresGrad ? unbroadcast(g, shape, right.shape) : null,
  ]);
}

export function sub(a: Tensor, b: Tensor | number): Tensor {
  const right = asTensor(b);
  const shape = broadcastShapes('sub', a.shape, right.shape);
  const out = new Tensor(binaryElementwise('sub', a.data, a.shape, right.data, right.shape, shape), shape);

  return record(out, 'sub', [a, right], (g) => [
    a.requiresGrad ? unbroadcast(g, shape, a.shape) : null,
    right.requiresGrad ? negated(sumToShape(g, shape, right.shape)) : null,
  ]);
}

export function mul(a: Tensor, b: Tensor | number): Tensor {
  const right = asTensor(b);
  const shape = broadcastShapes('mul', a.shape, right.shape);
  const out = new Tensor(binaryElementwise('mul', a.data, a.shape, right.data, right.shape, shape), shape);

  return record(out, 'mul', [a, right], (g) => [
    a.requiresGrad
      ? unbroadcast(binaryElementwise('mul', g, shape, right.data, right.shape, shape), shape, a.shape)
      : null,
    right.requiresGrad
      ? unbroadcast(binaryElementwise('mul', g, shape, a.data, a.shape, shape), shape, right.shape)
      : null,
  ]);
}

export function div(a: Tensor, b: Tensor | number): Tensor {
  const right = asTensor(b);
  const shape = broadcastShapes('div', a.shape, right.shape);
  const out = new Tensor(binaryElementwise('div', a.data, a.shape, right.data, right.shape, shape), shape);

  return record(out, 'div', [a, right], (g) => {
    const gOverB = binaryElementwise('div', g, shape, right.data, right.shape, shape);
    let gradB: Float32Array | null = null;
    if (right.requiresGrad) {
      // d(a / b)/db = -(a / b) / b, so the contribution is -g * out / b.
      const scaled = binaryElementwise('mul', gOverB, shape, out.data, shape, shape);
      gradB = negated(unbroadcast(scaled, shape, right.shape));
    }
    return [a.requiresGrad ? unbroadcast(gOverB, shape, a.shape) : null, gradB];
  });
}
