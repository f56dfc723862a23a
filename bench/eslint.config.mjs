// The ESLint baseline the benchmark compares against: the two stock rules closest to what Concurrency Lens
// reports — `n/no-sync` (any `*Sync` call) and the typed `@typescript-eslint/no-floating-promises`.
// Used with `--config bench/eslint.config.mjs --no-config-lookup` (or the Node API's `overrideConfigFile`)
// and ESLint's cwd set to the root of the project being linted, so `projectService` finds that project's
// tsconfig.json for each file.
import tseslint from 'typescript-eslint';
import nodePlugin from 'eslint-plugin-n';

const root = process.env.BENCH_ESLINT_ROOT || process.cwd();

export default [
  {
    ignores: ['**/node_modules/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    plugins: {
      n: nodePlugin,
      '@typescript-eslint': tseslint.plugin,
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'n/no-sync': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
];
