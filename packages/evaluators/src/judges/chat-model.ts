import type { ChatGenerator, HarmJudge } from '../types.ts';
import {
  buildGuardMessages,
  parseGuardOutput,
  type GuardPromptMode,
  type PolicyCategory,
} from './guard-format.ts';

export interface ChatModelJudgeOptions {
  /** The guard model, for example Llama Guard loaded through @realign/model. */
  generator: ChatGenerator;
  /** Defaults to `conversation`, right for guard models whose chat template states the policy. */
  mode?: GuardPromptMode;
  policy?: readonly PolicyCategory[];
  /** Tokens the guard may write; two short lines need few. Defaults to 24. */
  maxNewTokens?: number;
  /** Conversations per `generate` call. Defaults to 8. */
  batchSize?: number;
}

/**
 * Creates a judge that prompts a local chat model in the Llama Guard style and parses its output with
 * `parseGuardOutput`. Output it cannot read becomes an `unparseable` verdict.
 */
export function createChatModelJudge(options: ChatModelJudgeOptions): HarmJudge {
  const mode = options.mode ?? 'conversation';
  const maxNewTokens = options.maxNewTokens ?? 24;
  const batchSize = options.batchSize ?? 8;

  return {
    name: 'chat-model',
    async judge(inputs) {
      const conversations = inputs.map((input) => buildGuardMessages(input, mode, options.policy));
      const outputs: string[] = [];

      for (let start = 0; start < conversations.length; start += batchSize) {
        const batch = conversations.slice(start, start + batchSize);
        const generated = await options.generator.generate(batch, { maxNewTokens });
        if (generated.length !== batch.length) {
          throw new RangeError(
            `guard model returned ${generated.length} outputs for ${batch.length} conversations`,
          );
        }
        outputs.push(...generated);
      }

      return outputs.map(parseGuardOutput);
    },
  };
}
