// Child process: one cold ESLint run (n/no-sync + typed @typescript-eslint/no-floating-promises) over a folder.
//   node bench/child-eslint.mjs --root PROJECT_ROOT --src SRC_DIR
// ESLint runs with cwd = PROJECT_ROOT and the bench's own flat config (no config lookup), so the project's
// tsconfig.json is what typescript-eslint's project service uses for type information.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit, memory, round } from './lib/report.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(args.root);
const src = path.resolve(args.src);
process.env.BENCH_ESLINT_ROOT = root;

const t0 = performance.now();
const { ESLint } = await import('eslint');
const loadMs = performance.now() - t0;

const t1 = performance.now();
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: path.join(here, 'eslint.config.mjs'),
  cache: false,
  errorOnUnmatchedPattern: true,
});
// Only TypeScript sources, the same set the analyzer is given (a bare folder would also lint *.js files).
const pattern = path.relative(root, src).split(path.sep).join('/') + '/**/*.{ts,mts,cts,tsx}';
const results = await eslint.lintFiles([pattern]);
const scanMs = performance.now() - t1;
const mem = memory();

const byRule = {};
let fatal = 0;
const fatalSamples = [];
let problems = 0;
for (const r of results) {
  for (const m of r.messages) {
    if (m.fatal) {
      fatal++;
      if (fatalSamples.length < 5) fatalSamples.push(`${path.relative(root, r.filePath)}:${m.line}: ${m.message}`);
      continue;
    }
    problems++;
    const id = m.ruleId ?? '(no rule)';
    byRule[id] = (byRule[id] ?? 0) + 1;
  }
}

if (args['findings-out']) {
  const messages = results.flatMap((r) =>
    r.messages.map((m) => ({ file: path.relative(root, r.filePath).split(path.sep).join('/'), line: m.line, column: m.column, rule: m.ruleId, message: m.message })),
  );
  mkdirSync(path.dirname(args['findings-out']), { recursive: true });
  writeFileSync(args['findings-out'], JSON.stringify({ files: results.length, messages }, null, 2));
}

emit({
  tool: 'eslint',
  files: results.length,
  scanMs: round(scanMs),
  loadMs: round(loadMs),
  processMs: round(performance.now()),
  problems,
  byRule,
  fatal,
  fatalSamples,
  ...mem,
});
