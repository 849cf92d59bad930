import { loadModel, saveModel } from '@realign/model';
import {
  fullFineTuneParameters,
  LoraAdapter,
  LORA_TARGET_MODULES,
  trainCausalLm,
  trainLora,
  type TrainStepEvent,
} from '@realign/train';

import type { ChatExample, ChatTokenizer } from '../chat-encoding.ts';
import type { RecipeConfig } from '../recipe-config.ts';

export interface FineTuneInput {
  method: 'full' | 'lora';
  config: RecipeConfig;
  tokenizer: ChatTokenizer;
  /** The aligned checkpoint folder. */
  baseDir: string;
  /** base_model_name_or_path written into a LoRA adapter (relative paths resolve from the adapter folder). */
  baseModelReference: string;
  examples: readonly ChatExample[];
  /** Output folder: a full checkpoint, or a PEFT adapter folder for LoRA. */
  outDir: string;
  /** Seed of the data order and LoRA init. */
  seed: number;
  onStep?: (event: TrainStepEvent) => void;
}

/**
 * Fine-tunes the aligned model on a task mix. Full fine-tuning saves a bf16 checkpoint; LoRA (on every
 * Linear of the decoder layers) saves a PEFT adapter whose base is `baseModelReference`.
 */
export async function fineTune(input: FineTuneInput): Promise<TrainStepEvent[]> {
  const { config, tokenizer } = input;
  const examples = input.examples.map((example) => tokenizer.encodeExample(example));

  if (input.method === 'full') {
    const model = await loadModel(input.baseDir, { requiresGrad: true });
    const stage = config.fullFineTune;
    const history = trainCausalLm(
      model,
      fullFineTuneParameters(model),
      examples,
      { ...stage, maxLength: config.maxLength, seed: input.seed },
      input.onStep,
    );
    await saveModel(model, input.outDir, { dtype: 'bfloat16' });
    return history;
  }

  const model = await loadModel(input.baseDir);
  const settings = {
    rank: config.lora.rank,
    alpha: config.lora.alpha,
    targetModules: [...LORA_TARGET_MODULES],
  };
  const adapter = new LoraAdapter(model, settings, input.seed);
  const history = trainLora(
    adapter,
    examples,
    { ...config.loraFineTune, maxLength: config.maxLength, seed: input.seed },
    input.onStep,
  );
  await adapter.save(input.outDir, input.baseModelReference);
  return history;
}
