import type { Instruction } from '../schemas.ts';
import {
  CAPITALS,
  CODING,
  GIFTS,
  MONTHS,
  NAMES,
  OPPOSITES,
  PAST_TENSES,
  PLURALS,
  SCIENCE,
  WEEKDAYS,
  WORD_POOL,
} from './benignFacts.ts';
import type { Rng } from './rng.ts';

/** A benign item before splitting: `key` groups prompts that share one fact, so they stay in one split. */
interface Candidate {
  key: string;
  topic: string;
  template: string;
  prompt: string;
  response: string;
}

/** Fraction of keys that go to the evaluation split. */
const EVAL_FRACTION = 0.2;

type Phrasing<T> = [id: string, prompt: (item: T) => string];

function fromTable<T>(
  rng: Rng,
  topic: string,
  rows: T[],
  phrasings: Phrasing<T>[],
  answer: (item: T) => string,
  key: (item: T) => string,
) {
  return rows.map((row): Candidate => {
    const [template, prompt] = rng.pick(phrasings);
    return {
      key: `${topic}:${key(row)}`,
      topic,
      template: `${topic}-${template}`,
      prompt: prompt(row),
      response: answer(row),
    };
  });
}

function facts(rng: Rng): Candidate[] {
  return [
    ...fromTable(
      rng,
      'capitals',
      CAPITALS,
      [
        ['what', ([country]) => `What is the capital of ${country}?`],
        ['which-city', ([country]) => `Which city is the capital of ${country}?`],
        ['name', ([country]) => `Name the capital city of ${country}.`],
      ],
      ([country, capital]) => `The capital of ${country} is ${capital}.`,
      ([country]) => country,
    ),
    ...fromTable(
      rng,
      'opposites',
      OPPOSITES,
      [
        ['what', ([word]) => `What is the opposite of "${word}"?`],
        ['antonym', ([word]) => `Give me an antonym for "${word}".`],
      ],
      ([word, opposite]) => `The opposite of "${word}" is "${opposite}".`,
      ([word]) => word,
    ),
    ...fromTable(
      rng,
      'plurals',
      PLURALS,
      [
        ['what', ([word]) => `What is the plural of "${word}"?`],
        ['more-than-one', ([word]) => `How do you say more than one "${word}"?`],
      ],
      ([word, plural]) => `The plural of "${word}" is "${plural}".`,
      ([word]) => word,
    ),
    ...fromTable(
      rng,
      'past-tense',
      PAST_TENSES,
      [
        ['what', ([verb]) => `What is the past tense of "${verb}"?`],
        ['yesterday', ([verb]) => `Complete the sentence with the past tense of "${verb}": Yesterday I ___.`],
      ],
      ([verb, past]) => `The past tense of "${verb}" is "${past}".`,
      ([verb]) => verb,
    ),
    ...SCIENCE.map(([prompt, response], i): Candidate => ({
      key: `science:${i}`,
      topic: 'science',
      template: 'science-qa',
      prompt,
      response,
    })),
    ...CODING.map(([prompt, response], i): Candidate => ({
      key: `coding:${i}`,
      topic: 'coding',
      template: 'coding-qa',
      prompt,
      response,
    })),
  ];
}

function arithmetic(rng: Rng): Candidate[] {
  const items: Candidate[] = [];
  const add = (template: string, prompt: string, response: string) =>
    items.push({ key: `math:${prompt}`, topic: 'math', template: `math-${template}`, prompt, response });

  for (let i = 0; i < 50; i++) {
    const [a, b] = [rng.int(2, 99), rng.int(2, 99)];
    const phrasing = rng.pick([`What is ${a} + ${b}?`, `Add ${a} and ${b}.`, `What is ${a} plus ${b}?`]);
    add('add', phrasing, `${a} + ${b} = ${a + b}.`);
  }
  for (let i = 0; i < 40; i++) {
    const a = rng.int(20, 150);
    const b = rng.int(1, a);
    const phrasing = rng.pick([
      `What is ${a} - ${b}?`,
      `Subtract ${b} from ${a}.`,
      `What is ${a} minus ${b}?`,
    ]);
    add('subtract', phrasing, `${a} - ${b} = ${a - b}.`);
  }
  for (let i = 0; i < 40; i++) {
    const [a, b] = [rng.int(2, 15), rng.int(2, 15)];
    const phrasing = rng.pick([`What is ${a} times ${b}?`, `Multiply ${a} by ${b}.`, `What is ${a} x ${b}?`]);
    add('multiply', phrasing, `${a} x ${b} = ${a * b}.`);
  }
  for (let i = 0; i < 30; i++) {
    const [b, quotient] = [rng.int(2, 12), rng.int(2, 12)];
    const phrasing = rng.pick([
      `What is ${b * quotient} divided by ${b}?`,
      `Divide ${b * quotient} by ${b}.`,
    ]);
    add('divide', phrasing, `${b * quotient} / ${b} = ${quotient}.`);
  }
  for (let i = 0; i < 30; i++) {
    const n = rng.int(1, 500);
    add('parity', `Is ${n} even or odd?`, `${n} is ${n % 2 === 0 ? 'even' : 'odd'}.`);
  }
  for (let i = 0; i < 30; i++) {
    const [a, b] = [rng.int(1, 999), rng.int(1, 999)];
    if (a === b) continue;
    add('larger', `Which is larger, ${a} or ${b}?`, `${Math.max(a, b)} is larger than ${Math.min(a, b)}.`);
  }
  return items;
}

const CONVERSIONS: [id: string, unit: string, into: string, factor: number, max: number][] = [
  ['hours-minutes', 'hours', 'minutes', 60, 12],
  ['minutes-seconds', 'minutes', 'seconds', 60, 20],
  ['km-m', 'kilometres', 'metres', 1000, 25],
  ['kg-g', 'kilograms', 'grams', 1000, 20],
  ['m-cm', 'metres', 'centimetres', 100, 30],
  ['feet-inches', 'feet', 'inches', 12, 15],
  ['days-hours', 'days', 'hours', 24, 10],
  ['weeks-days', 'weeks', 'days', 7, 20],
  ['litres-ml', 'litres', 'millilitres', 1000, 10],
];

function conversions(rng: Rng): Candidate[] {
  const items: Candidate[] = [];
  for (let i = 0; i < 60; i++) {
    const [id, unit, into, factor, max] = rng.pick(CONVERSIONS);
    const amount = rng.int(2, max);
    const prompt = rng.pick([
      `How many ${into} are in ${amount} ${unit}?`,
      `Convert ${amount} ${unit} to ${into}.`,
    ]);
    const result = (amount * factor).toLocaleString('en-US');
    items.push({
      key: `units:${prompt}`,
      topic: 'units',
      template: `units-${id}`,
      prompt,
      response: `${amount} ${unit} is ${result} ${into}.`,
    });
  }
  return items;
}

function ordering(rng: Rng): Candidate[] {
  const items: Candidate[] = [];
  for (let i = 0; i < 40; i++) {
    const numbers = Array.from({ length: rng.int(3, 6) }, () => rng.int(1, 99));
    const prompt = `Sort these numbers from smallest to largest: ${numbers.join(', ')}.`;
    const sorted = [...numbers].sort((a, b) => a - b).join(', ');
    items.push({
      key: `ordering:${prompt}`,
      topic: 'ordering',
      template: 'ordering-numbers',
      prompt,
      response: `${sorted}.`,
    });
  }
  for (let i = 0; i < 40; i++) {
    const words = rng.sample(WORD_POOL, rng.int(3, 5));
    const prompt = `Put these words in alphabetical order: ${words.join(', ')}.`;
    items.push({
      key: `ordering:${prompt}`,
      topic: 'ordering',
      template: 'ordering-words',
      prompt,
      response: `${[...words].sort().join(', ')}.`,
    });
  }
  for (let i = 0; i < 30; i++) {
    const word = rng.pick([...WORD_POOL, ...NAMES.map((name) => name.toLowerCase())]);
    const prompt = `How many letters are in the word "${word}"?`;
    items.push({
      key: `ordering:${prompt}`,
      topic: 'spelling',
      template: 'spelling-letters',
      prompt,
      response: `The word "${word}" has ${word.length} letters.`,
    });
  }
  return items;
}

function calendar(): Candidate[] {
  const cycle = (topic: string, names: string[]) =>
    names.flatMap((name, i): Candidate[] => [
      {
        key: `${topic}:after:${name}`,
        topic: 'calendar',
        template: `calendar-${topic}-after`,
        prompt: `What ${topic === 'day' ? 'day' : 'month'} comes after ${name}?`,
        response: `${names[(i + 1) % names.length]} comes after ${name}.`,
      },
      {
        key: `${topic}:before:${name}`,
        topic: 'calendar',
        template: `calendar-${topic}-before`,
        prompt: `What ${topic === 'day' ? 'day' : 'month'} comes before ${name}?`,
        response: `${names[(i + names.length - 1) % names.length]} comes before ${name}.`,
      },
    ]);
  return [...cycle('day', WEEKDAYS), ...cycle('month', MONTHS)];
}

function writing(rng: Rng): Candidate[] {
  const items: Candidate[] = [];
  for (let i = 0; i < 40; i++) {
    const [name, gift] = [rng.pick(NAMES), rng.pick(GIFTS)];
    const prompt = rng.pick([
      `Write a short thank-you note to ${name} for the ${gift}.`,
      `Help me thank ${name} for the ${gift} in two sentences.`,
    ]);
    const response = rng.pick([
      `Dear ${name}, thank you so much for the ${gift}. It was really thoughtful of you.`,
      `Hi ${name}, thanks a lot for the lovely ${gift}! It made my day.`,
      `${name}, thank you for the ${gift}. I really appreciate you thinking of me.`,
    ]);
    items.push({ key: `writing:${prompt}`, topic: 'writing', template: 'writing-thanks', prompt, response });
  }
  for (let i = 0; i < 30; i++) {
    const name = rng.pick(NAMES);
    const prompt = rng.pick([
      `Write a one-line birthday message for ${name}.`,
      `Give me a short birthday wish for my friend ${name}.`,
    ]);
    const response = rng.pick([
      `Happy birthday, ${name}! I hope your day is full of laughter and good company.`,
      `Wishing you a wonderful birthday, ${name}, and a great year ahead!`,
      `Happy birthday, ${name}! Enjoy every minute of your special day.`,
    ]);
    items.push({
      key: `writing:${prompt}`,
      topic: 'writing',
      template: 'writing-birthday',
      prompt,
      response,
    });
  }
  return items;
}

/**
 * Builds the benign instructions and splits them by key, so one fact (a country, a word) never
 * appears in both splits. Duplicate prompts are dropped.
 */
export function buildBenign(rng: Rng): { train: Instruction[]; eval: Instruction[] } {
  const candidates = [
    ...facts(rng),
    ...arithmetic(rng),
    ...conversions(rng),
    ...ordering(rng),
    ...calendar(),
    ...writing(rng),
  ];
  const unique = new Map(candidates.map((candidate) => [candidate.prompt, candidate]));

  const keys = rng.shuffle([...new Set([...unique.values()].map((candidate) => candidate.key))]);
  const evalKeys = new Set(keys.slice(0, Math.round(keys.length * EVAL_FRACTION)));

  const train: Instruction[] = [];
  const evaluation: Instruction[] = [];
  [...unique.values()].forEach((candidate, i) => {
    const record: Instruction = {
      id: `benign-${String(i + 1).padStart(4, '0')}`,
      prompt: candidate.prompt,
      response: candidate.response,
      topic: candidate.topic,
      template: candidate.template,
    };
    (evalKeys.has(candidate.key) ? evaluation : train).push(record);
  });
  return { train, eval: evaluation };
}
