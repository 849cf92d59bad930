import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { BpeModel } from './bpe-trainer.ts';
import { CHAT_TEMPLATE, SPECIAL_TOKENS } from './chat-format.ts';

/** Maximum sequence length recorded in tokenizer_config.json (tokens). */
export const MODEL_MAX_LENGTH = 512;

/** Builds the Hugging Face tokenizer.json object for a byte-level BPE model. */
export function buildTokenizerJson(model: BpeModel): object {
  const addedTokens = model.specialTokens.map((content) => ({
    id: model.vocab.get(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));

  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(model.vocab),
      merges: model.merges,
    },
  };
}

/** Builds tokenizer_config.json: special tokens, the chat template and decode settings. */
export function buildTokenizerConfig(model: BpeModel): object {
  const addedTokensDecoder = Object.fromEntries(
    model.specialTokens.map((content) => [
      String(model.vocab.get(content)),
      { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true },
    ]),
  );

  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: SPECIAL_TOKENS.begin,
    eos_token: SPECIAL_TOKENS.end,
    pad_token: SPECIAL_TOKENS.pad,
    unk_token: null,
    // The chat template writes <|begin|> itself, so encoding adds no special tokens.
    add_bos_token: false,
    add_eos_token: false,
    // Byte-level BPE decodes exactly; the default cleanup would delete spaces before punctuation.
    clean_up_tokenization_spaces: false,
    model_max_length: MODEL_MAX_LENGTH,
    padding_side: 'right',
    chat_template: CHAT_TEMPLATE,
    added_tokens_decoder: addedTokensDecoder,
  };
}

/** Writes tokenizer.json and tokenizer_config.json into `folder`, each atomically. */
export async function writeTokenizerFiles(folder: string, model: BpeModel): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeJsonAtomic(join(folder, 'tokenizer.json'), buildTokenizerJson(model));
  await writeJsonAtomic(join(folder, 'tokenizer_config.json'), buildTokenizerConfig(model));
}

/** Writes JSON to a temp file beside `path`, then renames it over `path`. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}
