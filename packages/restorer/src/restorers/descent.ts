import { directionLossBackward } from '@realign/direction';
import type { RestoreStepContext, RestoreStepResult, Restorer } from '../types.ts';
import { copyAt } from '../working-model.ts';

/**
 * The descent restorer. Each step computes the gradient of -cos(batch-mean hidden state, harmful
 * direction) over all harmful prompt batches, adds it to the gradient sum carried from earlier
 * steps, and hands that sum to the selection rule with the aligned weights as targets. Selected
 * elements are set exactly to their aligned values.
 */
export const descentRestorer: Restorer = {
  name: 'descent',
  description:
    'Copy aligned weights where that descends -cos(hidden state, harmful direction), largest gradients first.',

  async step(context: RestoreStepContext): Promise<RestoreStepResult> {
    const { parameters, state } = context;
    for (const { tensor } of parameters) tensor.zeroGrad();

    const { meanLoss } = directionLossBackward(
      context.model,
      context.harmfulPrompts,
      context.harmfulDirection,
      context.read,
    );
    for (const { name, tensor } of parameters) {
      if (tensor.grad !== null) state.accumulate(name, tensor.grad);
    }

    const selected = await context.selection.select(
      parameters.map(({ name, tensor }) => ({
        name,
        weight: tensor.data,
        grad: state.accumulated.get(name)!,
        readTarget: () => context.aligned.read(name),
      })),
      { count: context.budget },
    );

    await applySelection(context, selected.indices);
    return {
      loss: meanLoss,
      restored: selected.indices,
      restoredCount: selected.selectedCount,
      candidateCount: selected.candidateCount,
    };
  },
};

async function applySelection(context: RestoreStepContext, indices: readonly Uint32Array[]): Promise<void> {
  for (const [i, { name, tensor }] of context.parameters.entries()) {
    if (indices[i].length === 0) continue;

    // NOTE: the selection rule already read this tensor once. Reading it again keeps at most one
    // aligned tensor in memory, at the cost of a second read of each tensor that changes.
    copyAt(tensor.data, await context.aligned.read(name), indices[i]);
    context.state.mark(name, indices[i], true);
  }
}
