import { TrainConfigError } from './errors.ts';

/** Target id the loss skips (prompt and padding positions), as in PyTorch's cross_entropy. */
export const IGNORE_INDEX = -100;

/** One chat example as token ids: the rendered prompt (ending with the assistant header) and the reply. */
export interface TokenizedExample {
  promptIds: readonly number[];
  /** Reply ids including the end-of-turn token, so the model learns to stop. */
  responseIds: readonly number[];
}

/**
 * A causal-LM batch in the decoder's layout: sequences are padded on the LEFT to seqLength, so the
 * token at index t of sequence b sits in slot padding[b] + t.
 */
export interface TrainBatch {
  batchSize: number;
  seqLength: number;
  /** Input sequences (each example without its last token), unpadded; the decoder pads them. */
  sequences: number[][];
  /** [batchSize * seqLength] next-token ids by slot, IGNORE_INDEX where no loss is taken. */
  targets: Int32Array;
  /** Number of targets that count towards the loss. */
  targetCount: number;
}

export interface BatchOptions {
  /** Maximum tokens per example (prompt + reply); longer replies are cut at the end. */
  maxLength: number;
}

/**
 * Packs examples into one batch. Token t predicts token t + 1, and that target is kept only when
 * token t + 1 belongs to the reply, so the loss covers reply tokens only. Padding slots get
 * IGNORE_INDEX and the decoder masks them out of attention.
 */
export function buildBatch(examples: readonly TokenizedExample[], options: BatchOptions): TrainBatch {
  if (examples.length === 0) throw new TrainConfigError('buildBatch: no examples; pass at least one');

  const joined = examples.map((example, index) => joinExample(example, index, options.maxLength));
  const seqLength = Math.max(...joined.map(({ ids }) => ids.length - 1));
  const targets = new Int32Array(examples.length * seqLength).fill(IGNORE_INDEX);
  let targetCount = 0;

  joined.forEach(({ ids, replyStart }, row) => {
    const padding = seqLength - (ids.length - 1);
    const offset = row * seqLength + padding;
    for (let t = replyStart - 1; t + 1 < ids.length; t++) {
      targets[offset + t] = ids[t + 1];
      targetCount += 1;
    }
  });

  const sequences = joined.map(({ ids }) => ids.slice(0, -1));
  return { batchSize: examples.length, seqLength, sequences, targets, targetCount };
}

function joinExample(
  example: TokenizedExample,
  index: number,
  maxLength: number,
): { ids: number[]; replyStart: number } {
  const replyStart = example.promptIds.length;
  if (replyStart === 0 || example.responseIds.length === 0) {
    throw new TrainConfigError(`buildBatch: example ${index} has an empty prompt or reply; both need tokens`);
  }
  if (replyStart >= maxLength) {
    throw new TrainConfigError(
      `buildBatch: example ${index} has a ${replyStart}-token prompt, which leaves no room for its reply within maxLength ${maxLength}`,
    );
  }

  const ids = [...example.promptIds, ...example.responseIds].slice(0, maxLength);
  return { ids, replyStart };
}
