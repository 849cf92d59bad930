import { initBackend } from '@realign/tensor';
import { signAgreementMask, selectLargest, signAgreementTopK } from '@realign/selection';
import { beforeAll, describe, expect, it } from 'vitest';
import { directionLossBackward } from '@realign/direction';
import {
  RestoreState,
  countDecoderParameters,
  countPerLayer,
  descentRestorer,
  eligibleTensorNames,
  getRestorer,
  prepareEligibleParameters,
  type RestoreStepContext,
} from '../src/index.ts';
import {
  ToyDecoder,
  createToyCheckpoint,
  memorySource,
  perturbCheckpoint,
} from '../../direction/test/support/toy-decoder.ts';
import { VectorModel, sourceOf } from './vector-model.ts';

beforeAll(async () => {
  await initBackend({ engine: 'js' });
});

const BIAS = 'model.layers.0.mlp.down_proj.bias';

describe('eligibleTensorNames', () => {
  const names = [
    'model.embed_tokens.weight',
    'model.layers.0.input_layernorm.weight',
    'model.layers.0.self_attn.q_proj.weight',
    'model.layers.0.self_attn.q_proj.bias',
    'model.layers.0.self_attn.q_norm.weight',
    'model.layers.1.pre_feedforward_layernorm.weight',
    'model.layers.1.mlp.gate_proj.weight',
    'model.layers.2.mlp.gate_proj.weight',
    'model.layers.10.mlp.gate_proj.weight',
    'model.norm.weight',
    'lm_head.weight',
  ];

  it('keeps weights and biases below the layer, no norms', () => {
    expect(eligibleTensorNames(names, 2)).toEqual([
      'model.layers.0.self_attn.q_proj.weight',
      'model.layers.0.self_attn.q_proj.bias',
      'model.layers.1.mlp.gate_proj.weight',
    ]);
  });

  it('counts all decoder-layer parameters with norms', () => {
    const shapes: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, [2, 3]]));

    // Eight decoder-layer tensors of six elements; embeddings, final norm and LM head excluded.
    expect(countDecoderParameters(names, (name) => shapes[name])).toBe(48);
  });
});

describe('RestoreState', () => {
  it('accumulates, marks and resets', () => {
    const state = new RestoreState(
      new Map([
        ['a', 3],
        ['b', 2],
      ]),
    );

    state.accumulate('a', Float32Array.from([1, 2, 3]));
    state.accumulate('a', Float32Array.from([0.5, 0, -3]));
    state.mark('a', Uint32Array.from([0, 2]), true);
    state.mark('b', Uint32Array.from([1]), true);
    state.mark('a', Uint32Array.from([2]), false);

    expect(Array.from(state.accumulated.get('a')!)).toEqual([1.5, 2, 0]);
    expect(state.restoredCount('a')).toBe(1);
    expect(state.totalRestored()).toBe(2);
    state.resetAccumulated();
    expect(Array.from(state.accumulated.get('a')!)).toEqual([0, 0, 0]);
    expect(() => state.accumulate('c', new Float32Array(1))).toThrow(/c is not an eligible tensor/);
  });
});

function vectorContext(
  model: VectorModel,
  aligned: number[],
  budget: number,
  promptCount: number,
): RestoreStepContext {
  const parameters = prepareEligibleParameters(model);
  return {
    model,
    parameters,
    aligned: sourceOf({ [BIAS]: aligned }),
    harmfulDirection: Float32Array.from([1, 1]),
    harmfulPrompts: Array.from({ length: promptCount }, () => Int32Array.from([0])),
    read: { batchSize: 1, position: -1 },
    budget,
    state: new RestoreState(new Map(parameters.map(({ name, tensor }) => [name, tensor.size]))),
    selection: signAgreementTopK,
  };
}

describe('descentRestorer', () => {
  it('restores the hand-computed candidate', async () => {
    // p = [1, 0], d = [1, 1]: cos = 1/sqrt(2), grad = -(d/sqrt(2) - p/sqrt(2)) = [0, -1/sqrt(2)].
    // The aligned value of element 0 equals p[0], so fp32 noise in its gradient cannot matter.
    const model = new VectorModel(BIAS, [1, 0]);
    const context = vectorContext(model, [1, 1], 1, 2);

    const result = await descentRestorer.step(context);

    expect(context.parameters.map(({ name }) => name)).toEqual([BIAS]);
    expect(result.loss).toBeCloseTo(-Math.SQRT1_2, 6);
    // Two single-prompt batches: the sum is twice the per-batch gradient.
    expect(context.state.accumulated.get(BIAS)![0]).toBeCloseTo(0, 6);
    expect(context.state.accumulated.get(BIAS)![1]).toBeCloseTo(-Math.SQRT2, 6);
    expect(result.candidateCount).toBe(1);
    expect(Array.from(result.restored[0])).toEqual([1]);
    expect(Array.from(model.parameter.data)).toEqual([1, 1]);
    expect(context.state.restoredCount(BIAS)).toBe(1);
  });

  it('carries the gradient sum into later steps', async () => {
    const model = new VectorModel(BIAS, [1, 0]);
    const context = vectorContext(model, [1, 1], 1, 1);

    await descentRestorer.step(context);
    // Now p = [1, 1] = d: this step's gradient is zero, only the carried sum remains.
    const second = await descentRestorer.step(context);

    expect(second.loss).toBeCloseTo(-1, 6);
    expect(context.state.accumulated.get(BIAS)![1]).toBeCloseTo(-Math.SQRT1_2, 6);
    expect(second.restoredCount).toBe(0);
  });

  it('leaves embeddings and norms alone', async () => {
    const model = new VectorModel(BIAS, [1, 0]);
    const context = vectorContext(model, [0, 1], 5, 1);

    await descentRestorer.step(context);

    expect(model.tensors().get('model.embed_tokens.weight')!.requiresGrad).toBe(false);
    expect(model.tensors().get('model.layers.0.input_layernorm.weight')!.grad).toBeNull();
    expect(Array.from(model.tensors().get('model.layers.0.input_layernorm.weight')!.data)).toEqual([1, 1]);
  });

  it('matches a brute-force step on the toy decoder', async () => {
    const shape = { vocab: 9, hidden: 6, intermediate: 8, layers: 3 };
    const aligned = createToyCheckpoint(11, shape);
    const finetuned = perturbCheckpoint(aligned, 12, 0.05);
    const prompts = [[1, 2], [3], [4, 5, 6], [7], [8, 2]].map((ids) => Int32Array.from(ids));
    const direction = Float32Array.from([1, -1, 0.5, 0, 2, -0.5]);
    const model = ToyDecoder.fromCheckpoint(finetuned, 2);
    const parameters = prepareEligibleParameters(model);
    const context: RestoreStepContext = {
      model,
      parameters,
      aligned: memorySource(aligned),
      harmfulDirection: direction,
      harmfulPrompts: prompts,
      read: { batchSize: 2, position: -1 },
      budget: 17,
      state: new RestoreState(new Map(parameters.map(({ name, tensor }) => [name, tensor.size]))),
      selection: signAgreementTopK,
    };

    // Reference: the same gradient from a separate copy, then masks and top-k computed directly.
    const reference = ToyDecoder.fromCheckpoint(finetuned, 2);
    const referenceParameters = prepareEligibleParameters(reference);
    directionLossBackward(reference, prompts, direction, { batchSize: 2, position: -1 });
    const sources = referenceParameters.map(({ name, tensor }) => ({
      values: tensor.grad!,
      mask: signAgreementMask(name, tensor.data, aligned.get(name)!.data, tensor.grad!).mask,
    }));
    const expected = selectLargest(sources, 17);

    const result = await descentRestorer.step(context);

    expect(parameters.map(({ name }) => name)).toEqual([
      'model.layers.0.mlp.up_proj.weight',
      'model.layers.0.mlp.up_proj.bias',
      'model.layers.0.mlp.down_proj.weight',
      'model.layers.1.mlp.up_proj.weight',
      'model.layers.1.mlp.up_proj.bias',
      'model.layers.1.mlp.down_proj.weight',
    ]);
    expect(result.restoredCount).toBe(17);
    expect(result.restored.map((indices) => Array.from(indices))).toEqual(
      expected.map((indices) => Array.from(indices)),
    );
    expect(countPerLayer(parameters, result.restored, 2).reduce((a, b) => a + b)).toBe(17);
    for (const [i, { name, tensor }] of parameters.entries()) {
      const chosen = new Set(result.restored[i]);
      tensor.data.forEach((value, j) => {
        const source = chosen.has(j) ? aligned : finetuned;
        expect(value, `${name}[${j}]`).toBe(source.get(name)!.data[j]);
      });
    }
  });

  it('sums gradients of consecutive steps exactly', async () => {
    const shape = { vocab: 9, hidden: 6, intermediate: 8, layers: 2 };
    const aligned = createToyCheckpoint(21, shape);
    const finetuned = perturbCheckpoint(aligned, 22, 0.05);
    const prompts = [[1], [3], [5], [7]].map((ids) => Int32Array.from(ids));
    const direction = Float32Array.from([1, -1, 0.5, 0, 2, -0.5]);
    const gradientAt = (weights: Map<string, Float32Array>) => {
      const copy = ToyDecoder.fromCheckpoint(finetuned, 2);
      const copyParameters = prepareEligibleParameters(copy);
      for (const { name, tensor } of copyParameters) tensor.data.set(weights.get(name)!);
      directionLossBackward(copy, prompts, direction, { batchSize: 2, position: -1 });
      return new Map(copyParameters.map(({ name, tensor }) => [name, tensor.grad!]));
    };
    const model = ToyDecoder.fromCheckpoint(finetuned, 2);
    const parameters = prepareEligibleParameters(model);
    const snapshot = () => new Map(parameters.map(({ name, tensor }) => [name, tensor.data.slice()]));
    const context: RestoreStepContext = {
      model,
      parameters,
      aligned: memorySource(aligned),
      harmfulDirection: direction,
      harmfulPrompts: prompts,
      read: { batchSize: 2, position: -1 },
      budget: 9,
      state: new RestoreState(new Map(parameters.map(({ name, tensor }) => [name, tensor.size]))),
      selection: signAgreementTopK,
    };

    const first = gradientAt(snapshot());
    await descentRestorer.step(context);
    const second = gradientAt(snapshot());
    await descentRestorer.step(context);

    for (const { name } of parameters) {
      const expected = first.get(name)!.map((value, i) => value + second.get(name)![i]);
      expect(Array.from(context.state.accumulated.get(name)!), name).toEqual(Array.from(expected));
    }
    expect(context.state.totalRestored()).toBe(18);
  });

  it('is listed in the registry', () => {
    expect(getRestorer('descent')).toBe(descentRestorer);
    expect(() => getRestorer('x')).toThrow(/known restorers: descent/);
  });
});
