import { TensorShapeError } from '../errors.ts';
import { formatShape, rejectEmpty } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/**
 * Rotary position embedding in the Hugging Face rotate_half convention:
 * y = x * cos + rotate_half(x) * sin with rotate_half([x1, x2]) = [-x2, x1] over the halves of D.
 * x is [B, heads, T, D]; cos and sin are [B, T, D] (or [1, T, D] / [T, D], shared by the batch)
 * and are treated as constants.
 */
export function rope(x: Tensor, cos: Tensor, sin: Tensor): Tensor {
  const { batch, heads, tokens, dim, tableStride } = checkShapes(x, cos, sin);
  const half = dim / 2;
  const c = cos.data;
  const s = sin.data;

  const rotate = (input: Float32Array, direction: 1 | -1): Float32Array => {
    // direction -1 applies the inverse rotation (the transpose), which is the backward.
    const out = new Float32Array(input.length);
    const sinFirst = direction === 1 ? 0 : half;
    const sinSecond = direction === 1 ? half : 0;
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        for (let t = 0; t < tokens; t++) {
          const row = ((b * heads + h) * tokens + t) * dim;
          const table = b * tableStride + t * dim;
          for (let j = 0; j < half; j++) {
            const x1 = input[row + j];
            const x2 = input[row + j + half];
            out[row + j] = x1 * c[table + j] - direction * x2 * s[table + j + sinFirst];
            out[row + j + half] = x2 * c[table + j + half] + direction * x1 * s[table + j + sinSecond];
          }
        }
      }
    }
    return out;
  };

  return record(new Tensor(rotate(x.data, 1), x.shape), 'rope', [x], (g) => [rotate(g, -1)]);
}

function checkShapes(x: Tensor, cos: Tensor, sin: Tensor) {
  const describe = () =>
    `x ${formatShape(x.shape)}, cos ${formatShape(cos.shape)}, sin ${formatShape(sin.shape)}`;
  if (x.rank !== 4) throw new TensorShapeError(`rope: x must be [B, heads, T, D]; got ${describe()}`);
  rejectEmpty('rope', 'x', x.shape);
  const [batch, heads, tokens, dim] = x.shape;
  if (dim % 2 !== 0) throw new TensorShapeError(`rope: head dimension D must be even; got ${describe()}`);
  const sameTables = cos.shape.length === sin.shape.length && cos.shape.every((d, i) => d === sin.shape[i]);
  const table = cos.shape;
  const fits =
    sameTables &&
    table[table.length - 1] === dim &&
    table[table.length - 2] === tokens &&
    (table.length === 2 || (table.length === 3 && (table[0] === batch || table[0] === 1)));
  if (!fits) {
    throw new TensorShapeError(`rope: cos and sin must be [B, T, D], [1, T, D] or [T, D]; got ${describe()}`);
  }
  const tableStride = table.length === 3 && table[0] === batch && batch > 1 ? tokens * dim : 0;
  return { batch, heads, tokens, dim, tableStride };
}
