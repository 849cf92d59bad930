import type { SqlExample } from '../schemas.ts';
import type { Rng } from './rng.ts';
import {
  EVAL_TABLES,
  renderSchema,
  TRAIN_TABLES,
  type NumberColumn,
  type TableSpec,
  type TextColumn,
} from './sqlSchemas.ts';

/** The parts a question pattern fills in: one text column with a value, one number column with a threshold. */
interface Slots {
  spec: TableSpec;
  text: TextColumn;
  value: string;
  number: NumberColumn;
  threshold: number;
  count: number;
}

/** A question pattern: phrasings (the last one is held out for evaluation) and the SQL it maps to. */
interface Pattern {
  id: string;
  questions: ((slots: Slots) => string)[];
  sql: (slots: Slots) => string;
}

const PATTERNS: Pattern[] = [
  {
    id: 'select-all',
    questions: [
      (s) => `List all ${s.spec.rows}.`,
      (s) => `Show every ${s.spec.row} in the table.`,
      (s) => `Return all rows for ${s.spec.rows}.`,
    ],
    sql: (s) => `SELECT * FROM ${s.spec.table};`,
  },
  {
    id: 'where-text',
    questions: [
      (s) => `Which ${s.spec.rows} have ${s.text.noun} ${s.value}?`,
      (s) => `List the ${s.spec.label} of every ${s.spec.row} whose ${s.text.noun} is ${s.value}.`,
      (s) => `Find the ${s.spec.rows} with ${s.value} as their ${s.text.noun}.`,
    ],
    sql: (s) => `SELECT ${s.spec.label} FROM ${s.spec.table} WHERE ${s.text.column} = '${s.value}';`,
  },
  {
    id: 'count-all',
    questions: [
      (s) => `How many ${s.spec.rows} are there?`,
      (s) => `Count the ${s.spec.rows}.`,
      (s) => `What is the total number of ${s.spec.rows}?`,
    ],
    sql: (s) => `SELECT COUNT(*) FROM ${s.spec.table};`,
  },
  {
    id: 'count-where',
    questions: [
      (s) => `How many ${s.spec.rows} have ${s.text.noun} ${s.value}?`,
      (s) => `Count the ${s.spec.rows} whose ${s.text.noun} is ${s.value}.`,
      (s) => `What is the number of ${s.spec.rows} with ${s.text.noun} equal to ${s.value}?`,
    ],
    sql: (s) => `SELECT COUNT(*) FROM ${s.spec.table} WHERE ${s.text.column} = '${s.value}';`,
  },
  {
    id: 'greater',
    questions: [
      (s) =>
        `List the ${s.spec.label} of ${s.spec.rows} with a ${s.number.noun} greater than ${s.threshold}.`,
      (s) => `Which ${s.spec.rows} have a ${s.number.noun} above ${s.threshold}?`,
      (s) => `Find ${s.spec.rows} whose ${s.number.noun} is more than ${s.threshold}.`,
    ],
    sql: (s) => `SELECT ${s.spec.label} FROM ${s.spec.table} WHERE ${s.number.column} > ${s.threshold};`,
  },
  {
    id: 'less',
    questions: [
      (s) => `List the ${s.spec.label} of ${s.spec.rows} with a ${s.number.noun} less than ${s.threshold}.`,
      (s) => `Which ${s.spec.rows} have a ${s.number.noun} below ${s.threshold}?`,
      (s) => `Find ${s.spec.rows} whose ${s.number.noun} is under ${s.threshold}.`,
    ],
    sql: (s) => `SELECT ${s.spec.label} FROM ${s.spec.table} WHERE ${s.number.column} < ${s.threshold};`,
  },
  {
    id: 'average',
    questions: [
      (s) => `What is the average ${s.number.noun} of all ${s.spec.rows}?`,
      (s) => `Compute the mean ${s.number.noun} across ${s.spec.rows}.`,
      (s) => `On average, what ${s.number.noun} do ${s.spec.rows} have?`,
    ],
    sql: (s) => `SELECT AVG(${s.number.column}) FROM ${s.spec.table};`,
  },
  {
    id: 'maximum',
    questions: [
      (s) => `What is the highest ${s.number.noun} among ${s.spec.rows}?`,
      (s) => `Find the maximum ${s.number.noun} of the ${s.spec.rows}.`,
      (s) => `What is the largest ${s.number.noun} any ${s.spec.row} has?`,
    ],
    sql: (s) => `SELECT MAX(${s.number.column}) FROM ${s.spec.table};`,
  },
  {
    id: 'minimum',
    questions: [
      (s) => `What is the lowest ${s.number.noun} among ${s.spec.rows}?`,
      (s) => `Find the minimum ${s.number.noun} of the ${s.spec.rows}.`,
      (s) => `What is the smallest ${s.number.noun} any ${s.spec.row} has?`,
    ],
    sql: (s) => `SELECT MIN(${s.number.column}) FROM ${s.spec.table};`,
  },
  {
    id: 'sum',
    questions: [
      (s) => `What is the total ${s.number.noun} of all ${s.spec.rows}?`,
      (s) => `Add up the ${s.number.noun} of every ${s.spec.row}.`,
      (s) => `Give the sum of ${s.number.noun} over all ${s.spec.rows}.`,
    ],
    sql: (s) => `SELECT SUM(${s.number.column}) FROM ${s.spec.table};`,
  },
  {
    id: 'top-one',
    questions: [
      (s) => `Which ${s.spec.row} has the highest ${s.number.noun}?`,
      (s) => `Name the ${s.spec.row} with the largest ${s.number.noun}.`,
      (s) => `Return the ${s.spec.label} of the ${s.spec.row} with the greatest ${s.number.noun}.`,
    ],
    sql: (s) => `SELECT ${s.spec.label} FROM ${s.spec.table} ORDER BY ${s.number.column} DESC LIMIT 1;`,
  },
  {
    id: 'top-k',
    questions: [
      (s) => `List the ${s.count} ${s.spec.rows} with the highest ${s.number.noun}.`,
      (s) => `Show the top ${s.count} ${s.spec.rows} by ${s.number.noun}.`,
      (s) => `Give me the ${s.count} ${s.spec.rows} ranked highest by ${s.number.noun}.`,
    ],
    sql: (s) =>
      `SELECT ${s.spec.label} FROM ${s.spec.table} ORDER BY ${s.number.column} DESC LIMIT ${s.count};`,
  },
  {
    id: 'bottom-k',
    questions: [
      (s) => `List the ${s.count} ${s.spec.rows} with the lowest ${s.number.noun}.`,
      (s) => `Show the bottom ${s.count} ${s.spec.rows} by ${s.number.noun}.`,
      (s) => `Which ${s.count} ${s.spec.rows} have the smallest ${s.number.noun}?`,
    ],
    sql: (s) =>
      `SELECT ${s.spec.label} FROM ${s.spec.table} ORDER BY ${s.number.column} ASC LIMIT ${s.count};`,
  },
  {
    id: 'group-count',
    questions: [
      (s) => `How many ${s.spec.rows} are there for each ${s.text.noun}?`,
      (s) => `Count the ${s.spec.rows} per ${s.text.noun}.`,
      (s) => `For every ${s.text.noun}, give the number of ${s.spec.rows}.`,
    ],
    sql: (s) => `SELECT ${s.text.column}, COUNT(*) FROM ${s.spec.table} GROUP BY ${s.text.column};`,
  },
  {
    id: 'distinct',
    questions: [
      (s) => `List the different ${s.text.noun} values of the ${s.spec.rows}.`,
      (s) => `Which distinct ${s.text.noun} values appear among ${s.spec.rows}?`,
      (s) => `Show each ${s.text.noun} of the ${s.spec.rows} once.`,
    ],
    sql: (s) => `SELECT DISTINCT ${s.text.column} FROM ${s.spec.table};`,
  },
  {
    id: 'where-and',
    questions: [
      (s) =>
        `Which ${s.spec.rows} have ${s.text.noun} ${s.value} and a ${s.number.noun} greater than ${s.threshold}?`,
      (s) =>
        `List the ${s.spec.label} of ${s.spec.rows} with ${s.text.noun} ${s.value} whose ${s.number.noun} is above ${s.threshold}.`,
      (s) =>
        `Find ${s.spec.rows} where the ${s.text.noun} is ${s.value} and the ${s.number.noun} exceeds ${s.threshold}.`,
    ],
    sql: (s) =>
      `SELECT ${s.spec.label} FROM ${s.spec.table} WHERE ${s.text.column} = '${s.value}' AND ${s.number.column} > ${s.threshold};`,
  },
  {
    id: 'average-where',
    questions: [
      (s) => `What is the average ${s.number.noun} of ${s.spec.rows} with ${s.text.noun} ${s.value}?`,
      (s) => `Compute the mean ${s.number.noun} for ${s.spec.rows} whose ${s.text.noun} is ${s.value}.`,
      (s) => `Among ${s.spec.rows} with ${s.text.noun} ${s.value}, what is the average ${s.number.noun}?`,
    ],
    sql: (s) => `SELECT AVG(${s.number.column}) FROM ${s.spec.table} WHERE ${s.text.column} = '${s.value}';`,
  },
];

const INSTRUCTION = 'Write an SQL query that answers the question.';

function randomSlots(rng: Rng, spec: TableSpec): Slots {
  const text = rng.pick(spec.text);
  const number = rng.pick(spec.numbers);
  // Round thresholds to steps that suit the range, as a person would ("above 40000", not "above 40127").
  const range = number.max - number.min;
  let step = 1;
  if (range > 1000) step = 1000;
  else if (range > 100) step = 10;
  const threshold = Math.round(rng.int(number.min, number.max) / step) * step;
  return { spec, text, value: rng.pick(text.values), number, threshold, count: rng.int(2, 10) };
}

function example(spec: TableSpec, pattern: Pattern, phrasing: number, slots: Slots, id: string): SqlExample {
  const question = pattern.questions[phrasing](slots);
  const schema = renderSchema(spec);
  return {
    id,
    task: 'sql',
    prompt: `${INSTRUCTION}\nSchema: ${schema}\nQuestion: ${question}`,
    response: pattern.sql(slots),
    template: `${pattern.id}-${phrasing + 1}`,
    schema,
    schemaId: spec.id,
    question,
  };
}

/**
 * Builds the text-to-SQL splits. Training uses ten schemas and the first two phrasings of each
 * pattern. Evaluation mixes four schemas never seen in training (all phrasings) with training
 * schemas asked in the held-out third phrasing, and shares no prompt with training.
 */
export function buildSql(
  rng: Rng,
  trainCount: number,
  evalCount: number,
): { train: SqlExample[]; eval: SqlExample[] } {
  const train = new Map<string, SqlExample>();
  for (let guard = 0; train.size < trainCount && guard < trainCount * 20; guard++) {
    const spec = rng.pick(TRAIN_TABLES);
    const pattern = rng.pick(PATTERNS);
    const record = example(
      spec,
      pattern,
      rng.int(0, 1),
      randomSlots(rng, spec),
      `sql-train-${String(train.size + 1).padStart(5, '0')}`,
    );
    if (!train.has(record.prompt)) train.set(record.prompt, record);
  }

  const evaluation = new Map<string, SqlExample>();
  for (let guard = 0; evaluation.size < evalCount && guard < evalCount * 20; guard++) {
    const unseenSchema = rng.next() < 0.6;
    const spec = rng.pick(unseenSchema ? EVAL_TABLES : TRAIN_TABLES);
    const pattern = rng.pick(PATTERNS);
    const phrasing = unseenSchema ? rng.int(0, 2) : 2;
    const record = example(
      spec,
      pattern,
      phrasing,
      randomSlots(rng, spec),
      `sql-eval-${String(evaluation.size + 1).padStart(4, '0')}`,
    );
    if (!train.has(record.prompt) && !evaluation.has(record.prompt)) evaluation.set(record.prompt, record);
  }
  return { train: [...train.values()], eval: [...evaluation.values()] };
}
