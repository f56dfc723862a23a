// Child process: one cold Concurrency Lens scan (new Analyzer + analyze()), then optionally a series of
// one-file edits through analyzer.updateFile(path, text).
//   node bench/child-analyzer.mjs --module BUNDLE --root PROJECT_ROOT --src SRC_DIR --types off|on
//        [--edits N --edit-file REL_PATH] [--findings-out FILE]
// BUNDLE is src/analysis/index.ts bundled by check-bench.mjs (or out/src/analysis/index.js from tsc).
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { emit, memory, round } from './lib/report.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const root = path.resolve(args.root);
const src = path.resolve(args.src);
const types = args.types ?? 'off';
const edits = Number(args.edits ?? 0);

const t0 = performance.now();
const { Analyzer } = createRequire(import.meta.url)(path.resolve(args.module));
const loadMs = performance.now() - t0;

const options = {
  paths: [src],
  cwd: root,
  types,
  // The same file set ESLint is given: TypeScript sources under SRC_DIR (no *.js, no *.d.ts).
  include: [path.relative(root, src).split(path.sep).join('/') + '/**/*.{ts,mts,cts,tsx}'],
};

const t1 = performance.now();
const analyzer = new Analyzer(options);
const result = analyzer.analyze();
const scanMs = performance.now() - t1;
const memAfterScan = memory();

const summarize = (r) => {
  const byRule = {};
  for (const f of r.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return byRule;
};

const out = {
  tool: `concurrency-lens types=${types}`,
  types,
  files: result.stats.files,
  lines: result.stats.lines,
  typeAware: result.stats.typeAware,
  reportedDurationMs: result.stats.durationMs,
  skipped: result.skipped.length,
  skippedSamples: result.skipped.slice(0, 5),
  scanMs: round(scanMs),
  loadMs: round(loadMs),
  findings: result.findings.length,
  byRule: summarize(result),
  ...memAfterScan,
};

if (args['findings-out']) {
  mkdirSync(path.dirname(args['findings-out']), { recursive: true });
  writeFileSync(args['findings-out'], JSON.stringify({ stats: result.stats, skipped: result.skipped, findings: result.findings }, null, 2));
}

if (edits > 0) {
  // Two series of one-file edits, each edit appending to the same file. Odd edits add an async function that
  // calls fs.readFileSync (a finding should appear in that file); even edits append only a comment (it should
  // go away again). Every text differs, so nothing can be served from a cache keyed on the text.
  //  - 'body':   the file already imports node:fs (one untimed update adds the import first), so the edits
  //              change function bodies only: what typing inside a function looks like.
  //  - 'import': the import line comes and goes with the call, so every edit also changes the file's imports
  //              (the TypeScript program cannot reuse its module structure): a harder, rarer kind of edit.
  const file = path.resolve(root, args['edit-file']);
  const rel = path.relative(root, file).split(path.sep).join('/');
  const original = readFileSync(file, 'utf8');
  const inFile = (r) => r.findings.filter((f) => f.file === rel || path.resolve(root, f.file) === file).length;
  const IMPORT = "import * as benchFs from 'node:fs';\n";
  const call = (i) => `export async function benchEdit${i}(): Promise<string> {\n  return benchFs.readFileSync('/dev/null', 'utf8');\n}\n`;
  out.incremental = [];
  for (const kind of ['body', 'import']) {
    const prefix = kind === 'body' ? `${original}\n${IMPORT}` : `${original}\n`;
    const baseline = inFile(analyzer.updateFile(file, prefix)); // untimed: the starting state of the series
    const times = [];
    let detected = 0;
    let cleared = 0;
    for (let i = 1; i <= edits; i++) {
      const text = i % 2 === 1
        ? `${prefix}// bench edit ${i}\n${kind === 'import' ? IMPORT : ''}${call(i)}`
        : `${prefix}// bench edit ${i}\n`;
      const s = performance.now();
      const r = analyzer.updateFile(file, text);
      times.push(performance.now() - s);
      const n = inFile(r);
      if (i % 2 === 1 && n > baseline) detected++;
      if (i % 2 === 0 && n === baseline) cleared++;
    }
    const sorted = [...times].sort((a, b) => a - b);
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    const mid = sorted.length >> 1;
    out.incremental.push({
      file: rel,
      kind,
      edits,
      firstMs: round(times[0]),
      medianMs: round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2),
      p95Ms: round(q(0.95)),
      maxMs: round(sorted[sorted.length - 1]),
      meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
      // Did the result follow the edits? (the readFileSync added on odd edits was reported, and gone on even ones)
      syncCallReported: `${detected}/${Math.ceil(edits / 2)}`,
      syncCallCleared: `${cleared}/${Math.floor(edits / 2)}`,
    });
  }
  analyzer.updateFile(file, original);
  out.afterEdits = memory();
}

out.processMs = round(performance.now());
emit(out);
