import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { DATA_DIR } from '../src/index.ts';
import { generateAll, toJsonLines } from '../src/generate/dataset.ts';
import { Rng } from '../src/generate/rng.ts';
import { computeStats, renderStatsMarkdown, replaceStatsSection } from '../src/generate/stats.ts';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

describe('generator', () => {
  const files = generateAll();

  it('reproduces the committed files', async () => {
    for (const file of files) {
      const committed = await readFile(join(DATA_DIR, file.path), 'utf8');
      expect(
        toJsonLines(file.records) === committed,
        `${file.path} differs; run npx tsx packages/data/src/generate/main.ts`,
      ).toBe(true);
    }
  });

  it('matches the README statistics', async () => {
    const readme = await readFile(README, 'utf8');
    const section = renderStatsMarkdown(computeStats(files));
    expect(readme.includes(section)).toBe(true);
  });

  it('keeps the data under 15 MB', () => {
    expect(computeStats(files).totalBytes).toBeLessThan(15 * 1024 * 1024);
  });

  it('replaces only the stats section', () => {
    const readme = 'intro\n<!-- stats:start -->\nold\n<!-- stats:end -->\noutro\n';
    expect(replaceStatsSection(readme, '<!-- stats:start -->\nnew\n<!-- stats:end -->')).toBe(
      'intro\n<!-- stats:start -->\nnew\n<!-- stats:end -->\noutro\n',
    );
    expect(() => replaceStatsSection('no markers', 'x')).toThrow(/no <!-- stats:start -->/);
  });
});

describe('Rng', () => {
  it('repeats a sequence for a seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Rng(8).next()).not.toBe(first[0]);
  });

  it('samples distinct items and forks independently', () => {
    const rng = new Rng(1);
    const sample = rng.sample([1, 2, 3, 4, 5], 5);
    expect([...sample].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(() => rng.sample([1], 2)).toThrow(/cannot sample 2 of 1/);
    expect(new Rng(3).fork('a').next()).toBe(new Rng(3).fork('a').next());
    expect(new Rng(3).fork('a').next()).not.toBe(new Rng(3).fork('b').next());
  });

  it('draws integers within bounds', () => {
    const rng = new Rng(11);
    const values = Array.from({ length: 500 }, () => rng.int(3, 6));
    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(6);
  });
});
