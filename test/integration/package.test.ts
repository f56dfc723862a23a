// The npm package as another project gets it: `npm pack` of this repository (what its `files` list lets in),
// installed with no network into a fresh project outside the repository, then every CLI command run there
// through the installed bin with npx. Catches what only shows outside the repository: a file the package
// leaves out (a worker, the probe, the webview bundle, the built-in example, a rule page), a path resolved
// against the repository instead of the package, or a runtime dependency the bundles do not carry.
// It packs the bundles dist/ holds now: `npm run build` must have run (`pretest` does).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULES } from '../../src/analysis/rules';
import { sarifSchemaErrors } from '../unit/sarif-schema';

const repo = path.resolve(__dirname, '..', '..', '..');
const repoPkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { name: string; version: string };

/** A request handler with a synchronous read: one finding, at line 4. */
const SERVER = `const http = require('node:http');
const fs = require('node:fs');
http.createServer((req, res) => {
  const page = fs.readFileSync('page.html', 'utf8');
  res.end(page);
}).listen(0);
`;

let tmp: string;
/** The project the package is installed into. */
let project: string;
/** HOME of every npm and CLI process: an empty npm cache and config, and no benchmark results of this machine. */
let home: string;
let tarball: string;
let packedFiles: string[];

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  delete e.CONCURRENCY_LENS_DEBUG;
  // Set when this test itself runs under an npm script; they would point npm at the repository.
  for (const k of Object.keys(e)) if (/^npm_(package|lifecycle)_/.test(k) || k === 'npm_config_local_prefix' || k === 'INIT_CWD') delete e[k];
  return e;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 60_000): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, `${cmd} ${args.join(' ')}: ${String(r.error)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The installed CLI, as a user runs it: npx finds it in the project's node_modules/.bin and installs nothing.
 * `--` keeps npx from taking the CLI's flags as its own (`npx concurrency-lens --version` prints npm's).
 */
function cl(args: string[], timeoutMs?: number) {
  return run('npx', ['--offline', '--no', '--', 'concurrency-lens', ...args], project, timeoutMs);
}

function json<T>(r: { stdout: string; stderr: string }): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${r.stdout.slice(0, 500)}\nstderr:\n${r.stderr.slice(-2000)}`);
  }
}

before(() => {
  assert.ok(fs.existsSync(path.join(repo, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-package-'));
  assert.ok(path.relative(repo, tmp).startsWith('..'), `${tmp} must lie outside the repository`);
  home = path.join(tmp, 'home');
  project = path.join(tmp, 'project');
  for (const d of [home, project, path.join(tmp, 'pack')]) fs.mkdirSync(d);

  // --ignore-scripts: pack the bundles that are there, whatever lifecycle scripts package.json may gain.
  const pack = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', path.join(tmp, 'pack')], repo, 120_000);
  assert.equal(pack.code, 0, pack.stderr);
  const [info] = json<{ filename: string; files: { path: string }[] }[]>(pack);
  tarball = path.join(tmp, 'pack', info.filename);
  packedFiles = info.files.map((f) => f.path).sort();

  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2)}\n`);
  fs.mkdirSync(path.join(project, 'src'));
  fs.writeFileSync(path.join(project, 'src', 'server.js'), SERVER);
  fs.copyFileSync(path.join(repo, 'test', 'fixtures', 'workloads', 'cpu-loop.js'), path.join(project, 'cpu-loop.js'));
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project, 120_000);
  assert.equal(install.code, 0, install.stderr);
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack: the package', () => {
  it('holds the bundles, the probe, the workers, the webview assets, the example workloads and the docs the README links to, and nothing else', () => {
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli.js',
      'dist/extension.js',
      'dist/probe.js',
      'dist/workers/bench-worker.js',
      'dist/workers/analysis-worker.js',
      'dist/webview/main.js',
      'dist/webview/main.css',
      'examples/workloads/rag-pipeline.js',
      'examples/workloads/lib/tokenizer.js',
      'docs/analysis.md',
    ]) {
      assert.ok(packedFiles.includes(f), `${f} is not in the package`);
    }
    for (const rule of RULES) assert.ok(packedFiles.includes(`docs/rules/${rule.id}.md`), `the page of ${rule.id} is not in the package`);
    // Our TypeScript sources stay out; an example workload written in TypeScript (tokenize-tsx.ts) is one to run.
    const stray = packedFiles.filter((f) => /^(src|test|bench|out|scripts|\.bench|\.ci)\//.test(f) || f.endsWith('.map') || (f.endsWith('.ts') && !f.startsWith('examples/')));
    assert.deepEqual(stray, []);
    const top = [...new Set(packedFiles.map((f) => f.split('/')[0]))].sort();
    assert.deepEqual(top, ['BENCHMARKS.md', 'CONTRIBUTING.md', 'LICENSE', 'README.md', 'dist', 'docs', 'examples', 'media', 'package.json']);
  });

  it('lets every relative link and image in its Markdown resolve inside the package (the README and the docs it links to)', () => {
    const packed = new Set(packedFiles);
    const dead: string[] = [];
    for (const file of packedFiles.filter((f) => f.endsWith('.md'))) {
      const installed = path.join(project, 'node_modules', 'concurrency-lens', file);
      for (const m of fs.readFileSync(installed, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1].split('#')[0];
        if (!link || /^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), link)).replace(/\/$/, '');
        if (!packed.has(target) && !packedFiles.some((f) => f.startsWith(`${target}/`))) dead.push(`${file} → ${m[1]}`);
      }
    }
    assert.deepEqual(dead, []);
  });

  it('installs offline with nothing but itself: the bundles carry every runtime dependency', () => {
    const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'concurrency-lens', 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(installed.name, repoPkg.name);
    assert.equal(installed.version, repoPkg.version);
    assert.equal(installed.private, undefined);
    assert.equal(installed.dependencies, undefined);
    assert.deepEqual(installed.bin, { 'concurrency-lens': './dist/cli.js' });
    const modules = fs.readdirSync(path.join(project, 'node_modules')).filter((d) => !d.startsWith('.'));
    assert.deepEqual(modules, ['concurrency-lens']);
    assert.ok(fs.existsSync(path.join(project, 'node_modules', '.bin', 'concurrency-lens')));
  });
});

describe('the installed CLI, in a project outside the repository', () => {
  it('--version', () => {
    assert.deepEqual(cl(['--version']), { code: 0, stdout: `${repoPkg.version}\n`, stderr: '' });
  });

  it('check --format json: the synchronous read in the request handler, and --fail-on warning fails on it', () => {
    const r = cl(['check', '--format', 'json']);
    assert.equal(r.code, 0, `a warning does not reach the default --fail-on error\n${r.stderr}`);
    const doc = json<{
      tool: string;
      version: string;
      findings: { file: string; line: number; rule: string; category: string; severity: string; chain: { symbol: string }[] }[];
      stats: { files: number };
    }>(r);
    assert.equal(doc.tool, 'concurrency-lens');
    assert.equal(doc.version, repoPkg.version);
    assert.equal(doc.stats.files, 2, 'src/server.js and cpu-loop.js; node_modules stays out');
    assert.equal(doc.findings.length, 1, JSON.stringify(doc.findings));
    const [f] = doc.findings;
    assert.deepEqual([f.file, f.line, f.rule, f.category, f.severity], ['src/server.js', 4, 'no-sync-io-in-hot-path', 'sync-io', 'warning']);
    assert.equal(f.chain[0].symbol, '<request handler>');
    const gate = cl(['check', '--fail-on', 'warning']);
    assert.equal(gate.code, 1);
    assert.match(gate.stdout, /✖ 1 problem \(0 errors, 1 warning, 0 info\)/);
  });

  it('check --format sarif: a valid SARIF 2.1.0 log with the finding', () => {
    const r = cl(['check', '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    const log = json<{
      version: string;
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string }[] } };
        results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
      }[];
    }>(r);
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.version, '2.1.0');
    const [runLog] = log.runs;
    assert.deepEqual([runLog.tool.driver.name, runLog.tool.driver.version], ['concurrency-lens', repoPkg.version]);
    assert.equal(runLog.results.length, 1);
    const [result] = runLog.results;
    assert.deepEqual([result.ruleId, result.level], ['no-sync-io-in-hot-path', 'warning']);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/server.js');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 4);
    assert.ok(runLog.tool.driver.rules.some((rule) => rule.id === 'no-sync-io-in-hot-path'));
  });

  it('profile: a CPU loop, measured through the probe shipped in the package', () => {
    const r = cl(['profile', '--format', 'json', '--no-static', 'cpu-loop.js', '1500']);
    assert.equal(r.code, 0, r.stderr);
    const report = json<{
      workload: { type: string };
      recommendation: { model: string };
      hotspots: { file: string; function: string }[];
      run: { exitCode: number };
    }>(r);
    assert.equal(report.workload.type, 'cpu-bound');
    assert.equal(report.recommendation.model, 'worker-pool');
    assert.deepEqual([report.hotspots[0]?.file, report.hotspots[0]?.function], ['cpu-loop.js', 'burnCpu']);
    assert.equal(report.run.exitCode, 0);
  });

  it('bench --quick --suite io: one JSON object with the io key, saved where --results-dir says', () => {
    const results = path.join(tmp, 'results');
    const r = cl(['bench', '--quick', '--suite', 'io', '--format', 'json', '--results-dir', results], 120_000);
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    const doc = json<{ tool: string; version: string; quick: boolean; io?: { points: unknown[] }; cpu?: unknown }>(r);
    assert.deepEqual([doc.tool, doc.version, doc.quick], ['concurrency-lens', repoPkg.version, true]);
    assert.ok(doc.io && doc.io.points.length > 0, 'the io suite measured something');
    assert.equal(doc.cpu, undefined, 'only the suite asked for');
    assert.equal(fs.readdirSync(results).filter((f) => /^bench-.*\.json$/.test(f)).length, 1);
  });

  it('report with no script: the built-in example from the package, its hot lines, and the saved bench', () => {
    const results = path.join(tmp, 'results');
    // Reuses the result the bench test saved; without one (that test failed), it leaves benchmarks out
    // rather than spend 40 s on the quick suite.
    const saved = fs.existsSync(results) && fs.readdirSync(results).some((f) => f.startsWith('bench-'));
    const r = cl(['report', '--out', 'r.html', '--json', 'r.json', ...(saved ? ['--results-dir', results] : ['--no-bench'])], 120_000);
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    assert.equal(r.stdout, `${path.join(project, 'r.html')}\n${path.join(project, 'r.json')}\n`);
    const html = fs.readFileSync(path.join(project, 'r.html'), 'utf8');
    assert.match(html, /<title>Concurrency Lens report: rag-pipeline\.js<\/title>/);
    assert.match(html, /<script type="application\/json" id="lens-document">/);
    assert.ok(html.length > 100_000, 'the webview bundle is inline');

    const example = path.join('node_modules', 'concurrency-lens', 'examples', 'workloads');
    const doc = JSON.parse(fs.readFileSync(path.join(project, 'r.json'), 'utf8')) as {
      kind: string;
      bench?: { io?: unknown };
      profile?: { command: string[]; recommendation: { model: string }; hotspots: { file: string }[]; staticAnalysis?: { files?: number } };
    };
    assert.equal(doc.kind, 'report');
    const profile = doc.profile;
    assert.ok(profile, 'the report has a profile');
    assert.deepEqual(profile.command, [path.join(example, 'rag-pipeline.js')]);
    assert.ok(['async', 'worker-pool', 'shared-memory', 'hybrid'].includes(profile.recommendation.model), profile.recommendation.model);
    // The example lies in node_modules, yet it is the workload's own code: its hot lines are named.
    assert.ok(profile.hotspots.length > 0, 'no hotspots');
    assert.ok(profile.hotspots.every((h) => h.file.startsWith(`${example}${path.sep}`)), JSON.stringify(profile.hotspots.map((h) => h.file)));
    assert.ok((profile.staticAnalysis?.files ?? 0) > 5, 'the example folder was analysed');
    if (saved) assert.ok(doc.bench?.io, 'the saved io result is in the report');
  });
});
