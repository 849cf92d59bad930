import { beforeAll, describe, expect, it } from 'vitest';
import { backward, cosineSimilarity, initBackend, mean } from '@realign/tensor';
import { loadModel } from '../src/index.ts';
import { FIXTURES, loadReference, relativeError, sequenceRows } from './fixtures.ts';

const TOLERANCE = 1e-4;
const NAMES = ['llama-gqa', 'qwen2-tied', 'mistral-bf16-sharded', 'gemma', 'gemma2'];

beforeAll(async () => {
  await initBackend({ engine: (process.env.REALIGN_TEST_ENGINE as 'js' | 'ort' | undefined) ?? 'js' });
});

describe.each(NAMES)('conformance %s', (name) => {
  it('logits and hidden states match the reference', async () => {
    const { meta, tensors } = await loadReference(name);
    const model = await loadModel(FIXTURES + name);
    const layers = Array.from({ length: model.numLayers + 1 }, (_, i) => i);
    const out = model.forward(meta.sequences, { hiddenStateLayers: layers });

    meta.sequences.forEach((_, b) => {
      const logits = sequenceRows(out.logits!, b, out.padding[b]);
      expect(relativeError(logits, tensors.get(`logits.${b}`)!.data), `logits.${b}`).toBeLessThan(TOLERANCE);
      for (const layer of layers) {
        const state = sequenceRows(out.hiddenStates.get(layer)!, b, out.padding[b]);
        expect(
          relativeError(state, tensors.get(`hidden.${b}.${layer}`)!.data),
          `hidden.${b}.${layer}`,
        ).toBeLessThan(TOLERANCE);
      }
    });
  });

  it('gradients of the realign loss match the reference', async () => {
    const { meta, tensors } = await loadReference(name);
    const model = await loadModel(FIXTURES + name, {
      numLayers: meta.loss_layer,
      requiresGrad: (n) => n.includes('.layers.'),
    });
    const direction = tensors.get('direction')!;
    const state = mean(model.lastTokenHiddenState(meta.sequences, meta.loss_layer), [0]);
    const loss = cosineSimilarity(state, direction);
    backward(loss, Float32Array.of(-1));

    expect(Math.abs(-loss.item() - tensors.get('loss')!.item())).toBeLessThan(1e-5);
    const gradNames = [...tensors.keys()].filter((n) => n.startsWith('grad.'));
    expect(gradNames.length).toBeGreaterThan(0);
    for (const gradName of gradNames) {
      const parameter = model.parameters.get(gradName.slice('grad.'.length))!;
      expect(relativeError(parameter.grad!, tensors.get(gradName)!.data), gradName).toBeLessThan(TOLERANCE);
    }
  });

  it('greedy generation matches the reference', async () => {
    const { meta } = await loadReference(name);
    const model = await loadModel(FIXTURES + name);
    expect(model.stopTokenIds).toEqual(meta.stop_token_ids);
    const results = model.generate(meta.sequences, { maxNewTokens: meta.max_new_tokens });
    expect(results.map((r) => ({ token_ids: r.tokenIds, finish_reason: r.finishReason }))).toEqual(
      meta.generated,
    );
  });
});
