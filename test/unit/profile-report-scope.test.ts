// Which lines a profile report tells the user to change: only from the files the workload loads (a finding in
// a script beside it is not about this run), each line once however its path is spelt, and never a line whose
// time was module loading. Plus the scan that finds the loaded files, on real files in a temp project.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../src/analysis/findings';
import { filesLoadedBy } from '../../src/analysis/loaded-files';
import { workloadScope } from '../../src/profiler/workload-scope';
import { buildProfileReport, type ProfileReport, type ReportInput, type StaticScope } from '../../src/report/profile-report';
import { profileView } from '../../src/report/views/profile-view';
import { formatProfileText } from '../../src/report/profile-text';
import { DEFAULT_THRESHOLDS } from '../../src/advisor/thresholds';
import { tempProject } from './temp-project';

const ROOT = path.resolve(__dirname, '../../..');
const fixture = (): ProfileReport =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/reports/profile-tokenize-main-thread.json'), 'utf8')) as ProfileReport;

/** The recorded tokenize-main-thread run, fed back through the report builder with the given static findings. */
function rebuild(findings: Finding[], scope?: StaticScope, edit?: (r: ProfileReport) => void): ProfileReport {
  const r = fixture();
  edit?.(r);
  const input: ReportInput = {
    version: r.version,
    command: r.command,
    cwd: r.cwd,
    profiled: {
      run: { ...r.run, probeFiles: [] } as unknown as ReportInput['profiled']['run'],
      analysis: { hotspots: r.hotspots, stretches: [], blocked: r.blocked.summary, totals: [], skipped: [] },
      mainStretches: [],
      threads: r.threads,
      skipped: [],
      workload: { pid: r.workload.pid, argv: r.workload.argv, ...r.process },
      measurements: r.metrics.details,
    },
    thresholds: DEFAULT_THRESHOLDS,
    staticAnalysis: { findings, files: 20, durationMs: 5, ...(scope ? { scope } : {}) },
  };
  return buildProfileReport(input);
}

const finding = (file: string, line: number, rule = 'no-blocking-crypto-in-hot-path', category: Finding['category'] = 'cpu'): Finding =>
  ({ ...(fixture().staticAnalysis as { findings: Finding[] }).findings[0], file, line, rule, category, message: `${rule} at ${line}` });

const SCOPE: StaticScope = {
  script: 'examples/workloads/tokenize-main-thread.js',
  files: ['examples/workloads/tokenize-main-thread.js', 'examples/workloads/lib/tokenizer.js'],
  complete: true,
};

describe('profile report: lines to change', () => {
  it('lists static findings of the files the workload loads only; one beside it in the folder is counted elsewhere', () => {
    const findings = [finding('examples/workloads/password-server.js', 27), finding('examples/workloads/lib/tokenizer.js', 80)];
    const scoped = rebuild(findings, SCOPE);
    const v = profileView(scoped);
    assert.deepEqual(v.staticFindings.map((f) => `${f.file}:${f.line}`), ['examples/workloads/lib/tokenizer.js:80']);
    assert.deepEqual(v.staticScope, { folder: 'examples/workloads', elsewhere: 1, script: SCOPE.script, loadedFiles: 2 });
    assert.ok(!scoped.recommendation.lines.some((l) => l.file.endsWith('password-server.js')), JSON.stringify(scoped.recommendation.lines));
    const text = formatProfileText(scoped, { color: false });
    assert.match(text, /1 in the 2 files tokenize-main-thread\.js loads, 0 confirmed by the profile; 1 more elsewhere in the workspace/);

    // Without a scope (a command that names no script) the folder is the scope, as before.
    const folder = profileView(rebuild(findings));
    assert.equal(folder.staticFindings.length, 2);
    assert.deepEqual(folder.staticScope, { folder: 'examples/workloads', elsewhere: 0 });
  });

  it('names one line once, whether the finding gives its path relative or absolute', () => {
    const r = fixture();
    const top = r.hotspots[0];
    // Static findings on the hot line, one spelt absolute (as a workspace outside the cwd hands it over).
    const findings = [finding(top.absFile, top.line), finding(path.relative(r.cwd, top.absFile), top.line)];
    // One hot line, so that static hints have room in the list (it holds three).
    const lines = rebuild(findings, SCOPE, (x) => void (x.hotspots = x.hotspots.slice(0, 1))).recommendation.lines.map((l) => `${l.file}:${l.line}`);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(new Set(lines).size, lines.length, lines.join('\n'));
    assert.ok(lines.includes(`${top.file}:${top.line}`), lines.join('\n'));
    assert.ok(lines.every((l) => !path.isAbsolute(l)), lines.join('\n'));
  });

  it('leaves out a hot line whose time went into require(): start-up cost, not a line to change', () => {
    const before = rebuild([], SCOPE).recommendation.lines;
    assert.equal(before[0].function, 'encodeWord');
    const after = rebuild([], SCOPE, (r) => {
      const h = r.hotspots[0];
      h.via = [{ name: 'require', module: 'node:internal/modules/helpers', ms: h.selfMs * 0.9 }];
    }).recommendation.lines;
    assert.ok(!after.some((l) => l.function === 'encodeWord' && l.line === before[0].line), JSON.stringify(after));
    assert.equal(after[0].function, before[1].function, 'the next hot line moves up');
  });
});

describe('profile report: hotspots by process', () => {
  it('lists another process\'s hotspots (a load client, a launcher) after the workload\'s, and takes no line to change from them', () => {
    const r = rebuild([], SCOPE, (x) => {
      x.hotspots[0].pids = [4242]; // the biggest hotspot: from a process outside the workload's tree
      x.hotspots[1].pids = [5151]; // the next: from a child process the workload started
      x.threads = [...x.threads, { pid: 5151, threadId: 0, role: 'child-process', busy: 0.5, lifetimeMs: 1000 }];
    });
    const order = r.hotspots.map((h) => h.process);
    assert.deepEqual(order.slice(0, 2), ['workload', 'workload']);
    assert.equal(order.indexOf('child') < order.indexOf('other'), true, order.join());
    assert.equal(r.hotspots.at(-1)?.function, 'encodeWord', 'the other process\'s hotspot comes last');
    assert.ok(!r.recommendation.lines.some((l) => l.function === 'encodeWord' && l.line === 63), JSON.stringify(r.recommendation.lines));
    assert.ok(r.recommendation.lines.some((l) => l.function === 'main'), 'the child\'s line stays a line to change');
    const text = formatProfileText(r, { color: false, hotspots: 20 });
    const at = (s: string): number => text.indexOf(s);
    assert.ok(at('in the workload process') > 0 && at('in the workload process') < at('in child processes it started'), text);
    assert.ok(at('in child processes it started') < at('in other processes of the command'), text);
    assert.equal(profileView(r).hotspots.at(-1)?.process, 'other');
  });
});

describe('files a workload loads', () => {
  it('follows imports, requires, re-exports and scripts started by path, not files beside them or packages', () => {
    const p = tempProject({
      'src/main.ts': "import { a } from './a.js';\nimport express from 'express';\nexport * from './types';\n",
      'src/a.ts': "const { b } = require('./lib');\nconst w = new Worker(path.join(__dirname, 'worker.js'));\nexport const a = b;\n",
      'src/lib/index.js': "module.exports = { b: import('../c.mjs') };\n",
      'src/c.mjs': 'export default 1;\n',
      'src/types.ts': 'export type T = 1;\n',
      'src/worker.js': "require('./worker-helper');\n",
      'src/worker-helper.js': '',
      'src/unrelated.js': "require('./a');\n",
      'node_modules/express/index.js': "require('../../src/unrelated');\n",
    });
    try {
      const loaded = filesLoadedBy(p.file('src/main.ts'), { cwd: p.dir });
      assert.equal(loaded.complete, true);
      assert.deepEqual(
        loaded.files.map((f) => path.relative(p.dir, f)).sort(),
        ['src/a.ts', 'src/c.mjs', 'src/lib/index.js', 'src/main.ts', 'src/types.ts', 'src/worker-helper.js', 'src/worker.js'],
      );
      assert.equal(loaded.files[0], p.file('src/main.ts'), 'the script first');
      assert.equal(filesLoadedBy(p.file('src/main.ts'), { cwd: p.dir, maxFiles: 3 }).complete, false);
    } finally {
      p.cleanup();
    }
  });

  it('follows Python imports: absolute from the script\'s folder, packages, relative imports', () => {
    const p = tempProject({
      'app.py': 'from svc import routes\nimport json\n',
      'svc/__init__.py': '',
      'svc/routes.py': 'from .db import query\nfrom . import models\n',
      'svc/db.py': '',
      'svc/models.py': '',
      'scripts/migrate.py': 'import svc.db\n',
    });
    try {
      const scope = workloadScope(['python3', 'app.py'], p.dir, true);
      assert.ok(scope);
      assert.equal(scope.script, 'app.py');
      assert.deepEqual([...scope.files].sort(), ['app.py', 'svc/__init__.py', 'svc/db.py', 'svc/models.py', 'svc/routes.py']);
      assert.equal(workloadScope(['python3', '-m', 'svc'], p.dir, true), undefined, 'no script named: no scope');
      assert.equal(workloadScope(['npm', 'start'], p.dir), undefined);
      assert.equal(workloadScope(['missing.js'], p.dir), undefined);
    } finally {
      p.cleanup();
    }
  });
});
