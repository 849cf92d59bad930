import { AutogradError } from './errors.ts';
import { MIN_ENGINE_ELEMENTS } from './kernels/dispatch.ts';
import { peekEngine } from './settings.ts';
import { formatShape } from './shape.ts';
import type { GradNode, Tensor } from './tensor.ts';

let gradEnabled = true;

/** Runs `fn` with recording switched off. `fn` must be synchronous: the switch is restored when it returns. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Attaches `backward` to `output` when grad mode is on and any parent requires grad, and returns
 * `output`. Ops call this right after computing their forward.
 */
export function record(
  output: Tensor,
  op: string,
  parents: readonly Tensor[],
  backward: GradNode['backward'],
): Tensor {
  if (!gradEnabled || !parents.some((parent) => parent.requiresGrad)) return output;
  output.requiresGrad = true;
  output.gradFn = { op, parents, backward };
  return output;
}

/**
 * Back-propagates from `loss` and adds each leaf's gradient into its `.grad`. `outputGrad` is the
 * gradient of the final objective with respect to `loss` and defaults to 1 for a size-1 loss.
 * Afterwards the recorded graph is released: intermediate tensors drop their inputs and closures, so
 * the memory is freed, and a second backward() through them throws.
 */
export function backward(loss: Tensor, outputGrad?: Float32Array): void {
  if (!loss.requiresGrad) {
    throw new AutogradError(
      'backward: the loss does not require grad; create its inputs with { requiresGrad: true } and run the ops outside noGrad',
    );
  }
  const seed = seedGradient(loss, outputGrad);
  const order = topologicalOrder(loss);
  const pending = new Map<Tensor, Float32Array>([[loss, seed]]);
  // Buffers already stored as some tensor's gradient; a rule returning one of these again gets a copy.
  const owned = new Set<Float32Array>([seed]);

  for (let index = order.length - 1; index >= 0; index--) {
    const node = order[index];
    const grad = pending.get(node);
    pending.delete(node);
    if (grad === undefined) continue;
    owned.delete(grad);
    if (node.gradFn === null) {
      accumulateLeaf(node, grad, owned);
      continue;
    }
    propagate(node.gradFn, grad, pending, owned);
  }
  releaseGraph(order);
}

function seedGradient(loss: Tensor, outputGrad: Float32Array | undefined): Float32Array {
  if (outputGrad === undefined) {
    if (loss.size !== 1) {
      throw new AutogradError(
        `backward: loss of shape ${formatShape(loss.shape)} has ${loss.size} elements; reduce it to one element or pass outputGrad`,
      );
    }
    return new Float32Array([1]);
  }
  if (outputGrad.length !== loss.size) {
    throw new AutogradError(
      `backward: outputGrad has ${outputGrad.length} elements but the loss of shape ${formatShape(loss.shape)} has ${loss.size}`,
    );
  }
  return outputGrad.slice();
}

function propagate(
  node: GradNode,
  outputGrad: Float32Array,
  pending: Map<Tensor, Float32Array>,
  owned: Set<Float32Array>,
): void {
  const parentGrads = node.backward(outputGrad);
  if (parentGrads.length !== node.parents.length) {
    throw new AutogradError(
      `backward: ${node.op} returned ${parentGrads.length} gradients for ${node.parents.length} inputs`,
    );
  }
  for (let i = 0; i < node.parents.length; i++) {
    const parent = node.parents[i];
    const grad = parentGrads[i];
    if (grad === null || !parent.requiresGrad) continue;
    if (grad.length !== parent.size) {
      throw new AutogradError(
        `backward: ${node.op} returned a gradient of ${grad.length} elements for input ${i} of shape ${formatShape(parent.shape)}`,
      );
    }
    const existing = pending.get(parent);
    if (existing !== undefined) {
      pending.set(parent, sumGradients(existing, grad, owned));
    } else {
      const adopted = owned.has(grad) ? grad.slice() : grad;
      owned.add(adopted);
      pending.set(parent, adopted);
    }
  }
}

function accumulateLeaf(leaf: Tensor, grad: Float32Array, owned: Set<Float32Array>): void {
  if (!leaf.requiresGrad) return;
  if (leaf.grad === null) {
    leaf.grad = owned.has(grad) ? grad.slice() : grad;
    owned.add(leaf.grad);
  } else {
    addInto(leaf.grad, grad);
  }
}

/**
 * Returns existing + grad for a tensor that several ops read. Large sums run on the engine's add
 * kernel into a new buffer that replaces `existing`; small ones are added into `existing`.
 */
function sumGradients(existing: Float32Array, grad: Float32Array, owned: Set<Float32Array>): Float32Array {
  const engine = peekEngine();
  if (engine?.binary === undefined || existing.length < MIN_ENGINE_ELEMENTS) {
    addInto(existing, grad);
    return existing;
  }
  const shape = [existing.length];
  const total = engine.binary('add', existing, shape, grad, shape, shape);
  owned.delete(existing);
  owned.add(total);
  return total;
}

function addInto(target: Float32Array, source: Float32Array): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}

/** Returns every tensor reachable from `root` through recorded ops, each after all of its parents. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  // Iterative depth-first search: a 1,000-op graph would overflow a recursive one on small stacks.
  const stack: { tensor: Tensor; nextParent: number }[] = [{ tensor: root, nextParent: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const parents = frame.tensor.gradFn?.parents ?? [];
    if (frame.nextParent < parents.length) {
      const parent = parents[frame.nextParent++];
      if (!visited.has(parent) && parent.requiresGrad) {
        visited.add(parent);
        stack.push({ tensor: parent, nextParent: 0 });
      }
      continue;
    }
    order.push(frame.tensor);
    stack.pop();
  }
  return order;
}

/**
 * Replaces each recorded op with a stub that keeps no inputs, so the graph can be garbage-collected
 * while a later backward() through the same tensors still fails loudly instead of dropping gradients.
 */
function releaseGraph(order: readonly Tensor[]): void {
  for (const tensor of order) {
    if (tensor.gradFn === null) continue;
    const op = tensor.gradFn.op;
    tensor.gradFn = {
      op,
      parents: [],
      backward: () => {
        throw new AutogradError(
          `backward: the graph through ${op} was already released by an earlier backward(); run the forward again, or detach() tensors reused across steps`,
        );
      },
    };
  }
}
