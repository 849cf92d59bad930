import { TensorShapeError } from '../errors.ts';
import { formatShape, rejectEmpty } from '../shape.ts';
import { record } from '../tape.ts';
import { Tensor } from '../tensor.ts';

export interface CrossEntropyOptions {
  /** Targets equal to this are skipped and excluded from the mean. Default -100, as in PyTorch. */
  ignoreIndex?: number;
}

/** Mean over non-ignored rows of -log softmax(logits)[target]; logits [N, V], targets [N]. */
export function crossEntropy(logits: Tensor, targets: Int32Array, options: CrossEntropyOptions = {}): Tensor {
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (logits.rank !== 2 || targets.length !== logits.shape[0]) {
    throw new TensorShapeError(
      `crossEntropy: logits must be [N, V] with N = targets.length: logits ${formatShape(logits.shape)} vs targets [${targets.length}]`,
    );
  }
  rejectEmpty('crossEntropy', 'logits', logits.shape);
  const [rows, vocab] = logits.shape;
  let counted = 0;
  for (let r = 0; r < rows; r++) {
    if (targets[r] === ignoreIndex) continue;
    if (targets[r] < 0 || targets[r] >= vocab) {
      throw new TensorShapeError(
        `crossEntropy: target ${targets[r]} at row ${r} is out of range for V = ${vocab}`,
      );
    }
    counted++;
  }
  if (counted === 0) {
    throw new TensorShapeError(
      `crossEntropy: all ${rows} targets equal ignoreIndex ${ignoreIndex}; nothing to average`,
    );
  }

  const input = logits.data;
  const logSumExp = new Float64Array(rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (targets[r] === ignoreIndex) continue;
    const base = r * vocab;
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) max = Math.max(max, input[base + j]);
    let sum = 0;
    for (let j = 0; j < vocab; j++) sum += Math.exp(input[base + j] - max);
    logSumExp[r] = max + Math.log(sum);
    total += logSumExp[r] - input[base + targets[r]];
  }
  const out = new Tensor(new Float32Array([total / counted]), []);

  return record(out, 'crossEntropy', [logits], (g) => {
    // d loss / d logits = (softmax - onehot(target)) / counted on kept rows, 0 on ignored rows.
    const grad = new Float32Array(logits.size);
    const factor = g[0] / counted;
    for (let r = 0; r < rows; r++) {
      if (targets[r] === ignoreIndex) continue;
      const base = r * vocab;
      for (let j = 0; j < vocab; j++) grad[base + j] = Math.exp(input[base + j] - logSumExp[r]) * factor;
      grad[base + targets[r]] -= factor;
    }
    return [grad];
  });
}
