/**
 * Batched matrix product through the active kernel engine. Both the forward and the two input
 * gradients are single engine calls, so an accelerated engine speeds up training as well.
 */
import type { MatmulSpec } from '../engine.ts';
import { TensorShapeError } from '../errors.ts';
import { permute } from '../kernels/permute.ts';
import { sumToShape } from '../kernels/broadcast.ts';
import { getEngine } from '../settings.ts';
import { formatShape, rejectEmpty, sameShape, shapeSize } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * Returns op(a) @ op(b), where op transposes the last two axes when its option is set.
 * a is [...batch, m, k], or [...batch, k, m] with transposeA. b is [...batch, k, n], or
 * [...batch, n, k] with transposeB. b has a's batch dims or is one rank-2 matrix shared by every
 * batch entry.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  const spec = planMatmul(a, b, transposeA, transposeB);
  const batchShape = a.shape.slice(0, -2);
  const shape = [...batchShape, spec.m, spec.n];
  const out = new Tensor(getEngine().matmul(a.data, b.data, spec), shape);

  return record(out, 'matmul', [a, b], (g) => [
    a.requiresGrad ? gradA(g, b, spec) : null,
    b.requiresGrad ? gradB(g, a, spec) : null,
  ]);
}

function planMatmul(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): MatmulSpec {
  if (a.rank < 2 || b.rank < 2) {
    throw new TensorShapeError(
      `matmul: inputs need rank >= 2: a ${formatShape(a.shape)} vs b ${formatShape(b.shape)}`,
    );
  }
  rejectEmpty('matmul', 'a', a.shape);
  rejectEmpty('matmul', 'b', b.shape);
  const [rowsA, colsA] = a.shape.slice(-2);
  const [rowsB, colsB] = b.shape.slice(-2);
  const m = transposeA ? colsA : rowsA;
  const k = transposeA ? rowsA : colsA;
  const kB = transposeB ? colsB : rowsB;
  const n = transposeB ? rowsB : colsB;
  if (k !== kB) {
    throw new TensorShapeError(
      `matmul: inner dimensions differ: a ${formatShape(a.shape)} vs b ${formatShape(b.shape)}` +
        ` (transposeA ${transposeA}, transposeB ${transposeB})`,
    );
  }
  const broadcastB = b.rank === 2 && a.rank > 2;
  if (!broadcastB && !sameShape(a.shape.slice(0, -2), b.shape.slice(0, -2))) {
    throw new TensorShapeError(
      `matmul: batch dimensions differ: a ${formatShape(a.shape)} vs b ${formatShape(b.shape)};` +
        ' b must have the same batch dims as a or be rank 2',
    );
  }
  const batch = shapeSize(a.shape.slice(0, -2));
  return { batch, m, k, n, transposeA, transposeB, broadcastB };
}

/** Gradient of a as stored: g @ op(b)^T, or its transpose when a is stored transposed. */
function gradA(g: Float32Array, b: Tensor, spec: MatmulSpec): Float32Array {
  const { batch, m, k, n, transposeA, transposeB, broadcastB } = spec;
  const engine = getEngine();
  // d op(a) = g[m, n] @ op(b)^T[n, k]; op(b)^T is b itself when b is stored transposed.
  const gradOpA = engine.matmul(g, b.data, {
    batch,
    m,
    k: n,
    n: k,
    transposeA: false,
    transposeB: !transposeB,
    broadcastB,
  });
  return transposeA ? permute(gradOpA, [batch, m, k], [0, 2, 1]) : gradOpA;
}

/** Gradient of b as stored: op(a)^T @ g, or its transpose when b is stored transposed; summed when b is shared. */
function gradB(g: Float32Array, a: Tensor, spec: MatmulSpec): Float32Array {
  const { batch, m, k, n, transposeA, transposeB, broadcastB } = spec;
  const engine = getEngine();
  if (broadcastB && !transposeA) {
    // Stacking the batch into rows of a and g turns the sum over batch entries into one product.
    return transposeB
      ? engine.matmul(g, a.data, {
          batch: 1,
          m: n,
          k: batch * m,
          n: k,
          transposeA: true,
          transposeB: false,
          broadcastB: false,
        })
      : engine.matmul(a.data, g, {
          batch: 1,
          m: k,
          k: batch * m,
          n,
          transposeA: true,
          transposeB: false,
          broadcastB: false,
        });
  }
  // d op(b) = op(a)^T[k, m] @ g[m, n]; op(a)^T is a itself when a is stored transposed.
  const perEntry = transposeB
    ? engine.matmul(g, a.data, {
        batch,
        m: n,
        k: m,
        n: k,
        transposeA: true,
        transposeB: transposeA,
        broadcastB: false,
      })
    : engine.matmul(a.data, g, {
        batch,
        m: k,
        k: m,
        n,
        transposeA: !transposeA,
        transposeB: false,
        broadcastB: false,
      });
  if (!broadcastB) return perEntry;
  const stored = transposeB ? [n, k] : [k, n];
  return sumToShape(perEntry, [batch, ...stored], stored);
}
