import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/fixtures/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Each package is used only through its public entry (src/index.ts).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@realign/*/src/*', '@realign/*/src/**'],
              message: 'Import the package entry, not its files.',
            },
            {
              group: ['../../*/src/*', '../../../packages/*'],
              message: 'Import another package by its name.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Only the CLI, tools and examples talk to a terminal.
    files: ['packages/cli/**', 'tools/**', 'examples/**'],
    rules: { 'no-console': 'off' },
  },
);
