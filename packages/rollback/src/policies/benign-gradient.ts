import { directionLossBackward } from '@realign/direction';
import { copyAt } from '@realign/restorer';
import type { RollbackPolicy, RollbackStepContext, RollbackStepResult } from '../types.ts';

/**
 * The rollback step of the method. It takes fresh gradients of -cos(batch-mean hidden state,
 * benign direction) over the task prompts. Candidates are the weights restored in this step whose
 * return to the fine-tuned value descends that loss, so (weight - fine-tuned) and grad share a
 * nonzero sign. The top ceil(ratio x candidates) by |grad| return to their fine-tuned values.
 * Gradients are zeroed before and after, so the benign gradient never leaks into the restorer's
 * sum (which lives in RestoreState, not in the tensors).
 */
export const benignGradientRollback: RollbackPolicy = {
  name: 'benign-gradient',
  description:
    'Return just-restored weights to fine-tuned values where that descends -cos(hidden state, benign direction).',

  async step(context: RollbackStepContext): Promise<RollbackStepResult> {
    const { parameters } = context;
    for (const { tensor } of parameters) tensor.zeroGrad();

    const { meanLoss } = directionLossBackward(
      context.model,
      context.taskPrompts,
      context.benignDirection,
      context.read,
    );
    const offered = parameters
      .map((parameter, i) => ({ parameter, restored: context.restoredThisStep[i], index: i }))
      .filter(({ restored }) => restored.length > 0);

    const selected = await context.selection.select(
      offered.map(({ parameter, restored }) => ({
        name: parameter.name,
        weight: parameter.tensor.data,
        grad: parameter.tensor.grad ?? new Float32Array(parameter.tensor.size),
        readTarget: () => context.finetuned.read(parameter.name),
        allowed: toMask(restored, parameter.tensor.size),
      })),
      { fractionOfCandidates: context.ratio },
    );

    const rolledBack: Uint32Array[] = parameters.map(() => new Uint32Array(0));
    for (const [j, { parameter, index }] of offered.entries()) {
      if (selected.indices[j].length === 0) continue;
      copyAt(parameter.tensor.data, await context.finetuned.read(parameter.name), selected.indices[j]);
      context.state.mark(parameter.name, selected.indices[j], false);
      rolledBack[index] = selected.indices[j];
    }

    for (const { tensor } of parameters) tensor.zeroGrad();
    return {
      loss: meanLoss,
      rolledBack,
      rolledBackCount: selected.selectedCount,
      candidateCount: selected.candidateCount,
    };
  },
};

function toMask(indices: Uint32Array, size: number): Uint8Array {
  const mask = new Uint8Array(size);
  for (const index of indices) mask[index] = 1;
  return mask;
}
