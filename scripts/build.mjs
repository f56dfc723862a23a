// Bundles every entry point with esbuild. Four targets, because they run in four different places:
// the extension host (Node, CommonJS, `vscode` provided by the host), the CLI (plain Node),
// worker entry points (loaded by path from the other bundles) and the webview (a browser iframe).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

function entriesIn(dir) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

/** Worker entry points live beside the code they run, named `*.worker.ts`; each becomes dist/workers/<name>.js. */
function workerEntries(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(path.join(root, d), { withFileTypes: true })) {
      const rel = path.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.worker.ts')) out.push({ in: rel, out: e.name.replace(/\.worker\.ts$/, '-worker') });
    }
  };
  walk(dir);
  return out;
}

/**
 * For the analysis worker's three files: TypeScript is dist/workers/typescript.js, required at run time by the other
 * two, so they share one copy (it is ts-morph's own `ts`: @ts-morph/common's copy of TypeScript). In the analyser,
 * `import { ts } from 'ts-morph'` becomes that file, and ts-libs-lazy.ts's `require('@ts-morph/common')` the file of
 * TypeScript's lib files.
 */
function sharedTypeScript() {
  return {
    name: 'shared-typescript',
    setup(build) {
      build.onResolve({ filter: /^\.\/typescript(\.js)?$/ }, (args) =>
        args.namespace === 'shared-typescript' || args.importer.includes(`${path.sep}@ts-morph${path.sep}common${path.sep}`) ? { path: './typescript.js', external: true } : undefined,
      );
      build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: 'ts', namespace: 'shared-typescript' }));
      build.onResolve({ filter: /^@ts-morph\/common$/ }, (args) =>
        args.importer.endsWith(`${path.sep}ts-libs-lazy.ts`) ? { path: './analysis-ts-libs.js', external: true } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'shared-typescript' }, () => ({ contents: "module.exports = { ts: require('./typescript.js') };", loader: 'js' }));
    },
  };
}

const builds = [
  { ...nodeCommon, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The profiler's probe is injected into the user's workload with --require, so it is a file of its own.
  { ...nodeCommon, entryPoints: ['src/profiler/probe.ts'], outfile: 'dist/probe.js' },
  // Worker entry points are separate files so that `new Worker(path)` can load them at run time.
  // With the shared TypeScript: the profile worker parses source files for a report (tsconfig paths, function
  // spans) with dist/workers/typescript.js, required when a report needs it, instead of a copy of ts-morph.
  { ...nodeCommon, entryPoints: workerEntries('src'), outdir: 'dist/workers', external: ['vscode'], plugins: [sharedTypeScript()] },
  // The analysis worker's analyser, in three files that its small loader (src/analysis/analysis.worker.ts) compiles
  // with a V8 code cache: TypeScript, the analyser, and TypeScript's lib files (@ts-morph/common), which the analyser
  // loads only for the type checker (src/analysis/ts-libs-lazy.ts). None is a worker entry of its own.
  { ...nodeCommon, entryPoints: [{ in: 'node_modules/@ts-morph/common/dist/typescript.js', out: 'typescript' }], outdir: 'dist/workers' },
  { ...nodeCommon, entryPoints: [{ in: 'src/analysis/analysis-service.ts', out: 'analysis-core' }], outdir: 'dist/workers', plugins: [sharedTypeScript()] },
  { ...nodeCommon, entryPoints: [{ in: 'node_modules/@ts-morph/common/dist/ts-morph-common.js', out: 'analysis-ts-libs' }], outdir: 'dist/workers', plugins: [sharedTypeScript()] },
  // Always minified: every panel loads it and every exported report carries it (257 KB instead of 537 KB;
  // chart.js is most of it). Development builds still link a source map for the webview's dev tools.
  { ...common, minify: true, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: entriesIn('src/webview').filter((f) => f.endsWith('main.ts')), outdir: 'dist/webview' },
]
  // Entry points of parts not written yet are left out rather than failing the whole build.
  .map((b) => ({ ...b, entryPoints: b.entryPoints.filter((e) => existsSync(path.join(root, typeof e === 'string' ? e : e.in))) }))
  .filter((b) => b.entryPoints.length > 0);

/**
 * The Python front end's WebAssembly: web-tree-sitter's runtime and the grammar tree-sitter-python ships. The bundles
 * read them from dist/ (src/analysis/python/parser.ts), so the CLI, the .vsix and the npm package need no node_modules.
 */
function copyWasm() {
  const require = createRequire(import.meta.url);
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  for (const file of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
    copyFileSync(require.resolve(file, { paths: [root] }), path.join(root, 'dist', path.basename(file)));
  }
}

/**
 * Python source the user's interpreter runs, copied as it is beside the bundles, where they look for it:
 * - the probe, loaded through PYTHONPATH (sitecustomize.py and its package) → dist/python-probe
 *   (src/profiler/python/python-command.ts);
 * - the article's benchmarks for `bench --python` → dist/python-bench (src/harness/python-harness.ts).
 */
function copyPythonTree(fromRel, toRel) {
  const from = path.join(root, fromRel);
  if (!existsSync(from)) return;
  const copy = (rel) => {
    mkdirSync(path.join(root, toRel, rel), { recursive: true });
    for (const e of readdirSync(path.join(from, rel), { withFileTypes: true })) {
      const name = path.join(rel, e.name);
      if (e.isDirectory() && e.name !== '__pycache__') copy(name);
      else if (e.isFile() && e.name.endsWith('.py')) copyFileSync(path.join(from, name), path.join(root, toRel, name));
    }
  };
  copy('');
}

copyWasm();
copyPythonTree('src/profiler/python-probe', 'dist/python-probe');
copyPythonTree('src/harness/python-bench', 'dist/python-bench');
if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (existsSync(path.join(root, 'dist/cli.js'))) chmodSync(path.join(root, 'dist/cli.js'), 0o755);
  console.log(`built ${builds.length} bundles in ${Date.now() - started} ms`);
}
