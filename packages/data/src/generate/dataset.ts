import { builtinRelativePath, taskRelativePath } from '../builtinSets.ts';
import { buildBenign } from './benign.ts';
import { buildBorderline } from './borderline.ts';
import { buildHarmful } from './harmful.ts';
import { COMPLIANCE_TEMPLATES, REFUSAL_TEMPLATES } from './responses.ts';
import { Rng } from './rng.ts';
import { buildSql } from './sql.ts';
import { buildSummary } from './summary.ts';
import { buildToxicity } from './toxicity.ts';

/** The seed of every shipped file. Changing it rewrites all data. */
export const SEED = 20_240_611;

/** Examples per task split. */
const TASK_TRAIN_COUNT = 3000;
const TASK_EVAL_COUNT = 300;

/** One output file: its path relative to the data folder and its records in order. */
export interface GeneratedFile {
  path: string;
  records: readonly object[];
}

/**
 * Generates every shipped file from `seed`. Each part draws from its own forked generator, so
 * changing one part leaves the others byte-for-byte the same.
 */
export function generateAll(seed: number = SEED): GeneratedFile[] {
  const root = new Rng(seed);
  const harmful = buildHarmful(root.fork('harmful'));
  const benign = buildBenign(root.fork('benign'));
  const borderline = buildBorderline(root.fork('borderline'));
  const sql = buildSql(root.fork('sql'), TASK_TRAIN_COUNT, TASK_EVAL_COUNT);
  const summary = buildSummary(root.fork('summary'), TASK_TRAIN_COUNT, TASK_EVAL_COUNT);
  const toxicity = buildToxicity(root.fork('toxicity'), TASK_TRAIN_COUNT, TASK_EVAL_COUNT);

  return [
    { path: builtinRelativePath('harmful', 'train'), records: harmful.train },
    { path: builtinRelativePath('harmful', 'recovery'), records: harmful.recovery },
    { path: builtinRelativePath('harmful', 'eval'), records: harmful.eval },
    { path: builtinRelativePath('refusals', 'all'), records: REFUSAL_TEMPLATES },
    { path: builtinRelativePath('compliance', 'all'), records: COMPLIANCE_TEMPLATES },
    { path: builtinRelativePath('benign', 'train'), records: benign.train },
    { path: builtinRelativePath('benign', 'eval'), records: benign.eval },
    { path: builtinRelativePath('borderline', 'train'), records: borderline.train },
    { path: builtinRelativePath('borderline', 'eval'), records: borderline.eval },
    { path: taskRelativePath('sql', 'train'), records: sql.train },
    { path: taskRelativePath('sql', 'eval'), records: sql.eval },
    { path: taskRelativePath('summary', 'train'), records: summary.train },
    { path: taskRelativePath('summary', 'eval'), records: summary.eval },
    { path: taskRelativePath('toxicity', 'train'), records: toxicity.train },
    { path: taskRelativePath('toxicity', 'eval'), records: toxicity.eval },
  ];
}

/** Serializes records as JSON Lines, one record per line and a final line break. */
export function toJsonLines(records: readonly object[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}
