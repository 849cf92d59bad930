import { HARM_CATEGORIES } from '../schemas.ts';
import { toJsonLines, type GeneratedFile } from './dataset.ts';

export interface DataStats {
  files: { path: string; records: number; bytes: number; templates: number }[];
  totalBytes: number;
  harmfulByCategory: Record<string, Record<string, number>>;
  harmfulTopics: Record<string, number>;
  /** For each set with splits: prompts found in more than one split (0 when the splits are disjoint). */
  sharedPrompts: Record<string, number>;
  /** Harmful topics found in more than one split. */
  sharedHarmfulTopics: number;
}

interface Prompted {
  prompt?: string;
  template?: string;
  id?: string;
  category?: string;
  topic?: string;
}

const START = '<!-- stats:start -->';
const END = '<!-- stats:end -->';

/** Groups files by set: `harmful/train.jsonl` and `harmful/eval.jsonl` belong to `harmful`. */
function setOf(path: string): { set: string; split: string } {
  const parts = path.replace(/\.jsonl$/, '').split('/');
  return { set: parts.slice(0, -1).join('/'), split: parts[parts.length - 1] };
}

/** Counts values that occur in more than one group. */
export function countShared(groups: readonly (readonly string[])[]): number {
  const seenIn = new Map<string, Set<number>>();
  groups.forEach((values, group) =>
    values.forEach((value) => seenIn.set(value, (seenIn.get(value) ?? new Set()).add(group))),
  );
  return [...seenIn.values()].filter((groupsOfValue) => groupsOfValue.size > 1).length;
}

export function computeStats(files: readonly GeneratedFile[]): DataStats {
  const stats: DataStats = {
    files: [],
    totalBytes: 0,
    harmfulByCategory: {},
    harmfulTopics: {},
    sharedPrompts: {},
    sharedHarmfulTopics: 0,
  };
  const promptsBySet = new Map<string, string[][]>();
  const harmfulTopicsBySplit: string[][] = [];

  for (const file of files) {
    const records = file.records as Prompted[];
    const bytes = Buffer.byteLength(toJsonLines(file.records));
    const templates = new Set(records.map((record) => record.template ?? record.id)).size;
    stats.files.push({ path: `data/${file.path}`, records: records.length, bytes, templates });
    stats.totalBytes += bytes;

    const { set, split } = setOf(file.path);
    if (records.every((record) => record.prompt !== undefined)) {
      promptsBySet.set(set, [
        ...(promptsBySet.get(set) ?? []),
        records.map((record) => record.prompt as string),
      ]);
    }
    if (set === 'harmful') {
      for (const category of HARM_CATEGORIES) {
        stats.harmfulByCategory[category] ??= {};
        stats.harmfulByCategory[category][split] = records.filter(
          (record) => record.category === category,
        ).length;
      }
      const topics = [...new Set(records.map((record) => record.topic as string))];
      stats.harmfulTopics[split] = topics.length;
      harmfulTopicsBySplit.push(topics);
    }
  }

  for (const [set, groups] of promptsBySet) stats.sharedPrompts[set] = countShared(groups);
  stats.sharedHarmfulTopics = countShared(harmfulTopicsBySplit);
  return stats;
}

export function renderStatsMarkdown(stats: DataStats): string {
  const lines = [
    START,
    '| File | Records | Distinct templates | Size (KiB) |',
    '| --- | ---: | ---: | ---: |',
    ...stats.files.map(
      (file) => `| ${file.path} | ${file.records} | ${file.templates} | ${(file.bytes / 1024).toFixed(1)} |`,
    ),
    '',
    `Total size: ${(stats.totalBytes / 1024 / 1024).toFixed(2)} MiB.`,
    '',
    '| Harm category | train | recovery | eval |',
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(stats.harmfulByCategory).map(
      ([category, counts]) =>
        `| ${category} | ${counts.train ?? 0} | ${counts.recovery ?? 0} | ${counts.eval ?? 0} |`,
    ),
    `| topics | ${stats.harmfulTopics.train ?? 0} | ${stats.harmfulTopics.recovery ?? 0} | ${stats.harmfulTopics.eval ?? 0} |`,
    '',
    'Prompts found in more than one split of the same set (the tests require 0): ' +
      Object.entries(stats.sharedPrompts)
        .map(([set, shared]) => `${set} ${shared}`)
        .join(', ') +
      `. Harmful topics found in more than one split: ${stats.sharedHarmfulTopics}.`,
    END,
  ];
  return lines.join('\n');
}

/** Replaces the text between the stats markers of the README; throws when the markers are missing. */
export function replaceStatsSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README has no ${START} ... ${END} section to replace`);
  return readme.slice(0, start) + section + readme.slice(end + END.length);
}
