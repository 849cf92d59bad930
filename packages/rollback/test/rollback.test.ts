import { RestoreState, prepareEligibleParameters } from '@realign/restorer';
import { signAgreementTopK } from '@realign/selection';
import { initBackend } from '@realign/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { benignGradientRollback, getRollbackPolicy, type RollbackStepContext } from '../src/index.ts';
import { VectorModel, sourceOf } from '../../restorer/test/vector-model.ts';

const BIAS = 'model.layers.0.mlp.down_proj.bias';

beforeAll(async () => {
  await initBackend({ engine: 'js' });
});

function rollbackContext(
  finetuned: number[],
  ratio: number,
): { context: RollbackStepContext; model: VectorModel } {
  // p = [1, 2, 0.5] after a restore step that changed elements 0 and 1; d = [0, 0, 1].
  // grad of -cos(p, d) = -d/|p| + cos p/|p|^2 = [0.0416, 0.0831, -0.4157] (|p|^2 = 5.25).
  const model = new VectorModel(BIAS, [1, 2, 0.5]);
  const parameters = prepareEligibleParameters(model);
  const state = new RestoreState(new Map([[BIAS, 3]]));
  state.mark(BIAS, Uint32Array.from([0, 1]), true);
  const context: RollbackStepContext = {
    model,
    parameters,
    finetuned: sourceOf({ [BIAS]: finetuned }),
    benignDirection: Float32Array.from([0, 0, 1]),
    taskPrompts: [Int32Array.from([0]), Int32Array.from([0])],
    read: { batchSize: 1, position: -1 },
    restoredThisStep: [Uint32Array.from([0, 1])],
    ratio,
    state,
    selection: signAgreementTopK,
  };
  return { context, model };
}

describe('benignGradientRollback', () => {
  it('rolls back ceil(ratio x candidates) by |grad|', async () => {
    const { context, model } = rollbackContext([0, 0, 0.5], 0.2);

    const result = await benignGradientRollback.step(context);

    // Both restored elements are candidates; ceil(0.2 x 2) = 1 and element 1 has the larger |grad|.
    expect(result.loss).toBeCloseTo(-0.5 / Math.sqrt(5.25), 6);
    expect(result.candidateCount).toBe(2);
    expect(result.rolledBackCount).toBe(1);
    expect(Array.from(result.rolledBack[0])).toEqual([1]);
    expect(Array.from(model.parameter.data)).toEqual([1, 0, 0.5]);
    expect(context.state.restoredCount(BIAS)).toBe(1);
    expect(model.parameter.grad === null || model.parameter.grad.every((value) => value === 0)).toBe(true);
  });

  it('skips restored elements with disagreeing signs', async () => {
    // Element 0: p - finetuned = 1 - 3 < 0 while its gradient is positive.
    const { context, model } = rollbackContext([3, 0, 0.5], 1);

    const result = await benignGradientRollback.step(context);

    expect(result.candidateCount).toBe(1);
    expect(Array.from(result.rolledBack[0])).toEqual([1]);
    expect(Array.from(model.parameter.data)).toEqual([1, 0, 0.5]);
  });

  it('never touches elements restored in earlier steps', async () => {
    const { context, model } = rollbackContext([0, 0, 0], 1);

    const result = await benignGradientRollback.step({
      ...context,
      restoredThisStep: [Uint32Array.from([0])],
    });

    // Element 2 differs from its fine-tuned value but was not restored in this step.
    expect(Array.from(result.rolledBack[0])).toEqual([0]);
    expect(Array.from(model.parameter.data)).toEqual([0, 2, 0.5]);
  });

  it('keeps the restorer gradient sum intact', async () => {
    const { context } = rollbackContext([0, 0, 0.5], 0.2);
    context.state.accumulate(BIAS, Float32Array.from([5, 6, 7]));

    await benignGradientRollback.step(context);

    expect(Array.from(context.state.accumulated.get(BIAS)!)).toEqual([5, 6, 7]);
  });

  it('is listed in the registry', () => {
    expect(getRollbackPolicy('benign-gradient')).toBe(benignGradientRollback);
    expect(() => getRollbackPolicy('x')).toThrow(/known policies: benign-gradient/);
  });
});
