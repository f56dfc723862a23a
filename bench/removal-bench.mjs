// Files deleted on disk (a branch checkout, a generator run): what forgetting them costs the analysis worker.
//   npm run compile && node bench/removal-bench.mjs [--counts 1,5,20] [--repeats 3] [--analyzer FILE] [--types off|auto]
//
// On a copy of the generated service (bench/gen-project.mjs), for each count N: N source files are deleted from
// the copy, then the same analyser state (a cold scan of the full project) forgets them three ways:
//   one by one   N calls of analyzer.removeFile(), what the extension sent up to its limit of twenty before
//   together     one analyzer.removeFiles() call, what it sends now for a batch of deletions
//   fresh scan   a new Analyzer's analyze() of what is left, what the extension does past its limit
// Each is timed after its own cold scan (the scan is not counted), repeated, and the median reported; the three
// must give the same findings, or the run fails. Ratios are against the one-by-one time of the same run.
// ANALYZER is a CommonJS build of src/analysis/index.ts (default: out/src/analysis/index.js, from `npm run compile`).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGeneratedProject, listSourceFiles } from './lib/projects.mjs';
import { logMachine, round } from './lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const COUNTS = opt('--counts', '1,5,20').split(',').map(Number);
const REPEATS = Number(opt('--repeats', 3));
const TYPES = opt('--types', 'off');
const analyzerFile = path.resolve(opt('--analyzer', path.join(repo, 'out/src/analysis/index.js')));
const log = (...a) => console.error('[removal]', ...a);
if (!existsSync(analyzerFile)) {
  console.error(`[removal] ${path.relative(repo, analyzerFile)} does not exist: run npm run compile first, or pass --analyzer`);
  process.exit(1);
}
const { Analyzer } = createRequire(import.meta.url)(analyzerFile);

const project = ensureGeneratedProject(path.join(repo, '.bench'));
log(`project: ${project.label}, ${project.files} files, ${project.lines} lines`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (r) => r.findings.map((f) => `${f.file}:${f.line}:${f.rule}`).sort().join('\n');

/** A copy of the project with `count` source files deleted, spread over the tree (never the entry point). */
function copyWithout(count) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-removal-'));
  cpSync(project.root, dir, { recursive: true });
  const src = path.join(dir, path.relative(project.root, project.srcDir));
  const files = listSourceFiles(src).filter((f) => !/[\\/](main|index|server)\.ts$/.test(f));
  const step = files.length / count;
  const gone = Array.from({ length: count }, (_, i) => files[Math.floor(i * step)]);
  return { dir, src, gone };
}

function run(count) {
  const copy = copyWithout(count);
  const options = { paths: [copy.src], cwd: copy.dir, types: TYPES };
  const scanned = () => {
    const a = new Analyzer(options);
    a.analyze(); // on the full tree: the files go from disk only after
    return a;
  };
  const restore = () => cpSync(project.root, copy.dir, { recursive: true });
  const times = { oneByOne: [], together: [], fresh: [] };
  let answers;
  try {
    for (let i = 0; i < REPEATS; i++) {
      restore();
      const a = scanned();
      const b = scanned();
      for (const f of copy.gone) rmSync(f);
      let t = performance.now();
      let last;
      for (const f of copy.gone) last = a.removeFile(f);
      times.oneByOne.push(performance.now() - t);
      t = performance.now();
      const together = b.removeFiles(copy.gone);
      times.together.push(performance.now() - t);
      t = performance.now();
      const fresh = new Analyzer(options).analyze();
      times.fresh.push(performance.now() - t);
      answers = [summary(last), summary(together), summary(fresh)];
      if (answers[0] !== answers[1] || answers[1] !== answers[2]) throw new Error(`N=${count}: the three ways disagree on the findings`);
    }
  } finally {
    rmSync(copy.dir, { recursive: true, force: true });
  }
  return { count, oneByOneMs: median(times.oneByOne), togetherMs: median(times.together), freshScanMs: median(times.fresh), findings: answers[2].split('\n').filter(Boolean).length };
}

logMachine(log);
const rows = COUNTS.map((n) => {
  log(`N=${n} ...`);
  return run(n);
});
console.log(`Deleted files forgotten by the analyser (${project.files}-file generated service, types ${TYPES}, median of ${REPEATS})`);
console.log('| files deleted | one by one (removeFile x N) | together (removeFiles) | fresh scan | together / one by one | together / fresh scan |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(`| ${r.count} | ${round(r.oneByOneMs, 0)} ms | ${round(r.togetherMs, 0)} ms | ${round(r.freshScanMs, 0)} ms | ${round(r.togetherMs / r.oneByOneMs, 2)}x | ${round(r.togetherMs / r.freshScanMs, 2)}x |`);
}
