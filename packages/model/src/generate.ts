import { noGrad, slice, type Tensor } from '@realign/tensor';
import { padLeft, type PaddedBatch } from './batch.ts';
import type { DecoderModel, KvCache } from './model.ts';

export interface GenerateOptions {
  /** Maximum number of new tokens per prompt. */
  maxNewTokens: number;
  /** Tokens that end a sequence. Default: the model's stopTokenIds (generation_config.json). */
  stopTokenIds?: readonly number[];
}

export interface GenerateResult {
  /** New tokens, without the prompt and without the stop token. */
  tokenIds: number[];
  /** 'stop' when a stop token ended the sequence, 'length' when maxNewTokens did. */
  finishReason: 'stop' | 'length';
}

/** Index of the largest of the V values in row `row` of logits [B, 1, V]; ties go to the lowest id. */
function argmaxRow(logits: Tensor, row: number): number {
  const vocab = logits.shape[2];
  const data = logits.data;
  let best = 0;
  for (let v = 1; v < vocab; v++) {
    if (data[row * vocab + v] > data[row * vocab + best]) best = v;
  }
  return best;
}

/** Builds a batch of one new slot per sequence, placed after `pastLength` slots of a left-padded batch. */
function nextStep(tokens: number[], padding: readonly number[], pastLength: number): PaddedBatch {
  return {
    batch: tokens.length,
    length: 1,
    ids: Int32Array.from(tokens),
    positions: Int32Array.from(padding, (pad) => pastLength - pad),
    padding: [...padding],
  };
}

/**
 * Greedy decoding with a key/value cache. All prompts run as one left-padded batch; a finished
 * sequence keeps running (its tokens are ignored) until all are finished or maxNewTokens is reached.
 */
export function generateGreedy(
  model: DecoderModel,
  prompts: readonly (readonly number[])[],
  options: GenerateOptions,
): GenerateResult[] {
  if (model.isTruncated) throw new RangeError('generate: the model is truncated and has no LM head');
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 0) {
    throw new RangeError(`generate: maxNewTokens must be an integer >= 0 (found ${options.maxNewTokens})`);
  }
  const stops = new Set(options.stopTokenIds ?? model.stopTokenIds);
  const results: GenerateResult[] = prompts.map(() => ({ tokenIds: [], finishReason: 'length' }));
  if (options.maxNewTokens === 0) return results;

  return noGrad(() => {
    const prompt = padLeft(prompts);
    let { hidden, cache } = model.runLayers(prompt, model.numLayers, null);
    let pastLength = prompt.length;
    const done = prompts.map(() => false);

    for (let step = 0; step < options.maxNewTokens; step++) {
      const last = hidden.shape[1] - 1;
      const logits = model.logits(slice(hidden, 1, last, last + 1));
      const tokens = prompts.map((_, b) => argmaxRow(logits, b));
      tokens.forEach((token, b) => {
        if (done[b]) return;
        if (stops.has(token)) {
          done[b] = true;
          results[b].finishReason = 'stop';
        } else {
          results[b].tokenIds.push(token);
        }
      });
      if (done.every(Boolean) || step === options.maxNewTokens - 1) break;

      ({ hidden, cache } = extend(model, nextStep(tokens, prompt.padding, pastLength), cache));
      pastLength += 1;
    }
    return results;
  });
}

function extend(model: DecoderModel, step: PaddedBatch, cache: KvCache): { hidden: Tensor; cache: KvCache } {
  return model.runLayers(step, model.numLayers, cache);
}
