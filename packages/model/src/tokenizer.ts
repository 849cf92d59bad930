import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { z } from 'zod';
import type { ModelConfig } from './config.ts';
import { TokenizerError } from './errors.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LoadTokenizerOptions {
  /** A Jinja chat template used in place of the checkpoint's template, or where the checkpoint has none. */
  chatTemplate?: string;
}

/** A Hugging Face tokenizer with its chat template, loaded offline from a checkpoint folder. */
export interface ChatTokenizer {
  /** Tokenizes `text`, adding the special tokens (such as BOS) that tokenizer.json's post-processor defines unless turned off. */
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  /** Renders messages with the chat template and tokenizes the result without adding special tokens again. */
  renderChat(messages: readonly ChatMessage[], options: { addGenerationPrompt: boolean }): number[];
  /** The rendered chat as text, for logs and reports. */
  renderChatText(messages: readonly ChatMessage[], options: { addGenerationPrompt: boolean }): string;
  /** The chat template in use, or null when the checkpoint has none and none was given. */
  readonly chatTemplate: string | null;
  /** eos_token_id of tokenizer_config.json (empty when it names none). */
  readonly eosTokenIds: number[];
  readonly padTokenId: number | null;
  readonly bosTokenId: number | null;
  /** Largest token id + 1, over the vocabulary and the added tokens. */
  readonly vocabSize: number;
}

const tokenizerJsonSchema = z.looseObject({
  model: z.looseObject({
    vocab: z.union([z.record(z.string(), z.number()), z.array(z.tuple([z.string(), z.number()]))]),
  }),
  added_tokens: z.array(z.looseObject({ id: z.number().int(), content: z.string() })).default([]),
});

const tokenizerConfigSchema = z.looseObject({
  tokenizer_class: z.string().nullish(),
  chat_template: z
    .union([z.string(), z.array(z.object({ name: z.string(), template: z.string() }))])
    .nullish(),
});

async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TokenizerError(
      `${path}: cannot read ${what} (${(error as Error).message}); a checkpoint folder needs tokenizer.json and tokenizer_config.json`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TokenizerError(`${path}: invalid JSON (${(error as Error).message})`);
  }
}

function parseFile<S extends z.ZodType>(schema: S, json: unknown, path: string): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `field "${issue.path.join('.')}": ${issue.message}`);
    throw new TokenizerError(`${path}: ${issues.join('; ')}`);
  }
  return result.data;
}

/** Picks the chat template: the option, else chat_template.jinja, else tokenizer_config.json (its "default" entry for a list). */
async function resolveChatTemplate(
  dir: string,
  config: z.infer<typeof tokenizerConfigSchema>,
  option?: string,
): Promise<string | null> {
  if (option !== undefined) return option;
  const jinja = await readFile(join(dir, 'chat_template.jinja'), 'utf8').catch(() => null);
  if (jinja !== null) return jinja;
  const template = config.chat_template;
  if (typeof template === 'string') return template;
  return template?.find((entry) => entry.name === 'default')?.template ?? null;
}

function vocabularySize(json: z.infer<typeof tokenizerJsonSchema>): number {
  const vocab = json.model.vocab;
  const ids = Array.isArray(vocab) ? vocab.map((_, index) => index) : Object.values(vocab);
  let max = -1;
  for (const id of ids) max = Math.max(max, id);
  for (const token of json.added_tokens) max = Math.max(max, token.id);
  return max + 1;
}

type HfTokenizer = InstanceType<typeof transformers.PreTrainedTokenizer>;

function tokenizerClass(
  name: string | null | undefined,
): new (json: unknown, config: unknown) => HfTokenizer {
  const classes = transformers as unknown as Record<string, unknown>;
  const cls = name === null || name === undefined ? undefined : classes[name.replace(/Fast$/, '')];
  return (typeof cls === 'function' ? cls : transformers.PreTrainedTokenizer) as new (
    json: unknown,
    config: unknown,
  ) => HfTokenizer;
}

/**
 * Loads tokenizer.json and tokenizer_config.json of `dir` with @huggingface/transformers, offline
 * (the files are read here and remote loading is switched off). The tokenizer class comes from
 * tokenizer_class, as AutoTokenizer picks it; unknown classes use the generic PreTrainedTokenizer.
 */
export async function loadTokenizer(dir: string, options: LoadTokenizerOptions = {}): Promise<ChatTokenizer> {
  transformers.env.allowRemoteModels = false;
  const jsonPath = join(dir, 'tokenizer.json');
  const configPath = join(dir, 'tokenizer_config.json');
  const json = parseFile(tokenizerJsonSchema, await readJsonFile(jsonPath, 'the tokenizer'), jsonPath);
  const config = parseFile(
    tokenizerConfigSchema,
    await readJsonFile(configPath, 'the tokenizer config'),
    configPath,
  );
  const chatTemplate = await resolveChatTemplate(dir, config, options.chatTemplate);
  const tokenizer = new (tokenizerClass(config.tokenizer_class))(json, {
    ...config,
    chat_template: chatTemplate,
  });

  const render = (messages: readonly ChatMessage[], addGenerationPrompt: boolean, tokenize: boolean) => {
    if (chatTemplate === null) {
      throw new TokenizerError(
        `${dir} has no chat template (neither chat_template.jinja nor chat_template in tokenizer_config.json); pass one as chatTemplate`,
      );
    }
    return tokenizer.apply_chat_template(
      messages.map((m) => ({ role: m.role, content: m.content })),
      {
        add_generation_prompt: addGenerationPrompt,
        tokenize,
        return_tensor: false,
        return_dict: false,
      },
    );
  };
  const optionalId = (id: number | undefined | null) => (typeof id === 'number' ? id : null);

  return {
    encode: (text, opts = {}) =>
      tokenizer.encode(text, { add_special_tokens: opts.addSpecialTokens ?? true }),
    decode: (ids, opts = {}) =>
      tokenizer.decode([...ids], { skip_special_tokens: opts.skipSpecialTokens ?? false }),
    renderChat: (messages, opts) => render(messages, opts.addGenerationPrompt, true) as number[],
    renderChatText: (messages, opts) => render(messages, opts.addGenerationPrompt, false) as string,
    chatTemplate,
    eosTokenIds: optionalId(tokenizer.eos_token_id) === null ? [] : [tokenizer.eos_token_id],
    padTokenId: optionalId(tokenizer.pad_token_id),
    bosTokenId: optionalId(tokenizer.bos_token_id),
    vocabSize: vocabularySize(json),
  };
}

/** Throws TokenizerError when the tokenizer has token ids the embedding has no row for. */
export function checkVocabulary(tokenizer: ChatTokenizer, config: ModelConfig, dir: string): void {
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new TokenizerError(
      `${dir}: the tokenizer has ${tokenizer.vocabSize} token ids but the embedding has ${config.vocabSize} rows (vocab_size in config.json); ` +
        'the tokenizer belongs to another model or the embeddings were not resized',
    );
  }
}
