import { openCheckpoint, type CheckpointReader } from '@realign/checkpoint';
import type { TensorSource } from '@realign/direction';
import {
  checkCompatible,
  expectedTensors,
  loadLoraAdapter,
  loadModel,
  loadModelConfig,
  loadTokenizer,
  loraDelta,
  resolveModelFolders,
  saveModel,
  type ChatTokenizer,
  type DecoderModel,
  type LoraAdapter,
} from '@realign/model';
import type { WorkingModel } from '@realign/restorer';
import { Tensor, concat, reshape, slice } from '@realign/tensor';
import type { RecoveryModels } from './types.ts';

export interface CheckpointModelsOptions {
  /** Hugging Face checkpoint folder of the aligned model. */
  readonly alignedDir: string;
  /** Checkpoint folder of the fine-tuned model, or a PEFT LoRA adapter folder on top of the aligned one. */
  readonly finetunedDir: string;
  /** Renders and tokenizes prompts. Default: the fine-tuned checkpoint's tokenizer and chat template. */
  readonly tokenizer?: ChatTokenizer;
}

/** RecoveryModels over checkpoint folders; `close` releases the open safetensors files. */
export type CheckpointModels = RecoveryModels & { close(): Promise<void> };

/**
 * Opens the aligned and fine-tuned checkpoints for a recovery run. Both must be the same
 * architecture (IncompatibleModelsError otherwise). Tensors are read lazily, one at a time, with
 * a LoRA adapter merged the same way loadModel merges it, so the values agree bit for bit.
 */
export async function openCheckpointModels(options: CheckpointModelsOptions): Promise<CheckpointModels> {
  await checkCompatible(options.alignedDir, options.finetunedDir);
  const aligned = await openTensorSource(options.alignedDir);
  const finetuned = await openTensorSource(options.finetunedDir);
  const tokenizer =
    options.tokenizer ?? (await loadTokenizer((await resolveModelFolders(options.finetunedDir)).baseDir));
  if (tokenizer.chatTemplate === null) {
    throw new RangeError(
      `${options.finetunedDir} has no chat template in tokenizer_config.json; pass a tokenizer with one`,
    );
  }

  return {
    layerCount: finetuned.layerCount,
    aligned,
    finetuned,
    finetunedDir: options.finetunedDir,
    chatTemplate: tokenizer.chatTemplate,
    encodePrompt: (prompt) =>
      Int32Array.from(
        tokenizer.renderChat([{ role: 'user', content: prompt }], { addGenerationPrompt: true }),
      ),
    loadTruncated: async (model, layers) =>
      decoderWorkingModel(
        await loadModel(model === 'aligned' ? options.alignedDir : options.finetunedDir, {
          numLayers: layers,
        }),
      ),
    saveCheckpoint: async (dir, overrides) => {
      const parameters = new Map(
        [...overrides].map(([name, data]) => [name, new Tensor(data, finetuned.shape(name))]),
      );
      await saveModel(parameters, dir, { sourceDir: options.finetunedDir });
    },
    close: async () => {
      await aligned.close();
      await finetuned.close();
    },
  };
}

type CheckpointTensorSource = TensorSource & { readonly layerCount: number; close(): Promise<void> };

async function openTensorSource(dir: string): Promise<CheckpointTensorSource> {
  const { baseDir, adapterDir } = await resolveModelFolders(dir);
  const config = await loadModelConfig(baseDir);
  const specs = new Map(expectedTensors(config).map((spec) => [spec.name, spec.shape]));
  const adapter: LoraAdapter | null = adapterDir === null ? null : await loadLoraAdapter(adapterDir);
  const reader: CheckpointReader = await openCheckpoint(baseDir);

  return {
    layerCount: config.numLayers,
    names: () => [...specs.keys()],
    shape: (name) => {
      const shape = specs.get(name);
      if (shape === undefined)
        throw new RangeError(`${name} is not a tensor of ${config.architecture} in ${dir}`);
      return shape;
    },
    read: async (name) => {
      const data = await reader.readFloat32(name);
      const delta = adapter === null ? null : loraDelta(adapter, name);
      if (delta !== null) for (let i = 0; i < data.length; i++) data[i] += delta[i];
      return data;
    },
    close: () => reader.close(),
  };
}

/**
 * Adapts a (truncated) DecoderModel to the restorer's WorkingModel. The decoder pads batches on
 * the left and counts RoPE positions from each sequence's first real token, so a position
 * indexes each prompt's own tokens: slot T + position from the end, padding + position from the start.
 */
export function decoderWorkingModel(model: DecoderModel): WorkingModel {
  return {
    layerCount: model.numLayers,
    tensors: () => model.parameters,
    hiddenStates: (prompts, position) => {
      const sequences = prompts.map((prompt) => Array.from(prompt));
      if (position === -1) return model.lastTokenHiddenState(sequences, model.numLayers);

      const output = model.forward(sequences, { hiddenStateLayers: [model.numLayers], logits: false });
      const states = output.hiddenStates.get(model.numLayers)!;
      const [, length, hidden] = states.shape;
      const rows = prompts.map((prompt, b) => {
        const slot = position < 0 ? length + position : output.padding[b] + position;
        if (slot < output.padding[b] || slot >= length) {
          throw new RangeError(
            `position ${position} is outside prompt ${b}, which has ${prompt.length} tokens`,
          );
        }
        return reshape(slice(slice(states, 0, b, b + 1), 1, slot, slot + 1), [1, hidden]);
      });
      return concat(rows, 0);
    },
  };
}
