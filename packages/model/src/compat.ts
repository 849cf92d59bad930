import { openCheckpoint } from '@realign/checkpoint';
import { loadModelConfig, type ModelConfig } from './config.ts';
import { IncompatibleModelsError } from './errors.ts';
import { checkpointShapes, resolveModelFolders } from './load.ts';
import { checkAdapter, loadLoraAdapter } from './lora.ts';
import { DecoderModel } from './model.ts';
import { validateCheckpointTensors } from './validate.ts';

/**
 * Config fields two checkpoints must share so their weights pair one to one and compute the same
 * function shape-wise. dtype and eos tokens may differ.
 */
const MATCHING_FIELDS = [
  'architecture',
  'vocabSize',
  'hiddenSize',
  'intermediateSize',
  'numLayers',
  'numHeads',
  'numKvHeads',
  'headDim',
  'rmsNormEps',
  'ropeTheta',
  'ropeScaling',
  'attentionBias',
  'mlpBias',
  'tieWordEmbeddings',
  'queryScale',
  'attnLogitSoftcap',
  'finalLogitSoftcap',
  'slidingWindow',
  'layerAttention',
] as const satisfies readonly (keyof ModelConfig)[];

const HINTS: Partial<Record<(typeof MATCHING_FIELDS)[number], string>> = {
  vocabSize: 'fine-tuning resized the embeddings (added tokens); realign needs both models on one vocabulary',
  numLayers: 'the checkpoints are different models or one was pruned',
};

/** Lists the config fields in which `a` and `b` differ, one line each. */
export function configDifferences(a: ModelConfig, b: ModelConfig, labelA: string, labelB: string): string[] {
  const lines: string[] = [];
  for (const field of MATCHING_FIELDS) {
    const left = JSON.stringify(a[field]);
    const right = JSON.stringify(b[field]);
    if (left === right) continue;
    const hint = HINTS[field] === undefined ? '' : ` (${HINTS[field]})`;
    lines.push(`${field}: ${labelA} has ${left}, ${labelB} has ${right}${hint}`);
  }
  return lines;
}

/** Reads and validates the config of a checkpoint or adapter folder (headers only, no weights). */
async function describe(dir: string): Promise<ModelConfig> {
  const { baseDir, adapterDir } = await resolveModelFolders(dir);
  const config = await loadModelConfig(baseDir);
  const reader = await openCheckpoint(baseDir);
  try {
    validateCheckpointTensors(config, checkpointShapes(reader), baseDir);
  } finally {
    await reader.close();
  }
  if (adapterDir !== null) checkAdapter(await loadLoraAdapter(adapterDir), config);
  return config;
}

/**
 * Checks that two models (folders, adapter folders or loaded models), typically the aligned and the
 * fine-tuned one, have the same architecture and tensor shapes, so weights pair name for name. Each
 * folder is first validated against its own config.json. Throws IncompatibleModelsError listing
 * every difference.
 */
export async function checkCompatible(a: string | DecoderModel, b: string | DecoderModel): Promise<void> {
  const label = (m: string | DecoderModel) =>
    m instanceof DecoderModel ? (m.source.adapterDir ?? m.source.baseDir) : m;
  const configOf = (m: string | DecoderModel) =>
    m instanceof DecoderModel ? Promise.resolve(m.config) : describe(m);
  const [configA, configB] = await Promise.all([configOf(a), configOf(b)]);

  const differences = configDifferences(configA, configB, label(a), label(b));
  if (differences.length > 0) {
    throw new IncompatibleModelsError(
      `${label(a)} and ${label(b)} are not the same architecture, so their weights cannot be paired:\n  - ${differences.join('\n  - ')}`,
    );
  }
}
