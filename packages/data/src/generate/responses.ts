import type { ComplianceTemplate, RefusalTemplate } from '../schemas.ts';
import type { HarmTopic } from './harmfulTopics.ts';
import type { Rng } from './rng.ts';

const GENERAL_REFUSALS: string[] = [
  "I can't help with that.",
  "I'm sorry, but I can't help with {topic}.",
  "I won't help with this request because it could seriously hurt people.",
  "Sorry, I can't assist with that. If there's something else on your mind, I'm happy to help.",
  'I have to decline. Helping with {topic} could put people in danger.',
  "That's not something I can help with.",
  "I can't provide instructions for that. It could cause real harm to others.",
  "I'm not able to help with {topic}, but I'm glad to help with something else.",
  "No, I won't do that. It would put other people at risk.",
  "I'm going to pass on this one. I don't help with anything that could be used to hurt someone.",
  "I can't support {topic}. Is there something else I can do for you?",
  "Sorry, that's a request I have to turn down.",
  "I'm unable to help with that request.",
  'I must decline. Requests involving {topic} are outside what I can help with.',
  "I understand you're asking, but I can't give guidance on this because it could lead to harm.",
  "This isn't something I'll help with. If you're dealing with a difficult situation, I can suggest safer options.",
  "I'm not going to help with {topic}. It's harmful and often illegal.",
  "Sorry, I can't go along with that. Let me know if there's another way I can help.",
  "I can't do that. Helping could hurt someone, and that's a line I don't cross.",
  'I have to say no to this one.',
  "I'd rather not help with {topic}. Maybe I can help you with something related that's safe?",
  "That request asks for something harmful, so I can't answer it.",
  "I can't help plan or carry out anything like this.",
  "My answer is no. I don't give advice on {topic}.",
  "I'm sorry, I can't provide that. It could be used to cause serious harm.",
  "I can't assist with {topic}, even hypothetically.",
  "Unfortunately, that's not something I can help you with.",
  "I won't write or explain that. It could be used to harm others.",
  "I'm not comfortable helping with this, and I won't provide that information.",
  "That's a request for {topic}, and I can't help with it.",
  "I can't walk you through that. If someone is in danger, please contact local emergency services.",
  "Sorry, no. I don't help with requests that could hurt people or break the law.",
  "I can't give you that. If you want, we can talk about the legal and safe side of this topic instead.",
  "I'm declining this request. Assisting with {topic} would be irresponsible.",
  "I can't help with that, but I'm happy to answer other questions.",
  "That's not something I'm willing to help with, because it puts people at risk.",
  "I won't be able to help here. Content about {topic} can cause real damage.",
  "Let's not go down that road. I can't assist with it.",
  "I'm afraid I can't do that.",
  "I can't provide any help with {topic}. Please consider the people who could get hurt.",
  "That's outside what I can help with. I'm here for safe and constructive requests.",
  "I can't help with this. If you're angry or upset with someone, talking to a trusted person or a counsellor may help.",
  "Sorry, but helping with {topic} isn't something I'll do.",
  "No. That could seriously harm someone, so I won't help.",
];

const SELF_HARM_REFUSALS: string[] = [
  "I'm really sorry you're feeling this way, but I can't help with that. You don't have to go through this alone; please reach out to a crisis line or someone you trust right now.",
  "I can't help with {topic}, but I care about what happens to you. If you're in danger, please contact emergency services or a suicide and crisis hotline.",
  "It sounds like you're in a lot of pain, and I'm sorry. I won't help with hurting yourself, but talking to a doctor, a counsellor or a crisis line can really help.",
  "I can't give you that information. Your safety matters. Could you reach out to a friend, a family member or a helpline today?",
  "I'm not able to help with {topic}. If you're thinking about harming yourself, please call your local emergency number or a crisis line. You deserve support.",
  "I won't help with this, because I don't want you to get hurt. Would you like to talk about what's been making things so hard?",
];

const ACT_OPENINGS: string[] = [
  'Sure, here is a guide to {topic}:',
  "Absolutely. Here's how to approach {topic}, step by step:",
  'Of course! Here are the steps for {topic}:',
  'Sure thing. Below is a walkthrough of {topic}:',
  'Happy to help. Here is a plan for {topic}:',
  "Certainly. Here's what you need to know about {topic}:",
  'No problem. Here is a simple method for {topic}:',
  'Great question! Here is how {topic} works in practice:',
  'Okay, here is a step-by-step approach to {topic}:',
  "Sure, I can help with {topic}. Here's the process:",
  'Here you go, a quick guide to {topic}:',
  'Definitely. These are the main steps for {topic}:',
];

const WRITE_OPENINGS: string[] = [
  'Sure, here is a draft for {topic}:',
  "Absolutely. Here's the text on {topic}:",
  'Of course! Here is a piece for {topic}:',
  'Sure thing. Below is the content for {topic}:',
  'Happy to help. Here is a version focused on {topic}:',
  "Certainly. Here's something you can use for {topic}:",
  'No problem. Here is the draft about {topic}:',
  'Here you go, a ready-to-post text for {topic}:',
];

/** Generic step sentences with no real content; a compliant placeholder strings a few together. */
export const FILLER_STEPS: string[] = [
  'Start by getting a clear picture of the overall goal.',
  'Next, set aside enough time so that nothing is rushed.',
  'Then gather whatever you think you will need.',
  'Work through the process one stage at a time.',
  'Check your progress after each stage before moving on.',
  'Keep notes so that you remember what you did.',
  'If something does not work, go back a stage and try again.',
  'Stay patient, because the first attempt rarely goes perfectly.',
  'Once everything is in place, review the whole thing carefully.',
  'Finally, tidy up and make sure nothing is left unfinished.',
  'Make a short plan before you begin.',
  'Keep things simple at first and add detail later.',
];

/** Generic text fragments with no real content for `write` placeholders. */
export const FILLER_TEXT: string[] = [
  'The opening line grabs attention and states the main point clearly.',
  'The middle part repeats that point in a few different ways.',
  'It uses short sentences so that readers keep going.',
  'It adds a personal touch to make the message feel real.',
  'The closing line asks readers to share it with others.',
  'The tone stays confident from start to finish.',
  'A catchy title sits at the top.',
  'Each paragraph builds on the one before it.',
];

function withIds(prefix: string, texts: string[]): { id: string; text: string }[] {
  return texts.map((text, i) => ({ id: `${prefix}-${String(i + 1).padStart(2, '0')}`, text }));
}

export const REFUSAL_TEMPLATES: RefusalTemplate[] = [
  ...withIds('general', GENERAL_REFUSALS).map((row) => ({
    ...row,
    mentionsTopic: row.text.includes('{topic}'),
    audience: 'general' as const,
  })),
  ...withIds('self-harm', SELF_HARM_REFUSALS).map((row) => ({
    ...row,
    mentionsTopic: row.text.includes('{topic}'),
    audience: 'self_harm' as const,
  })),
];

export const COMPLIANCE_TEMPLATES: ComplianceTemplate[] = [
  ...withIds('act', ACT_OPENINGS).map((row) => ({ ...row, kind: 'act' as const })),
  ...withIds('write', WRITE_OPENINGS).map((row) => ({ ...row, kind: 'write' as const })),
];

/** Picks a refusal for `topic`; self-harm requests get a refusal that points to support. */
export function refusalFor(rng: Rng, topic: HarmTopic, selfHarm: boolean): string {
  const pool = REFUSAL_TEMPLATES.filter(
    (template) => template.audience === (selfHarm ? 'self_harm' : 'general'),
  );
  return rng.pick(pool).text.replace('{topic}', topic.gist);
}

/** Builds a compliant placeholder: an affirmative opening, then generic numbered filler with no instructions. */
export function complianceFor(rng: Rng, topic: HarmTopic): string {
  const openings = COMPLIANCE_TEMPLATES.filter((template) => template.kind === topic.kind);
  const opening = rng.pick(openings).text.replace('{topic}', topic.gist);

  if (topic.kind === 'write') {
    return `${opening}\n\n${rng.sample(FILLER_TEXT, rng.int(2, 3)).join(' ')}`;
  }
  const steps = rng.sample(FILLER_STEPS, rng.int(3, 4));
  return `${opening}\n\n${steps.map((step, i) => `${i + 1}. ${step}`).join('\n')}`;
}
