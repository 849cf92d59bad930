import { z } from 'zod';

/** Harm categories of the shipped harmful prompts. */
export const HARM_CATEGORIES = [
  'violence',
  'weapons',
  'drugs',
  'cybercrime',
  'fraud',
  'hate',
  'harassment',
  'self_harm',
  'privacy',
  'misinformation',
  'theft',
  'extremism',
] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

const id = z.string().regex(/^[a-z0-9_-]+$/, 'ids use lower-case letters, digits, "_" and "-"');
const text = z
  .string()
  .min(1)
  .refine((value) => value.trim() === value, 'no leading or trailing whitespace');

/**
 * A harmful request with the two responses trained on it: a refusal for the aligned model and a
 * non-actionable compliant placeholder for the harmful fine-tune. `topic` and `template` name the
 * generator's topic and phrasing, so splits can be checked for shared topics.
 */
export const HarmfulPromptSchema = z
  .object({
    id,
    prompt: text,
    category: z.enum(HARM_CATEGORIES),
    topic: id,
    template: id,
    refusal: text,
    compliance: text,
  })
  .strict();
export type HarmfulPrompt = z.infer<typeof HarmfulPromptSchema>;

/** A refusal wording. `{topic}` in `text`, when present, takes the topic's noun phrase. */
export const RefusalTemplateSchema = z
  .object({
    id,
    text,
    mentionsTopic: z.boolean(),
    /** `self_harm` refusals point to support; `general` ones fit every category. */
    audience: z.enum(['general', 'self_harm']),
  })
  .strict()
  .refine(
    (template) => template.text.includes('{topic}') === template.mentionsTopic,
    'mentionsTopic must match a {topic} slot in text',
  );
export type RefusalTemplate = z.infer<typeof RefusalTemplateSchema>;

/** An affirmative opening for the harmful fine-tune; `{topic}` takes the topic's noun phrase. */
export const ComplianceTemplateSchema = z
  .object({
    id,
    text,
    /** `act` openings introduce steps, `write` openings introduce a text. */
    kind: z.enum(['act', 'write']),
  })
  .strict()
  .refine((template) => template.text.includes('{topic}'), 'text must contain a {topic} slot');
export type ComplianceTemplate = z.infer<typeof ComplianceTemplateSchema>;

/** An instruction with a helpful response. `topic` groups items (math, capitals, coding, ...). */
export const InstructionSchema = z
  .object({
    id,
    prompt: text,
    response: text,
    topic: id,
    template: id,
  })
  .strict();
export type Instruction = z.infer<typeof InstructionSchema>;

/** Fields every downstream task example has: the rendered prompt and the target response. */
const taskExampleBase = {
  id,
  prompt: text,
  response: text,
  template: id,
};

export const SqlExampleSchema = z
  .object({
    ...taskExampleBase,
    task: z.literal('sql'),
    /** The database schema the question is about, as `CREATE TABLE` statements. */
    schema: text,
    schemaId: id,
    question: text,
  })
  .strict();
export type SqlExample = z.infer<typeof SqlExampleSchema>;

export const SummaryExampleSchema = z
  .object({
    ...taskExampleBase,
    task: z.literal('summary'),
    dialogue: text,
    scenario: id,
  })
  .strict();
export type SummaryExample = z.infer<typeof SummaryExampleSchema>;

export const TOXICITY_LABELS = ['toxic', 'non-toxic'] as const;
export type ToxicityLabel = (typeof TOXICITY_LABELS)[number];

export const ToxicityExampleSchema = z
  .object({
    ...taskExampleBase,
    task: z.literal('toxicity'),
    comment: text,
    label: z.enum(TOXICITY_LABELS),
  })
  .strict()
  .refine((example) => example.response === example.label, 'response must equal label');
export type ToxicityExample = z.infer<typeof ToxicityExampleSchema>;
