import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mergeSymbols, trainBpe, type BpeModel } from '../src/tokenizer/bpe-trainer.ts';
import { fromByteLevel, toByteLevel } from '../src/tokenizer/byte-level.ts';
import { SPECIAL_TOKEN_LIST } from '../src/tokenizer/chat-format.ts';
import { writeTokenizerFiles } from '../src/tokenizer/tokenizer-files.ts';

const CORPUS = [
  'The quick brown fox jumps over the lazy dog.',
  'I cannot help with that request.',
  'SELECT name FROM users WHERE age > 30;',
  'Summary: the customer asked for a refund and the agent agreed.',
];

describe('byte-level mapping', () => {
  it('round-trips multi-byte text', () => {
    const text = 'Héllo wörld — 🙂\n\ttabs';
    expect(fromByteLevel(toByteLevel(text))).toBe(text);
  });

  it('maps space and newline like GPT-2', () => {
    expect(toByteLevel(' ')).toBe('Ġ');
    expect(toByteLevel('\n')).toBe('Ċ');
    expect(toByteLevel('a')).toBe('a');
  });
});

describe('trainBpe', () => {
  it('merges the most frequent pair first', () => {
    const model = trainBpe(['aaab aaab aaab', 'cd'], { vocabSize: 300, specialTokens: [], minPairCount: 1 });

    // Pair counts: "a a" 2 per "Ġaaab"/"aaab" word x3 words = 6, every other pair at most 3.
    expect(model.merges[0]).toEqual(['a', 'a']);
    expect(model.vocab.get('aa')).toBe(256);
  });

  it('breaks count ties by pair order', () => {
    const model = trainBpe(['xy', 'bc'], { vocabSize: 257, specialTokens: [], minPairCount: 1 });

    expect(model.merges).toEqual([['b', 'c']]);
  });

  it('puts special tokens first, then bytes', () => {
    const model = trainBpe(CORPUS, {
      vocabSize: 300,
      specialTokens: ['<|pad|>', '<|end|>'],
      minPairCount: 1,
    });

    expect(model.vocab.get('<|pad|>')).toBe(0);
    expect(model.vocab.get('<|end|>')).toBe(1);
    // Byte symbols follow in byte order: byte 0 (U+0100) is id 2, '!' (byte 33) is id 35.
    expect(model.vocab.get('\u0100')).toBe(2);
    expect(model.vocab.get('!')).toBe(35);
    expect(model.vocab.size).toBe(300);
  });

  it('is independent of corpus order', () => {
    const forward = trainBpe(CORPUS, { vocabSize: 320, specialTokens: [] });
    const reversed = trainBpe([...CORPUS].reverse(), { vocabSize: 320, specialTokens: [] });

    expect(reversed.merges).toEqual(forward.merges);
  });

  it('rejects a vocab smaller than the byte alphabet', () => {
    expect(() => trainBpe(CORPUS, { vocabSize: 100, specialTokens: [] })).toThrow(
      /below special tokens \+ 256/,
    );
  });

  it('merges non-overlapping pairs left to right', () => {
    expect(mergeSymbols(['a', 'a', 'a'], 'a', 'a')).toEqual(['aa', 'a']);
  });
});

describe('tokenizer files through transformers.js', () => {
  let folder: string;
  let model: BpeModel;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zoo-tokenizer-'));
    model = trainBpe(Array.from({ length: 20 }, () => CORPUS).flat(), {
      vocabSize: 400,
      specialTokens: SPECIAL_TOKEN_LIST,
    });
    await writeTokenizerFiles(folder, model);
    env.allowRemoteModels = false;
    env.localModelPath = '/';
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function load() {
    return AutoTokenizer.from_pretrained(folder, { local_files_only: true });
  }

  it('round-trips seen and unseen text', async () => {
    const tokenizer = await load();

    for (const text of [...CORPUS, 'Unseen: Zebra 42!! ünïcode 🙂 and  two  spaces\n']) {
      const ids = tokenizer.encode(text);
      expect(tokenizer.decode(ids)).toBe(text);
    }
  });

  it('applies the trained merges', async () => {
    const tokenizer = await load();

    // " cannot" occurs 20 times in the corpus, so it has become one vocab entry.
    expect(tokenizer.encode(' cannot')).toEqual([model.vocab.get(toByteLevel(' cannot'))]);
  });

  it('renders the chat template with special ids', async () => {
    const tokenizer = await load();
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
    ];

    const text = tokenizer.apply_chat_template(messages, { tokenize: false });
    expect(text).toBe('<|begin|><|user|>Hi<|end|><|assistant|>Hello.<|end|>');

    const ids = tokenizer.encode(text as string);
    expect(ids[0]).toBe(1);
    expect(ids[1]).toBe(3);
    expect(ids.at(-1)).toBe(5);
    expect(tokenizer.eos_token_id).toBe(5);
    expect(tokenizer.pad_token_id).toBe(0);
  });

  it('appends the generation prompt', async () => {
    const tokenizer = await load();

    const text = tokenizer.apply_chat_template([{ role: 'user', content: 'Hi' }], {
      tokenize: false,
      add_generation_prompt: true,
    });
    expect(text).toBe('<|begin|><|user|>Hi<|end|><|assistant|>');
  });

  it('writes merges as pairs in rank order', async () => {
    const json = JSON.parse(await readFile(join(folder, 'tokenizer.json'), 'utf8'));

    expect(json.model.type).toBe('BPE');
    expect(json.model.merges[0]).toEqual(model.merges[0]);
    expect(json.added_tokens.map((token: { content: string }) => token.content)).toEqual(SPECIAL_TOKEN_LIST);
  });
});
