// Activation time of the extension and size of the packaged .vsix.
//
//   npm run bench:activation        (= npm run build -- --production && node bench/activation-bench.mjs)
//
// Activation: each sample is a fresh Node process that loads dist/extension.js against a stub of the
// vscode module (bench/lib/vscode-stub.cjs) and calls activate(); the baseline, measured in the same run,
// is loading the analysis worker bundle (ts-morph and TypeScript), which activation leaves to the worker.
// Size: the .vsix from `npm run package`, against the unbundled runtime dependencies it would otherwise carry.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runs = Number(process.argv.includes('--runs') ? process.argv[process.argv.indexOf('--runs') + 1] : 15);

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
const EAGER = `
const t0 = process.hrtime.bigint();
require(${JSON.stringify(path.join(repo, 'dist/workers/analysis-worker.js'))});
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
