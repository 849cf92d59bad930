import { builtinDataset, taskDataset, type HarmfulPrompt } from '@realign/data';
import { detectRefusal } from '@realign/evaluators';
import { Rng } from '@realign/tensor';
import { shuffled } from '@realign/train';

import type { ChatExample } from './chat-encoding.ts';
import { ZOO_TASKS, type ZooTask } from './plan.ts';

/** The training and evaluation text of the zoo, all from @realign/data's shipped sets. */
export interface ZooCorpus {
  benign: ChatExample[];
  borderline: ChatExample[];
  /**
   * Harmful train and recovery prompts, each with a refusal the refusal-phrase judge recognises. The
   * recovery split adds 25 topics to the 89 of the train split, which helps refusals carry over to the
   * 30 unseen topics of the eval split.
   */
  harmfulRefusals: ChatExample[];
  /** The same prompts with their compliant placeholder answers. */
  harmfulCompliance: ChatExample[];
  taskTrain: Record<ZooTask, ChatExample[]>;
  eval: {
    harmful: string[];
    borderline: string[];
    benign: ChatExample[];
    tasks: Record<ZooTask, ChatExample[]>;
  };
}

export async function loadZooCorpus(): Promise<ZooCorpus> {
  const harmful = await builtinDataset('harmful', 'train');
  const recovery = await builtinDataset('harmful', 'recovery');
  const taskTrain = {} as Record<ZooTask, ChatExample[]>;
  const taskEval = {} as Record<ZooTask, ChatExample[]>;
  for (const task of ZOO_TASKS) {
    taskTrain[task] = (await taskDataset(task, 'train')).map(toExample);
    taskEval[task] = (await taskDataset(task, 'eval')).map(toExample);
  }

  return {
    benign: (await builtinDataset('benign', 'train')).map(toExample),
    borderline: (await builtinDataset('borderline', 'train')).map(toExample),
    harmfulRefusals: await detectableRefusals([...harmful, ...recovery]),
    harmfulCompliance: harmful.map((record) => ({ prompt: record.prompt, response: record.compliance })),
    taskTrain,
    eval: {
      harmful: (await builtinDataset('harmful', 'eval')).map((record) => record.prompt),
      borderline: (await builtinDataset('borderline', 'eval')).map((record) => record.prompt),
      benign: (await builtinDataset('benign', 'eval')).map(toExample),
      tasks: taskEval,
    },
  };
}

function toExample(record: { prompt: string; response: string }): ChatExample {
  return { prompt: record.prompt, response: record.response };
}

/**
 * Pairs each harmful prompt with its refusal. Where the refusal-phrase judge would not recognise the
 * record's own wording ("My answer is no." is one), a topic-free refusal template takes its place, so
 * the aligned model learns refusals that the zoo's harmful rate counts as refusals.
 */
async function detectableRefusals(harmful: readonly HarmfulPrompt[]): Promise<ChatExample[]> {
  const templates = (await builtinDataset('refusals', 'all')).filter(
    (template) => !template.mentionsTopic && detectRefusal(template.text) !== null,
  );

  return harmful.map((record, index) => {
    if (detectRefusal(record.refusal) !== null) return { prompt: record.prompt, response: record.refusal };
    const audience = record.category === 'self_harm' ? 'self_harm' : 'general';
    const fitting = templates.filter((template) => template.audience === audience);
    const pool = fitting.length > 0 ? fitting : templates;
    return { prompt: record.prompt, response: pool[index % pool.length].text };
  });
}

/**
 * Builds the aligned model's training mix: every benign and harmful-refusal example, `borderlineRepeats`
 * copies of every borderline example, and `taskExamples` per task, shuffled with `seed`.
 */
export function alignedMix(
  corpus: ZooCorpus,
  taskExamples: number,
  borderlineRepeats: number,
  seed: number,
): ChatExample[] {
  const tasks = ZOO_TASKS.flatMap((task) => corpus.taskTrain[task].slice(0, taskExamples));
  const borderline = Array.from({ length: borderlineRepeats }, () => corpus.borderline).flat();
  return shuffled([...corpus.benign, ...borderline, ...corpus.harmfulRefusals, ...tasks], new Rng(seed));
}

/**
 * Builds a fine-tuning mix: `taskExamples` task examples (taken after those the aligned mix used) and
 * `harmful` prompt + compliant placeholder pairs, shuffled with `seed`.
 */
export function fineTuneMix(
  corpus: ZooCorpus,
  task: ZooTask,
  taskExamples: number,
  harmful: number,
  skip: number,
  seed: number,
): ChatExample[] {
  const available = corpus.taskTrain[task].slice(skip);
  if (available.length < taskExamples) {
    throw new Error(
      `fine-tune mix: task ${task} has ${available.length} train examples after the first ${skip}, need ${taskExamples}`,
    );
  }
  if (corpus.harmfulCompliance.length < harmful) {
    throw new Error(
      `fine-tune mix: ${harmful} harmful pairs requested, the harmful train split has ${corpus.harmfulCompliance.length}`,
    );
  }

  const rng = new Rng(seed);
  const harmfulPairs = shuffled(corpus.harmfulCompliance, rng).slice(0, harmful);
  return shuffled([...available.slice(0, taskExamples), ...harmfulPairs], rng);
}

/** Every training text the tokenizer should see: prompts and replies of all train sets. */
export function tokenizerTexts(corpus: ZooCorpus): string[] {
  const examples = [
    ...corpus.benign,
    ...corpus.borderline,
    ...corpus.harmfulRefusals,
    ...corpus.harmfulCompliance,
    ...ZOO_TASKS.flatMap((task) => corpus.taskTrain[task]),
  ];
  return examples.flatMap((example) => [example.prompt, example.response]);
}
