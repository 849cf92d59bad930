import { createHash } from 'node:crypto';
import type { TensorSource } from './types.ts';

/** Everything a direction depends on. Two inputs with the same key give the same direction. */
export interface DirectionKeyInput {
  /** Hash of the weights that reach the residual stream at the layer (see hashWeightsUpToLayer). */
  readonly weightsHash: string;
  /** Raw prompt texts, in order. */
  readonly prompts: readonly string[];
  /** The chat template source the prompts were rendered with. */
  readonly chatTemplate: string;
  /** Token ids of each rendered prompt; they also cover the tokenizer and the generation prompt. */
  readonly tokenIds: readonly Int32Array[];
  /** Number of decoder layers run (L). */
  readonly layer: number;
  /** Token position read, negative from the end. */
  readonly position: number;
}

const KEY_FORMAT = 'realign-direction-v1';

/** Returns a sha256 hex key over every field of the input, length-prefixed so fields cannot run together. */
export function directionCacheKey(input: DirectionKeyInput): string {
  const hash = createHash('sha256');
  const text = (value: string) => {
    const bytes = Buffer.from(value, 'utf8');
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };

  text(KEY_FORMAT);
  text(input.weightsHash);
  text(`layer=${input.layer};position=${input.position};prompts=${input.prompts.length}`);
  input.prompts.forEach(text);
  text(input.chatTemplate);
  for (const ids of input.tokenIds) {
    hash.update(`${ids.length}:`);
    hash.update(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
  }
  return hash.digest('hex');
}

/**
 * Hashes the name, shape and fp32 values of every tensor that can influence the residual stream
 * after decoder layer `layer`: all tensors except decoder layers at or above `layer`, the final
 * norm and the LM head. Tensors are read one at a time.
 *
 * NOTE: this reads every hashed tensor from disk, which for a 7B model is several GB; the cost is
 * paid once per direction and is small next to the forward passes it saves.
 */
export async function hashWeightsUpToLayer(source: TensorSource, layer: number): Promise<string> {
  const hash = createHash('sha256');
  const names = source
    .names()
    .filter((name) => influencesLayer(name, layer))
    .sort();

  for (const name of names) {
    const values = await source.read(name);
    hash.update(`${name}:${source.shape(name).join('x')}:`);
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}

const DECODER_LAYER = /^model\.layers\.(\d+)\./;

function influencesLayer(name: string, layer: number): boolean {
  const match = DECODER_LAYER.exec(name);
  if (match !== null) return Number(match[1]) < layer;
  return !name.startsWith('lm_head.') && !name.startsWith('model.norm.');
}
