import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { loadModel, saveModel } from '@realign/model';
import {
  fullFineTuneParameters,
  trainCausalLm,
  writeInitialCheckpoint,
  type TrainStepEvent,
} from '@realign/train';

import { buildConfigJson, buildGenerationConfig, type ZooFamily } from '../architectures.ts';
import type { ChatTokenizer, ChatExample } from '../chat-encoding.ts';
import type { RecipeConfig } from '../recipe-config.ts';

export interface AlignedStageInput {
  family: ZooFamily;
  config: RecipeConfig;
  tokenizer: ChatTokenizer;
  tokenizerDir: string;
  examples: readonly ChatExample[];
  /** Scratch folder for the random-init checkpoint. */
  workDir: string;
  /** Output checkpoint folder. */
  outDir: string;
  onStep?: (event: TrainStepEvent) => void;
}

/**
 * Trains a chat model from scratch: writes a seeded random-init checkpoint (config.json, tokenizer
 * files, generation_config.json), trains every weight on the aligned mix and saves it in bf16.
 */
export async function trainAlignedModel(input: AlignedStageInput): Promise<TrainStepEvent[]> {
  const { config, tokenizer } = input;
  const ids = { bos: tokenizer.bosId, eos: tokenizer.eosId, pad: tokenizer.padId };
  const initDir = join(input.workDir, `${input.family}-init`);
  await writeInitialCheckpoint(initDir, {
    configJson: buildConfigJson(input.family, config.size, tokenizer.vocabSize, ids),
    seed: config.seed,
    files: {
      'generation_config.json': `${JSON.stringify(buildGenerationConfig(ids, config.eval.maxNewTokens), null, 2)}\n`,
      'tokenizer.json': await readFile(join(input.tokenizerDir, 'tokenizer.json'), 'utf8'),
      'tokenizer_config.json': await readFile(join(input.tokenizerDir, 'tokenizer_config.json'), 'utf8'),
    },
  });

  const model = await loadModel(initDir, { requiresGrad: true });
  const examples = input.examples.map((example) => tokenizer.encodeExample(example));
  const history = trainCausalLm(
    model,
    fullFineTuneParameters(model),
    examples,
    { ...config.aligned, maxLength: config.maxLength, seed: config.seed },
    input.onStep,
  );

  await saveModel(model, input.outDir, { dtype: 'bfloat16' });
  return history;
}
