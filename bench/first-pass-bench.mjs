// Does the editor's first pass (Analyzer.analyzeFocus: the open file from syntax alone, over the files related to
// it by imports, within a size budget) agree with the full scan that replaces it? docs/analysis.md, "Start-up order".
//
//   node bench/first-pass-bench.mjs [--sample 25] [--budget CHARS] [--projects NAME,...]
//
// Projects: the five services of the precision bench (.bench/precision/, fetched by `npm run bench:precision`),
// MongoDB's driver and RxJS (.bench/real/, fetched by `npm run bench:check`), the generated 31-domain service and
// examples/; those not on disk are skipped. For each: the reference is the full scan as the editor runs it
// (`types: auto`); the files sampled are up to --sample files with findings, as many without, and every file
// where syntax alone reports a finding the reference does not (where a first pass could show what the full scan
// then drops). For each sampled file, a fresh Analyzer runs the editor's two first passes, the quick one (the
// nearest 10 files at most) and, as the worker does, the wider one (analyzeFocus with its default budget), and each
// is compared with the reference's findings in that file (hints of unknown reach left out of both, as the first
// pass leaves them out):
//   - dropped: shown by a first pass, not by the full scan (the first pass must not do this);
//   - shown: of the full scan's findings in the sampled files, how many the quick pass and the wider one showed.
// Findings are compared by file, line, column, rule and severity. Times are warm (the reference scan ran first in
// the same process); the cold first pass in a fresh worker is what bench/activation-bench.mjs measures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const sampleN = Number(arg('--sample', 25));
const budget = arg('--budget', undefined) === undefined ? undefined : Number(arg('--budget'));
const only = arg('--projects', undefined)?.split(',');

const esbuild = await import('esbuild');
const bundle = path.join(repo, '.bench', 'build', 'first-pass-analysis.cjs');
await esbuild.build({
  stdin: { contents: "export { Analyzer, FOCUS_QUICK_CHARS, FOCUS_QUICK_FILE_CHARS } from './analyzer';", resolveDir: path.join(repo, 'src/analysis'), loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  logLevel: 'warning',
});
const { Analyzer, FOCUS_QUICK_CHARS, FOCUS_QUICK_FILE_CHARS } = createRequire(import.meta.url)(bundle);

const projects = [];
const manifest = JSON.parse(readFileSync(path.join(repo, 'bench/precision/projects.json'), 'utf8'));
for (const p of manifest.projects) projects.push({ name: p.name, root: path.join(repo, '.bench/precision', p.name), paths: p.paths });
for (const [name, dir] of [['mongodb', 'mongodb@6.22.0'], ['rxjs', 'rxjs@7.8.2']]) projects.push({ name, root: path.join(repo, '.bench/real', dir), paths: ['src'] });
const generated = path.join(repo, '.bench', 'first-diagnostics', 'service-31');
if (!existsSync(path.join(generated, 'package.json'))) (await import('./gen-project.mjs')).generateProject(generated, { domains: 31 });
projects.push({ name: 'generated (31 domains)', root: generated, paths: ['src'] });
projects.push({ name: 'examples', root: path.join(repo, 'examples'), paths: ['.'] });

const key = (f) => `${f.file}:${f.line}:${f.column}:${f.rule}:${f.severity}`;
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);
/** A fixed shuffle, so that runs sample the same files. */
const shuffle = (xs) => {
  let a = 20240611;
  const rnd = () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296);
  return xs.map((x) => [rnd(), x]).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
};

console.log(`first pass against the full scan; budget ${budget ?? 'default'} chars; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| project | files | findings (full scan) | syntax-only extra | files sampled | first pass = full scan | dropped | shown: quick pass | shown: wider pass | related files, median (max) | ms: quick, wider, median (max) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const totals = { dropped: 0, quick: 0, shown: 0, wanted: 0 };
for (const p of projects) {
  if ((only && !only.includes(p.name)) || !existsSync(p.root)) continue;
  const options = { paths: p.paths.map((x) => path.join(p.root, x)), cwd: p.root, types: 'auto' };
  const full = new Analyzer(options).analyze();
  const off = new Analyzer({ ...options, types: 'off' }).analyze();
  const hot = (r) => r.findings.filter((f) => f.reach !== 'unknown');
  const byFile = new Map();
  for (const f of hot(full)) byFile.set(f.file, [...(byFile.get(f.file) ?? []), key(f)]);
  const fullKeys = new Set(hot(full).map(key));
  const offOnly = [...new Set(hot(off).filter((f) => !fullKeys.has(key(f))).map((f) => f.file))];
  const sources = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', '.git', 'dist', 'build', 'out', 'coverage', 'test', 'tests', '__tests__'].includes(e.name)) walk(abs);
      } else if (/\.(m|c)?[jt]sx?$/.test(e.name) && !/\.d\.[mc]?ts$|\.test\.|\.spec\./.test(e.name)) sources.push(path.relative(p.root, abs).split(path.sep).join('/'));
    }
  };
  for (const x of options.paths) walk(x);
  const sample = [...new Set([...shuffle([...byFile.keys()]).slice(0, sampleN), ...shuffle(sources.filter((f) => !byFile.has(f))).slice(0, sampleN), ...offOnly])];
  let same = 0;
  let dropped = 0;
  let quickShown = 0;
  let shown = 0;
  let wanted = 0;
  const related = [];
  const quickTimes = [];
  const times = [];
  const droppedExamples = [];
  for (const rel of sample) {
    const analyzer = new Analyzer(options);
    const want = new Set(byFile.get(rel) ?? []);
    const check = (result) => {
      const got = new Set(result.findings.map(key));
      for (const k of got) {
        if (want.has(k)) continue;
        dropped++;
        if (droppedExamples.length < 3) droppedExamples.push(k);
      }
      return got;
    };
    let started = performance.now();
    const quick = analyzer.analyzeFocus([path.join(p.root, rel)], FOCUS_QUICK_CHARS, FOCUS_QUICK_FILE_CHARS);
    quickTimes.push(performance.now() - started);
    quickShown += [...check(quick)].filter((k) => want.has(k)).length;
    started = performance.now();
    const first = quick.complete && budget === undefined ? quick : analyzer.analyzeFocus([path.join(p.root, rel)], budget);
    times.push(performance.now() - started);
    related.push(first.stats.files);
    const got = check(first);
    shown += [...got].filter((k) => want.has(k)).length;
    wanted += want.size;
    if (got.size === want.size && [...got].every((k) => want.has(k))) same++;
  }
  totals.dropped += dropped;
  totals.quick += quickShown;
  totals.shown += shown;
  totals.wanted += wanted;
  console.log(
    `| ${p.name} | ${full.stats.files} | ${hot(full).length} | ${hot(off).filter((f) => !fullKeys.has(key(f))).length} | ${sample.length} | ${same} | ${dropped} | ${quickShown} of ${wanted} | ${shown} of ${wanted} | ${median(related)} (${Math.max(0, ...related)}) | ${median(quickTimes).toFixed(0)}, ${median(times).toFixed(0)} (${Math.max(0, ...quickTimes).toFixed(0)}, ${Math.max(0, ...times).toFixed(0)}) |`,
  );
  if (droppedExamples.length) console.log(`  dropped: ${droppedExamples.join(', ')}`);
}
const pct = (n) => (totals.wanted ? Math.round((100 * n) / totals.wanted) : 100);
console.log(`total: dropped ${totals.dropped}; shown by the quick pass ${totals.quick} of ${totals.wanted} (${pct(totals.quick)}%), by the wider pass ${totals.shown} (${pct(totals.shown)}%)`);
process.exitCode = totals.dropped > 0 ? 1 : 0;
