// The repository's own lint (npm run lint; part of npm test). Two rules that keep the layout honest:
// - `vscode` is imported only in src/extension/ (the thin adapter) and the in-VS-Code test suite, so the
//   core (analysis, profiler, harness, advisor, report) runs the same in the CLI and the unit tests;
// - lines stay readable: at most 160 characters (strings, template literals, URLs and regular expressions
//   excepted: a message broken in two is no easier to read; and our own suppression comments, whose
//   reason must sit on the directive's line).
// Syntax only, no type information: it must stay fast enough to run on every test run.
import tseslint from 'typescript-eslint';

const VSCODE_ONLY_IN_ADAPTER = {
  name: 'vscode',
  message: 'Only src/extension/ (and the in-VS-Code test suite) may import vscode: keep the core usable from the CLI and the unit tests.',
};

export default [
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.bench/**', '**/*.d.ts', 'test/fixtures/**', 'examples/**'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    // Directives for rules this config does not turn on (editors may run more) are not errors here.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'no-restricted-imports': ['error', { paths: [VSCODE_ONLY_IN_ADAPTER] }],
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignorePattern: 'concurrency-lens-disable' }],
    },
  },
  {
    files: ['src/extension/**', 'test/integration/suite/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
];
