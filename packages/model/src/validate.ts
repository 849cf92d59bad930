import { expectedTensors, isIgnoredTensor } from './architecture.ts';
import type { ModelConfig } from './config.ts';
import { CheckpointMismatchError, NonFiniteWeightError } from './errors.ts';

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Checks the tensors of a checkpoint (name to shape, from the safetensors headers) against the
 * architecture table of `config`. Throws one CheckpointMismatchError that lists every missing tensor,
 * extra tensor and shape disagreement; `source` names the checkpoint folder in the message.
 */
export function validateCheckpointTensors(
  config: ModelConfig,
  found: ReadonlyMap<string, readonly number[]>,
  source: string,
): void {
  const problems: string[] = [];
  const expected = expectedTensors(config);
  const expectedNames = new Set(expected.map((t) => t.name));

  for (const spec of expected) {
    const shape = found.get(spec.name);
    if (shape === undefined) {
      problems.push(`missing tensor ${spec.name} (expected shape ${formatShape(spec.shape)})`);
    } else if (shape.length !== spec.shape.length || shape.some((d, i) => d !== spec.shape[i])) {
      problems.push(
        `tensor ${spec.name}: expected shape ${formatShape(spec.shape)} from config.json, found ${formatShape(shape)}`,
      );
    }
  }
  for (const [name, shape] of found) {
    if (expectedNames.has(name) || isIgnoredTensor(name)) continue;
    const hint =
      name === 'lm_head.weight'
        ? ' (config.json sets tie_word_embeddings, so lm_head.weight must be absent)'
        : '';
    problems.push(`extra tensor ${name} ${formatShape(shape)} not used by ${config.architecture}${hint}`);
  }

  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((p) => `  - ${p}`);
    if (problems.length > 20) shown.push(`  - ... and ${problems.length - 20} more`);
    throw new CheckpointMismatchError(
      `${source}: checkpoint does not match its config.json (${config.architecture}, ${config.numLayers} layers):\n${shown.join('\n')}`,
      problems,
    );
  }
}

/** Throws NonFiniteWeightError naming the tensor when `data` contains a NaN or an infinity. */
export function assertFinite(data: Float32Array, tensorName: string, source: string): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (value - value !== 0) {
      throw new NonFiniteWeightError(
        `${source}: tensor ${tensorName} has a non-finite value (${value}) at flat index ${i}; the checkpoint is corrupt or overflowed when saved`,
      );
    }
  }
}
