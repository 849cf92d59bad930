import type { ChatGenerator, ChatMessage, GenerationSettings } from '@realign/evaluators';

/** Creates a generator that replies to each last user turn with `reply` and records every call. */
export function scriptedGenerator(reply: (prompt: string) => string) {
  const calls: { prompts: string[]; settings: GenerationSettings }[] = [];
  const generator: ChatGenerator = {
    async generate(conversations: readonly (readonly ChatMessage[])[], settings: GenerationSettings) {
      const prompts = conversations.map((c) => c[c.length - 1].content);
      calls.push({ prompts, settings });
      return prompts.map(reply);
    },
  };
  return { generator, calls };
}
