/**
 * A small decoder for tests, built from @realign/tensor ops, with Llama's tensor names:
 * each layer is h = h + down(silu(up(rmsNorm(h)) + b)) with `model.layers.<i>.mlp.up_proj`,
 * `.mlp.down_proj` and `post_attention_layernorm`. There is no attention, so the state at a
 * position depends on that token only, which keeps hand-checks short. Not product code.
 */
import { Rng, Tensor, add, embedding, matmul, rmsNorm, silu } from '@realign/tensor';

export interface StoredTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}
export type ToyCheckpoint = Map<string, StoredTensor>;

export interface ToyShape {
  readonly vocab: number;
  readonly hidden: number;
  readonly intermediate: number;
  readonly layers: number;
}

/** Creates seeded random weights with Llama-style names, including a final norm and LM head. */
export function createToyCheckpoint(seed: number, shape: ToyShape): ToyCheckpoint {
  const rng = new Rng(seed);
  const random = (dims: number[], std: number) => ({ shape: dims, data: Tensor.randn(dims, rng, std).data });
  const ones = (size: number) => ({ shape: [size], data: new Float32Array(size).fill(1) });

  const checkpoint: ToyCheckpoint = new Map();
  checkpoint.set('model.embed_tokens.weight', random([shape.vocab, shape.hidden], 1));
  for (let layer = 0; layer < shape.layers; layer++) {
    const prefix = `model.layers.${layer}`;
    checkpoint.set(`${prefix}.post_attention_layernorm.weight`, ones(shape.hidden));
    checkpoint.set(`${prefix}.mlp.up_proj.weight`, random([shape.intermediate, shape.hidden], 0.5));
    checkpoint.set(`${prefix}.mlp.up_proj.bias`, random([shape.intermediate], 0.1));
    checkpoint.set(`${prefix}.mlp.down_proj.weight`, random([shape.hidden, shape.intermediate], 0.5));
  }
  checkpoint.set('model.norm.weight', ones(shape.hidden));
  checkpoint.set('lm_head.weight', random([shape.vocab, shape.hidden], 0.5));
  return checkpoint;
}

/** Returns a copy with Gaussian noise of standard deviation `std` added to every tensor. */
export function perturbCheckpoint(checkpoint: ToyCheckpoint, seed: number, std: number): ToyCheckpoint {
  const rng = new Rng(seed);
  return new Map(
    [...checkpoint].map(([name, { shape, data }]) => [
      name,
      { shape, data: data.map((value) => value + rng.normal() * std) },
    ]),
  );
}

/** A TensorSource over an in-memory checkpoint; each read returns a fresh copy and is counted. */
export function memorySource(checkpoint: ToyCheckpoint) {
  const reads = new Map<string, number>();
  return {
    reads,
    names: () => [...checkpoint.keys()],
    shape: (name: string) => lookup(checkpoint, name).shape,
    read: async (name: string) => {
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return lookup(checkpoint, name).data.slice();
    },
  };
}

function lookup(checkpoint: ToyCheckpoint, name: string): StoredTensor {
  const tensor = checkpoint.get(name);
  if (tensor === undefined) throw new Error(`toy checkpoint has no tensor ${name}`);
  return tensor;
}

/** The toy decoder truncated to its first `layerCount` layers. */
export class ToyDecoder {
  private constructor(
    readonly layerCount: number,
    private readonly named: Map<string, Tensor>,
  ) {}

  static fromCheckpoint(checkpoint: ToyCheckpoint, layerCount: number): ToyDecoder {
    const named = new Map<string, Tensor>();
    for (const [name, { shape, data }] of checkpoint) {
      const layer = /^model\.layers\.(\d+)\./.exec(name);
      const keep = layer !== null ? Number(layer[1]) < layerCount : name === 'model.embed_tokens.weight';
      if (keep) named.set(name, new Tensor(data.slice(), shape));
    }
    return new ToyDecoder(layerCount, named);
  }

  tensors(): ReadonlyMap<string, Tensor> {
    return this.named;
  }

  hiddenStates(prompts: readonly Int32Array[], position: number): Tensor {
    const ids = Int32Array.from(
      prompts,
      (prompt) => prompt[position < 0 ? prompt.length + position : position],
    );
    let hidden = embedding(this.get('model.embed_tokens.weight'), ids, [ids.length]);

    for (let layer = 0; layer < this.layerCount; layer++) {
      const prefix = `model.layers.${layer}`;
      const normed = rmsNorm(hidden, this.get(`${prefix}.post_attention_layernorm.weight`), 1e-6);
      const up = add(
        matmul(normed, this.get(`${prefix}.mlp.up_proj.weight`), { transposeB: true }),
        this.get(`${prefix}.mlp.up_proj.bias`),
      );
      hidden = add(
        hidden,
        matmul(silu(up), this.get(`${prefix}.mlp.down_proj.weight`), { transposeB: true }),
      );
    }
    return hidden;
  }

  private get(name: string): Tensor {
    const tensor = this.named.get(name);
    if (tensor === undefined) throw new Error(`toy decoder has no tensor ${name}`);
    return tensor;
  }
}
