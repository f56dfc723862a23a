// Activation time of the extension, size of the packaged .vsix, and time to the first diagnostics.
//
//   npm run bench:activation        (= npm run build -- --production && node bench/activation-bench.mjs)
//   node bench/activation-bench.mjs --vscode [--baseline DIR] [--vscode-runs 3] [--vscode-only]
//
// Activation: each sample is a fresh Node process that loads dist/extension.js against a stub of the
// vscode module (bench/lib/vscode-stub.cjs) and calls activate(); the baseline, measured in the same run,
// is loading the analysis worker bundle (ts-morph and TypeScript), which activation leaves to the worker.
// Size: the .vsix from `npm run package`, against the unbundled runtime dependencies it would otherwise carry.
//
// Worker start (always): a fresh Node process starts the analysis worker and asks it for a syntax-only analysis of
// examples/ with one file open; times to `ready`, to the first pass's answer for the open file and to the whole
// answer. Interleaved: this build without its code cache (a first start), with it, and the --baseline build (a built
// checkout: `git archive COMMIT | tar -x -C DIR`, node_modules linked, `node scripts/build.mjs --production` in it).
//
// First diagnostics (--vscode): real VS Code (code-server + headless chromium, bench/lib/first-diagnostics.mjs)
// opens examples/ and a generated 356-file service (bench/gen-project.mjs --domains 31) with one file open in the
// editor, and times, from activate() being called, the first squiggle in that editor, the extension's first-pass
// log line and its whole-workspace line. Configurations, interleaved per round: this build on a first start (no
// code cache), this build on a later start (cache kept from its first start), and the --baseline build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const runs = Number(arg('--runs', 15));
const baselineDir = arg('--baseline', undefined) && path.resolve(arg('--baseline'));
const vscodeRuns = Number(arg('--vscode-runs', 3));
const vscode = process.argv.includes('--vscode') || process.argv.includes('--vscode-only');
const vscodeOnly = process.argv.includes('--vscode-only');

const ACTIVATE = `
const Module = require('node:module');
const stub = require(${JSON.stringify(path.join(repo, 'bench/lib/vscode-stub.cjs'))});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const t0 = process.hrtime.bigint();
const ext = require(${JSON.stringify(path.join(repo, 'dist/extension.js'))});
const storage = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'cl-act-'));
ext.activate({ subscriptions: [], extensionUri: stub.Uri.file(${JSON.stringify(repo)}), storageUri: undefined, globalStorageUri: stub.Uri.file(storage), extension: { packageJSON: { version: 'bench' } } });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
require('node:fs').rmSync(storage, { recursive: true, force: true });
process.stdout.write(String(ms));
process.exit(0);
`;
// The analyser: since the analysis worker became a loader (analysis.worker.ts), TypeScript, the analysis and
// the lib files for the type checker (before them, ts-morph) are three files beside it; before, the worker file itself.
const libs = ['analysis-ts-libs.js', 'analysis-ts-morph.js'].find((f) => existsSync(path.join(repo, 'dist/workers', f))) ?? 'analysis-ts-libs.js';
const split = ['typescript.js', 'analysis-core.js', libs].map((f) => path.join(repo, 'dist/workers', f));
const analyser = split.every(existsSync) ? split : [path.join(repo, 'dist/workers/analysis-worker.js')];
const EAGER = `
const t0 = process.hrtime.bigint();
for (const f of ${JSON.stringify(analyser)}) require(f);
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
process.exit(0);
`;

const sample = (code) => Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dirBytes = (dir) => {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : e.isFile() ? statSync(p).size : 0;
  }
  return total;
};

function activationAndSize() {
  const activation = [];
  const eager = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same machine.
    activation.push(sample(ACTIVATE));
    eager.push(sample(EAGER));
  }
  const a = median(activation);
  const e = median(eager);
  console.log(`activation (require + activate), median of ${runs} fresh processes: ${a.toFixed(1)} ms (min ${Math.min(...activation).toFixed(1)}, max ${Math.max(...activation).toFixed(1)})`);
  console.log(`baseline: loading the analysis worker bundle (ts-morph + TypeScript): ${e.toFixed(1)} ms`);
  console.log(`ratio: activation is ${(a / e).toFixed(3)} of loading the analyser eagerly; target < 50 ms: ${a < 50 ? 'PASS' : 'FAIL'}`);

  const out = mkdtempSync(path.join(os.tmpdir(), 'cl-vsix-'));
  try {
    const vsix = path.join(out, 'concurrency-lens.vsix');
    execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    const size = statSync(vsix).size;
    const unbundled = ['typescript', 'ts-morph', '@ts-morph/common', 'picomatch'].map((p) => path.join(repo, 'node_modules', p)).filter(existsSync).reduce((t, d) => t + dirBytes(d), 0);
    console.log(`.vsix: ${(size / 1024 / 1024).toFixed(2)} MiB; the runtime dependencies it bundles weigh ${(unbundled / 1024 / 1024).toFixed(1)} MiB unpacked in node_modules (ratio ${(size / unbundled).toFixed(3)})`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * ms from `new Worker` to the answer of a syntax-only analysis of examples/ with src/routes/files.ts open, in a fresh
 * process: to `ready` (the analyser loaded), to the first pass's answer for the open file (builds that have one; a
 * build without ignores the `focus`) and to the whole answer.
 */
function workerSample(dir, codeCacheDir) {
  const code = `
const { Worker } = require('node:worker_threads');
const t0 = performance.now();
const w = new Worker(${JSON.stringify(path.join(dir, 'dist/workers/analysis-worker.js'))}, { workerData: { codeCacheDir: ${JSON.stringify(codeCacheDir ?? '')} } });
let ready, first;
w.on('message', (m) => {
  if (m.type === 'ready') ready = performance.now() - t0;
  if (m.type === 'first') first = performance.now() - t0;
  if (m.type === 'result' || m.type === 'error') {
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0, ready, first, error: m.message }));
    // The loader writes its cache after the first analysis, off the answer's way: give it the time to.
    setTimeout(() => process.exit(0), ${codeCacheDir ? 3000 : 0});
  }
});
w.postMessage({ type: 'analyze', id: 1, options: { paths: [${JSON.stringify(path.join(repo, 'examples'))}], cwd: ${JSON.stringify(path.join(repo, 'examples'))}, types: 'off' }, focus: [${JSON.stringify(path.join(repo, 'examples', 'src', 'routes', 'files.ts'))}] });
`;
  const r = JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }));
  if (r.error) throw new Error(r.error);
  return r;
}

function workerStart() {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'cl-code-cache-'));
  try {
    const configs = [
      { name: 'this build, first start (no code cache)', run: () => { rmSync(cacheDir, { recursive: true, force: true }); return workerSample(repo, cacheDir); } },
      { name: 'this build, later start (code cache)', run: () => workerSample(repo, cacheDir) },
      ...(baselineDir ? [{ name: `baseline (${baselineDir})`, run: () => workerSample(baselineDir) }] : []),
    ];
    const samples = configs.map(() => []);
    const n = Math.max(3, Math.round(runs / 2));
    for (let i = 0; i < n; i++) configs.forEach((c, j) => samples[j].push(c.run()));
    console.log(`\nworker start → answer (syntax-only analysis of examples/, src/routes/files.ts open), median of ${n} fresh processes:`);
    const base = baselineDir ? median(samples.at(-1).map((s) => s.ms)) : undefined;
    configs.forEach((c, j) => {
      const ms = median(samples[j].map((s) => s.ms));
      const at = (k, what) => (samples[j][0][k] === undefined ? '' : `, ${what} at ${median(samples[j].map((s) => s[k])).toFixed(0)} ms`);
      const first = samples[j][0].first === undefined ? undefined : median(samples[j].map((s) => s.first));
      const firstRatio = base && first !== undefined ? ` (${(first / base).toFixed(2)} of the baseline's answer)` : '';
      console.log(`  ${c.name}: answer ${ms.toFixed(0)} ms${base ? ` (ratio to baseline ${(ms / base).toFixed(2)})` : ''}${at('ready', 'ready (analyser loaded)')}${at('first', 'first pass')}${firstRatio}`);
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function firstDiagnostics() {
  const { measureFirstDiagnostics } = await import('./lib/first-diagnostics.mjs');
  const { generateProject } = await import('./gen-project.mjs');
  const generated = path.join(repo, '.bench', 'first-diagnostics', 'service-31');
  if (!existsSync(path.join(generated, 'package.json'))) generateProject(generated, { domains: 31 });
  const workspaces = [
    { name: 'examples/', dir: path.join(repo, 'examples'), open: 'src/routes/files.ts' },
    { name: 'generated, 31 domains', dir: generated, open: 'src/domains/carts/service.ts' },
  ];
  const typesNode = path.join(repo, 'node_modules', '@types', 'node');
  const warmCache = mkdtempSync(path.join(os.tmpdir(), 'cl-code-cache-'));
  const configs = [
    { name: 'this build, first start', extensionDir: repo, cacheHome: () => undefined },
    { name: 'this build, later start', extensionDir: repo, cacheHome: () => warmCache },
    ...(baselineDir ? [{ name: 'baseline', extensionDir: baselineDir, cacheHome: () => undefined }] : []),
  ];
  const results = [];
  try {
    for (const ws of workspaces) {
      // Primes the later-start cache: one start of this build writes it.
      await measureFirstDiagnostics({ extensionDir: repo, workspace: ws.dir, openFile: ws.open, typesNode, cacheHome: warmCache, waitForCodeCache: true });
      for (let i = 0; i < vscodeRuns; i++) {
        for (const c of configs) {
          const r = await measureFirstDiagnostics({ extensionDir: c.extensionDir, workspace: ws.dir, openFile: ws.open, typesNode, cacheHome: c.cacheHome() });
          console.log(`[${ws.name} | ${c.name} | run ${i + 1}] ${JSON.stringify(r)}`);
          results.push({ ws: ws.name, config: c.name, ...r });
        }
      }
    }
  } finally {
    rmSync(warmCache, { recursive: true, force: true });
  }
  const med = (xs) => (xs.some((x) => x === undefined) ? undefined : median(xs));
  const fmt = (x) => (x === undefined ? '–' : `${(x / 1000).toFixed(2)} s`);
  console.log(`\nfirst diagnostics in code-server 4.100.3, ms after activate() was called, median of ${vscodeRuns}:`);
  console.log('| workspace | build | squiggle in the open editor | first-pass log line | whole workspace | VS Code: activating → activate() | findings / files |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const ws of workspaces) {
    const base = results.filter((r) => r.ws === ws.name && r.config === 'baseline');
    for (const c of configs) {
      const rs = results.filter((r) => r.ws === ws.name && r.config === c.name);
      const sq = med(rs.map((r) => r.squiggleMs));
      const ratio = base.length && c.name !== 'baseline' && sq !== undefined ? ` (${(sq / med(base.map((r) => r.squiggleMs))).toFixed(2)}×)` : '';
      console.log(`| ${ws.name} | ${c.name} | ${fmt(sq)}${ratio} | ${fmt(med(rs.map((r) => r.firstPassMs)))} | ${fmt(med(rs.map((r) => r.workspaceMs)))} | ${fmt(med(rs.map((r) => r.beforeActivateMs)))} | ${rs[0].findings} / ${rs[0].files} |`);
    }
  }
  const target = results.filter((r) => r.config !== 'baseline').every((r) => r.squiggleMs !== undefined && r.squiggleMs < 1500);
  console.log(`target: the open file's diagnostics within 1.5 s of activation in every run of this build: ${target ? 'PASS' : 'FAIL'}`);
}

console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (!vscodeOnly) {
  activationAndSize();
  workerStart();
}
if (vscode) await firstDiagnostics();
console.log(`load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
