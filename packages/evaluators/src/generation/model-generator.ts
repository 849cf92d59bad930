import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkVocabulary,
  generateGreedy,
  loadModel,
  loadTokenizer,
  resolveModelFolders,
  type ChatTokenizer,
  type DecoderModel,
} from '@realign/model';
import type { ChatGenerator } from '../types.ts';

/**
 * Wraps a loaded decoder and its tokenizer as a `ChatGenerator`: each conversation is rendered with
 * the chat template plus the generation prompt, all of a batch decode greedily together (left
 * padded), and the new tokens are decoded without special tokens.
 */
export function createModelChatGenerator(model: DecoderModel, tokenizer: ChatTokenizer): ChatGenerator {
  return {
    async generate(conversations, settings) {
      const prompts = conversations.map((conversation) =>
        tokenizer.renderChat(conversation, { addGenerationPrompt: true }),
      );
      const results = generateGreedy(model, prompts, { maxNewTokens: settings.maxNewTokens });
      return results.map((result) => tokenizer.decode(result.tokenIds, { skipSpecialTokens: true }));
    },
  };
}

/**
 * Loads a checkpoint folder (full weights, or a PEFT adapter over its local base) and its tokenizer
 * as a `ChatGenerator`. The tokenizer comes from the adapter folder when it has tokenizer.json,
 * else from the base checkpoint. This is the `JudgeContext.loadChatGenerator` the CLI can pass.
 * The caller must have run @realign/tensor's `initBackend` first.
 */
export async function loadChatGenerator(folder: string): Promise<ChatGenerator> {
  const { baseDir, adapterDir } = await resolveModelFolders(folder);
  const model = await loadModel(folder);

  const tokenizerDir =
    adapterDir !== null && existsSync(join(adapterDir, 'tokenizer.json')) ? adapterDir : baseDir;
  const tokenizer = await loadTokenizer(tokenizerDir);
  checkVocabulary(tokenizer, model.config, tokenizerDir);

  return createModelChatGenerator(model, tokenizer);
}
