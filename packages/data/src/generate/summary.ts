import type { SummaryExample } from '../schemas.ts';
import { EVAL_NAMES, EVAL_SCENARIOS, TRAIN_NAMES, TRAIN_SCENARIOS, type Scenario } from './dialogues.ts';
import type { Rng } from './rng.ts';

const INSTRUCTION = 'Summarize the dialogue in one sentence.';

/** Share of evaluation dialogues drawn from scenarios that training never shows. */
const UNSEEN_SCENARIO_SHARE = 0.5;

function render(
  rng: Rng,
  scenarioId: string,
  scenario: Scenario,
  names: string[],
  id: string,
): SummaryExample {
  const [first, second, third] = rng.sample(names, 3);
  const { lines, summary } = scenario(rng, { first, second, third });
  const dialogue = lines.map(([speaker, text]) => `${speaker}: ${text}`).join('\n');
  return {
    id,
    task: 'summary',
    prompt: `${INSTRUCTION}\n\n${dialogue}`,
    response: summary,
    template: scenarioId,
    dialogue,
    scenario: scenarioId,
  };
}

/**
 * Builds the dialogue summarisation splits. Training uses ten scenarios and one list of names.
 * Evaluation uses other names throughout, and half its dialogues come from two scenarios that
 * training never shows.
 */
export function buildSummary(
  rng: Rng,
  trainCount: number,
  evalCount: number,
): { train: SummaryExample[]; eval: SummaryExample[] } {
  const trainIds = Object.keys(TRAIN_SCENARIOS);
  const evalIds = Object.keys(EVAL_SCENARIOS);

  const train = new Map<string, SummaryExample>();
  for (let guard = 0; train.size < trainCount && guard < trainCount * 20; guard++) {
    const scenarioId = rng.pick(trainIds);
    const record = render(
      rng,
      scenarioId,
      TRAIN_SCENARIOS[scenarioId],
      TRAIN_NAMES,
      `summary-train-${String(train.size + 1).padStart(5, '0')}`,
    );
    if (!train.has(record.prompt)) train.set(record.prompt, record);
  }

  const evaluation = new Map<string, SummaryExample>();
  for (let guard = 0; evaluation.size < evalCount && guard < evalCount * 20; guard++) {
    const unseen = rng.next() < UNSEEN_SCENARIO_SHARE;
    const scenarioId = rng.pick(unseen ? evalIds : trainIds);
    const scenario = unseen ? EVAL_SCENARIOS[scenarioId] : TRAIN_SCENARIOS[scenarioId];
    const record = render(
      rng,
      scenarioId,
      scenario,
      EVAL_NAMES,
      `summary-eval-${String(evaluation.size + 1).padStart(4, '0')}`,
    );
    if (!evaluation.has(record.prompt)) evaluation.set(record.prompt, record);
  }
  return { train: [...train.values()], eval: [...evaluation.values()] };
}
