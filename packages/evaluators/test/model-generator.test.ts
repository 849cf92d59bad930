import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@realign/tensor';
import { generateGreedy, loadModel, type ChatMessage, type ChatTokenizer } from '@realign/model';
import { createModelChatGenerator } from '@realign/evaluators';

// The 3-layer Llama (vocabulary 64) that @realign/model's conformance tests compare with PyTorch.
const llamaFolder = fileURLToPath(new URL('../../../tools/conformance/fixtures/llama-gqa', import.meta.url));

// A character tokenizer over the 64-token vocabulary: "<role>:" header, one id per character.
// Ids 25 and 63 are the fixture's stop tokens, so characters map into 1..24 to avoid them.
const renderCalls: { messages: readonly ChatMessage[]; addGenerationPrompt: boolean }[] = [];
const tokenizer = {
  renderChat(messages: readonly ChatMessage[], options: { addGenerationPrompt: boolean }) {
    renderCalls.push({ messages, addGenerationPrompt: options.addGenerationPrompt });
    const text =
      messages.map((m) => `${m.role}:${m.content}`).join('|') +
      (options.addGenerationPrompt ? '|assistant:' : '');
    return [...text].map((c) => 1 + (c.charCodeAt(0) % 24));
  },
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }) {
    return `${options?.skipSpecialTokens ? 'plain' : 'special'}:${ids.join(',')}`;
  },
} as unknown as ChatTokenizer;

beforeAll(() => initBackend({ engine: 'js' }));

describe('model chat generator', () => {
  it('matches greedy decoding of rendered chat', async () => {
    const model = await loadModel(llamaFolder);
    const generator = createModelChatGenerator(model, tokenizer);
    const conversations = [
      [{ role: 'user' as const, content: 'Hi' }],
      [
        { role: 'system' as const, content: 'Be brief.' },
        { role: 'user' as const, content: 'How are you today?' },
      ],
    ];

    const responses = await generator.generate(conversations, { maxNewTokens: 6 });

    expect(renderCalls.every((call) => call.addGenerationPrompt)).toBe(true);
    const prompts = conversations.map((c) => tokenizer.renderChat(c, { addGenerationPrompt: true }));
    const expected = generateGreedy(model, prompts, { maxNewTokens: 6 }).map(
      (r) => `plain:${r.tokenIds.join(',')}`,
    );
    expect(responses).toEqual(expected);

    // Left padding must not change a prompt's tokens: the short prompt alone decodes the same.
    const [alone] = await generator.generate([conversations[0]], { maxNewTokens: 6 });
    expect(alone).toBe(responses[0]);
    expect(responses[1].split(',').length).toBeLessThanOrEqual(6);
  });
});
