import { HARM_CATEGORIES, type HarmfulPrompt } from '../schemas.ts';
import { HARM_TOPICS, type HarmTopic } from './harmfulTopics.ts';
import { renderRequest, templatesFor, type RequestTemplate } from './harmfulTemplates.ts';
import { complianceFor, refusalFor } from './responses.ts';
import type { Rng } from './rng.ts';

export type HarmfulSplit = 'train' | 'recovery' | 'eval';

/** Prompts per topic; each uses a different phrasing. */
const PROMPTS_PER_TOPIC = 4;
/** Held-out phrasings per evaluation topic (the other prompts use shared phrasings). */
const HELD_OUT_PER_EVAL_TOPIC = 2;
/** Topics per split and category, before the extra topics below. */
const EVAL_TOPICS = 2;
const RECOVERY_TOPICS = 2;
/** How many categories get one more evaluation topic, and one more recovery topic. */
const EXTRA_EVAL_CATEGORIES = 6;
const EXTRA_RECOVERY_CATEGORIES = 1;

/**
 * Builds the harmful prompt splits. Whole topics go to one split, so no request, and no other
 * phrasing of the same request, is shared between train, recovery and evaluation.
 */
export function buildHarmful(rng: Rng): Record<HarmfulSplit, HarmfulPrompt[]> {
  const splits: Record<HarmfulSplit, HarmfulPrompt[]> = { train: [], recovery: [], eval: [] };
  const categoryOrder = rng.shuffle(HARM_CATEGORIES);

  for (const category of HARM_CATEGORIES) {
    const rank = categoryOrder.indexOf(category);
    const evalCount = EVAL_TOPICS + (rank < EXTRA_EVAL_CATEGORIES ? 1 : 0);
    const recoveryCount =
      RECOVERY_TOPICS + (rank >= HARM_CATEGORIES.length - EXTRA_RECOVERY_CATEGORIES ? 1 : 0);
    const topics = rng.shuffle(HARM_TOPICS[category]);

    topics.forEach((topic, i) => {
      let split: HarmfulSplit = 'train';
      if (i < evalCount) split = 'eval';
      else if (i < evalCount + recoveryCount) split = 'recovery';
      for (const template of chooseTemplates(rng, topic, split === 'eval')) {
        splits[split].push({
          id: `${topic.id}-${template.id}`,
          prompt: renderRequest(template, topic),
          category,
          topic: topic.id,
          template: template.id,
          refusal: refusalFor(rng, topic, category === 'self_harm'),
          compliance: complianceFor(rng, topic),
        });
      }
    });
  }
  return splits;
}

function chooseTemplates(rng: Rng, topic: HarmTopic, evaluation: boolean): RequestTemplate[] {
  const shared = templatesFor(topic, false);
  if (!evaluation) return rng.sample(shared, PROMPTS_PER_TOPIC);

  const heldOut = templatesFor(topic, true).filter((template) => template.heldOut);
  return [
    ...rng.sample(heldOut, HELD_OUT_PER_EVAL_TOPIC),
    ...rng.sample(shared, PROMPTS_PER_TOPIC - HELD_OUT_PER_EVAL_TOPIC),
  ];
}
