import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One vitest project per workspace package, named after the package, so `vitest run --project
// @realign/tensor` (and nx) can run one. `extends: true` makes each inherit the settings below;
// projects listed as plain globs would not.
function workspaceProjects(parents: string[]) {
  return parents.flatMap((parent) =>
    readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json')))
      .map((entry) => {
        const root = join(parent, entry.name);
        const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
        return {
          extends: true as const,
          test: { name, root, include: ['test/**/*.test.ts', 'src/**/*.test.ts'] },
        };
      }),
  );
}

const examples = existsSync('examples/package.json')
  ? [
      {
        extends: true as const,
        test: { name: '@realign/examples', root: 'examples', include: ['**/*.test.ts'] },
      },
    ]
  : [];

export default defineConfig({
  test: {
    projects: [...workspaceProjects(['packages', 'tools']), ...examples],
    // The machines that run CI have 2 cores; more workers only thrash.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
