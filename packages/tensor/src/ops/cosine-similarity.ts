import { expandTo, sumToShape } from '../kernels/broadcast.ts';
import { broadcastShapes, normalizeAxis, rejectEmpty, sameShape, splitAtAxis } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

/**
 * Cosine similarity along `axis`, which is reduced: a . b / (max(|a|, eps) * max(|b|, eps)), the
 * formula PyTorch's cosine_similarity documents. a and b broadcast against each other.
 */
export function cosineSimilarity(a: Tensor, b: Tensor, axis = -1, eps = 1e-8): Tensor {
  const shape = broadcastShapes('cosineSimilarity', a.shape, b.shape);
  const resolved = normalizeAxis('cosineSimilarity', axis, shape.length);
  rejectEmpty('cosineSimilarity', 'input', shape);
  const left = sameShape(a.shape, shape) ? a.data : expandTo(a.data, a.shape, shape);
  const right = sameShape(b.shape, shape) ? b.data : expandTo(b.data, b.shape, shape);
  const [outer, length, inner] = splitAtAxis(shape, resolved);
  const count = outer * inner;
  const similarity = new Float32Array(count);
  const normA = new Float64Array(count);
  const normB = new Float64Array(count);

  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      let dot = 0;
      let squaresA = 0;
      let squaresB = 0;
      for (let j = 0; j < length; j++) {
        const x = left[base + j * inner];
        const y = right[base + j * inner];
        dot += x * y;
        squaresA += x * x;
        squaresB += y * y;
      }
      const slot = o * inner + i;
      normA[slot] = Math.sqrt(squaresA);
      normB[slot] = Math.sqrt(squaresB);
      similarity[slot] = dot / (Math.max(normA[slot], eps) * Math.max(normB[slot], eps));
    }
  }
  const outShape = shape.filter((_, ax) => ax !== resolved);

  return record(new Tensor(similarity, outShape), 'cosineSimilarity', [a, b], (g) => {
    const gradA = new Float32Array(a.requiresGrad ? left.length : 0);
    const gradB = new Float32Array(b.requiresGrad ? right.length : 0);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const slot = o * inner + i;
        const clampedA = Math.max(normA[slot], eps);
        const clampedB = Math.max(normB[slot], eps);
        const scale = g[slot] / (clampedA * clampedB);
        // A clamped norm is a constant, so its term drops out of the gradient.
        const selfA = normA[slot] > eps ? (g[slot] * similarity[slot]) / (clampedA * clampedA) : 0;
        const selfB = normB[slot] > eps ? (g[slot] * similarity[slot]) / (clampedB * clampedB) : 0;
        const base = o * length * inner + i;
        for (let j = 0; j < length; j++) {
          const at = base + j * inner;
          if (gradA.length > 0) gradA[at] = scale * right[at] - selfA * left[at];
          if (gradB.length > 0) gradB[at] = scale * left[at] - selfB * right[at];
        }
      }
    }
    return [
      a.requiresGrad ? (sameShape(a.shape, shape) ? gradA : sumToShape(gradA, shape, a.shape)) : null,
      b.requiresGrad ? (sameShape(b.shape, shape) ? gradB : sumToShape(gradB, shape, b.shape)) : null,
    ];
  });
}
