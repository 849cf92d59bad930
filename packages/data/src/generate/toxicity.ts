import type { ToxicityExample, ToxicityLabel } from '../schemas.ts';
import type { Rng } from './rng.ts';

/**
 * Short comments labelled toxic (mild personal insults aimed at the reader) or non-toxic
 * (praise, questions, polite criticism, and complaints about things rather than people). No
 * comment targets a group of people.
 */
const INSULTS = [
  'idiot',
  'clown',
  'loser',
  'fool',
  'dimwit',
  'numbskull',
  'bozo',
  'nitwit',
  'doofus',
  'airhead',
  'know-it-all',
  'buffoon',
];
const INSULT_ADJECTIVES = [
  'stupid',
  'pathetic',
  'clueless',
  'brainless',
  'worthless',
  'dense',
  'lazy',
  'ridiculous',
];
const THINGS = [
  'post',
  'review',
  'video',
  'comment',
  'article',
  'recipe',
  'photo',
  'song',
  'drawing',
  'app',
  'blog',
  'podcast',
  'game',
  'essay',
];
const TOPICS = [
  'the new bike lanes',
  'the ending of the film',
  'remote work',
  'the match last night',
  'the price increase',
  'the library hours',
  'electric cars',
  'the update',
  'the school menu',
  'the park redesign',
];
const NICE_ADJECTIVES = [
  'helpful',
  'clear',
  'funny',
  'thoughtful',
  'beautiful',
  'useful',
  'interesting',
  'well written',
];
const PLAIN_NEGATIVES = ['terrible', 'awful', 'annoying', 'frustrating', 'disappointing'];
const NUISANCES = [
  'weather',
  'traffic',
  'queue at the post office',
  'wifi on the train',
  'noise from the roadworks',
  'bus delay',
];

type Template = [id: string, render: (rng: Rng) => string];

const TOXIC: Template[] = [
  ['such-a', (r) => `You are such a ${r.pick(INSULTS)}.`],
  [
    'what-a-take',
    (r) => `What a ${r.pick(INSULT_ADJECTIVES)} take on ${r.pick(TOPICS)}, you ${r.pick(INSULTS)}.`,
  ],
  [
    'only-a',
    (r) => `Only a ${r.pick(INSULTS)} would write a ${r.pick(THINGS)} this ${r.pick(INSULT_ADJECTIVES)}.`,
  ],
  ['nobody-cares', (r) => `Nobody cares about your ${r.pick(THINGS)}, ${r.pick(INSULTS)}.`],
  ['shut-up', (r) => `Shut up about ${r.pick(TOPICS)}, you ${r.pick(INSULT_ADJECTIVES)} ${r.pick(INSULTS)}.`],
  ['garbage', (r) => `Your ${r.pick(THINGS)} is garbage and so are you.`],
  ['go-away', (r) => `Go away, ${r.pick(INSULTS)}. Nobody wants your opinion on ${r.pick(TOPICS)}.`],
  [
    'brain',
    (r) =>
      `Did you even use your brain for this ${r.pick(THINGS)}? ${capitalize(r.pick(INSULT_ADJECTIVES))}.`,
  ],
  ['embarrassing', (r) => `You are an embarrassment, ${r.pick(INSULTS)}.`],
  ['dumbest', (r) => `This is the dumbest ${r.pick(THINGS)} I have ever seen. You ${r.pick(INSULTS)}.`],
];

const TOXIC_HELD_OUT: Template[] = [
  [
    'congrats',
    (r) =>
      `Congratulations, you ${r.pick(INSULTS)}, that might be the most ${r.pick(INSULT_ADJECTIVES)} ${r.pick(THINGS)} online.`,
  ],
  ['typical', (r) => `Typical ${r.pick(INSULTS)} behaviour. Log off.`],
  [
    'waste',
    (r) =>
      `You ${r.pick(INSULT_ADJECTIVES)} ${r.pick(INSULTS)}, stop wasting everyone's time with ${r.pick(TOPICS)}.`,
  ],
];

const NON_TOXIC: Template[] = [
  ['thanks', (r) => `Thanks for the ${r.pick(NICE_ADJECTIVES)} ${r.pick(THINGS)}!`],
  ['disagree', (r) => `I disagree with your point about ${r.pick(TOPICS)}, but thanks for sharing.`],
  ['question', (r) => `Could you explain the part about ${r.pick(TOPICS)} again?`],
  ['improve', (r) => `I think the ${r.pick(THINGS)} could be improved with a few more examples.`],
  ['loved', (r) => `Loved this ${r.pick(THINGS)}, it was really ${r.pick(NICE_ADJECTIVES)}.`],
  [
    'nuisance',
    (r) => `The ${r.pick(NUISANCES)} was ${r.pick(PLAIN_NEGATIVES)} today, but I made it in the end.`,
  ],
  ['not-convinced', (r) => `I'm not convinced about ${r.pick(TOPICS)}. Do you have a source?`],
  ['great-work', (r) => `Great work on this ${r.pick(THINGS)}, keep it up.`],
  [
    'bit-long',
    (r) => `The ${r.pick(THINGS)} was a bit long, but the main idea was ${r.pick(NICE_ADJECTIVES)}.`,
  ],
  ['agree', (r) => `Totally agree about ${r.pick(TOPICS)}.`],
  ['recommend', (r) => `I would recommend this ${r.pick(THINGS)} to anyone interested in ${r.pick(TOPICS)}.`],
  [
    'weekend',
    (r) =>
      `Spent the weekend reading about ${r.pick(TOPICS)}, and this ${r.pick(THINGS)} was the most ${r.pick(NICE_ADJECTIVES)} one.`,
  ],
  [
    'free-time',
    (r) =>
      `The ${r.pick(NUISANCES)} was ${r.pick(PLAIN_NEGATIVES)} again, so I finally had time for your ${r.pick(THINGS)}.`,
  ],
  [
    'respectfully',
    (r) => `Respectfully, I think the ${r.pick(THINGS)} misses a few points about ${r.pick(TOPICS)}.`,
  ],
  [
    'anyone-know',
    (r) =>
      `Does anyone know where to read more about ${r.pick(TOPICS)}? This ${r.pick(THINGS)} was ${r.pick(NICE_ADJECTIVES)}.`,
  ],
];

const NON_TOXIC_HELD_OUT: Template[] = [
  [
    'mixed',
    (r) => `Not my favourite ${r.pick(THINGS)}, honestly, but I can see the effort that went into it.`,
  ],
  ['curious', (r) => `Interesting view on ${r.pick(TOPICS)}. What made you change your mind?`],
  [
    'complaint',
    (r) => `Ugh, the ${r.pick(NUISANCES)} is so ${r.pick(PLAIN_NEGATIVES)}. Anyway, nice ${r.pick(THINGS)}!`,
  ],
];

const INSTRUCTION = 'Is this comment toxic or non-toxic? Answer with one label.';

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

function example(
  rng: Rng,
  label: ToxicityLabel,
  [templateId, render]: Template,
  id: string,
): ToxicityExample {
  const comment = render(rng);
  return {
    id,
    task: 'toxicity',
    prompt: `${INSTRUCTION}\nComment: ${comment}`,
    response: label,
    template: `${label}-${templateId}`,
    comment,
    label,
  };
}

/**
 * Builds the toxicity classification splits with balanced labels. Evaluation draws half its
 * comments from phrasings training never shows. Comments that also occur in training are dropped,
 * so those phrasings end up as about three quarters of evaluation.
 */
export function buildToxicity(
  rng: Rng,
  trainCount: number,
  evalCount: number,
): { train: ToxicityExample[]; eval: ToxicityExample[] } {
  const train = new Map<string, ToxicityExample>();
  for (let guard = 0; train.size < trainCount && guard < trainCount * 20; guard++) {
    const label: ToxicityLabel = train.size % 2 === 0 ? 'toxic' : 'non-toxic';
    const template = rng.pick(label === 'toxic' ? TOXIC : NON_TOXIC);
    const record = example(rng, label, template, `toxicity-train-${String(train.size + 1).padStart(5, '0')}`);
    if (!train.has(record.comment)) train.set(record.comment, record);
  }

  const evaluation = new Map<string, ToxicityExample>();
  for (let guard = 0; evaluation.size < evalCount && guard < evalCount * 20; guard++) {
    const label: ToxicityLabel = evaluation.size % 2 === 0 ? 'toxic' : 'non-toxic';
    const heldOut = rng.next() < 0.5;
    let pool = heldOut ? NON_TOXIC_HELD_OUT : NON_TOXIC;
    if (label === 'toxic') pool = heldOut ? TOXIC_HELD_OUT : TOXIC;
    const record = example(
      rng,
      label,
      rng.pick(pool),
      `toxicity-eval-${String(evaluation.size + 1).padStart(4, '0')}`,
    );
    if (!train.has(record.comment) && !evaluation.has(record.comment)) evaluation.set(record.comment, record);
  }
  return { train: [...train.values()], eval: [...evaluation.values()] };
}
