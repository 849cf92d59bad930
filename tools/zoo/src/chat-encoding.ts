import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { TokenizedExample } from '@realign/train';

/** A prompt and the reply the model should learn for it. */
export interface ChatExample {
  prompt: string;
  response: string;
}

/** The zoo tokenizer, loaded through transformers.js from a local folder, never from the network. */
export interface ChatTokenizer {
  /** Token ids of a one-turn conversation up to and including the assistant header. */
  encodePrompt(prompt: string): number[];
  encodeExample(example: ChatExample): TokenizedExample;
  decode(ids: readonly number[]): string;
  readonly eosId: number;
  readonly padId: number;
  readonly bosId: number;
  readonly vocabSize: number;
}

export async function loadChatTokenizer(folder: string): Promise<ChatTokenizer> {
  env.allowRemoteModels = false;
  env.localModelPath = '/';
  const tokenizer: PreTrainedTokenizer = await AutoTokenizer.from_pretrained(folder, {
    local_files_only: true,
  });
  const id = (value: number | undefined, field: string): number => {
    if (value === undefined || value === null)
      throw new Error(`${folder}: tokenizer_config.json has no ${field} in the vocabulary`);
    return value;
  };
  const eosId = id(tokenizer.eos_token_id, 'eos_token');

  const encodePrompt = (prompt: string): number[] => {
    const text = tokenizer.apply_chat_template([{ role: 'user', content: prompt }], {
      tokenize: false,
      add_generation_prompt: true,
    }) as string;
    return tokenizer.encode(text, { add_special_tokens: false });
  };

  return {
    encodePrompt,
    encodeExample: (example) => ({
      promptIds: encodePrompt(example.prompt),
      responseIds: [...tokenizer.encode(example.response, { add_special_tokens: false }), eosId],
    }),
    decode: (ids) => (ids.length === 0 ? '' : tokenizer.decode([...ids], { skip_special_tokens: true })),
    eosId,
    padId: id(tokenizer.pad_token_id, 'pad_token'),
    bosId: id(tokenizer.bos_token_id, 'bos_token'),
    vocabSize: tokenizer.get_vocab().size,
  };
}
