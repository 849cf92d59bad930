/**
 * Writes every shipped data file, stats.json and the statistics section of the package README.
 * Run from anywhere: npx tsx packages/data/src/generate/main.ts
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DATA_DIR } from '../builtin.ts';
import { generateAll, toJsonLines } from './dataset.ts';
import { computeStats, renderStatsMarkdown, replaceStatsSection } from './stats.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
async function writeAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

async function main(): Promise<void> {
  const files = generateAll();
  for (const file of files) await writeAtomic(join(DATA_DIR, file.path), toJsonLines(file.records));

  const stats = computeStats(files);
  await writeAtomic(join(DATA_DIR, 'stats.json'), JSON.stringify(stats, null, 2) + '\n');

  const readme = await readFile(README, 'utf8');
  await writeAtomic(README, replaceStatsSection(readme, renderStatsMarkdown(stats)));

  const total = files.reduce((sum, file) => sum + file.records.length, 0);
  process.stdout.write(`wrote ${files.length} files with ${total} records to ${DATA_DIR}\n`);
}

await main();
