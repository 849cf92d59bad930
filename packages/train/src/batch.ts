import { TrainConfigError } from './errors.ts';

/** Target id the loss skips (prompt and padding positions), as in PyTorch's cross_entropy. */
export const IGNORE_INDEX = -100;

/** One chat example as token ids: the rendered prompt (ending with the assistant header) and the reply. */
export interface TokenizedExample {
  promptIds: readonly number[];
  /** Reply ids including the end-of-turn token, so the model learns to stop. */
  responseIds: readonly number[];
}

/** A right-padded causal-LM batch: targets are the inputs shifted left by one, masked outside replies. */
export interface TrainBatch {
  batchSize: number;
  seqLength: number;
  /** [batchSize, seqLength] token ids. */
  inputIds: Int32Array;
  /** [batchSize * seqLength] next-token ids, IGNORE_INDEX where no loss is taken. */
  targets: Int32Array;
  /** Number of targets that count towards the loss. */
  targetCount: number;
}

export interface BatchOptions {
  padId: number;
  /** Maximum tokens per example (prompt + reply); longer replies are cut at the end. */
  maxLength: number;
}

/**
 * Packs examples into one batch padded to the longest example. Position t predicts token t + 1, and its
 * target is kept only when token t + 1 belongs to the reply, so the loss covers reply tokens only.
 * Right padding needs no attention mask: causal attention never lets a real token see a later pad.
 */
export function buildBatch(examples: readonly TokenizedExample[], options: BatchOptions): TrainBatch {
  if (examples.length === 0) throw new TrainConfigError('buildBatch: no examples; pass at least one');

  const sequences = examples.map((example, index) => joinExample(example, index, options.maxLength));
  const seqLength = Math.max(...sequences.map((sequence) => sequence.ids.length - 1));
  const inputIds = new Int32Array(examples.length * seqLength).fill(options.padId);
  const targets = new Int32Array(examples.length * seqLength).fill(IGNORE_INDEX);
  let targetCount = 0;

  sequences.forEach(({ ids, replyStart }, row) => {
    const offset = row * seqLength;
    for (let t = 0; t + 1 < ids.length; t++) {
      inputIds[offset + t] = ids[t];
      if (t + 1 >= replyStart) {
        targets[offset + t] = ids[t + 1];
        targetCount += 1;
      }
    }
  });

  return { batchSize: examples.length, seqLength, inputIds, targets, targetCount };
}

function joinExample(example: TokenizedExample, index: number, maxLength: number): { ids: number[]; replyStart: number } {
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
