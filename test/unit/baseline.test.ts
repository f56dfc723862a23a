// Baselines: a team adopts the analyser on existing code, accepts what is there, and sees only what new code
// adds. The core (analysis/baseline.ts through the Analyzer, as the editor's worker uses it) and the bundled
// CLI's --write-baseline / --baseline round trip, on real files edited between runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePaths } from '../../src/analysis';
import { Analyzer } from '../../src/analysis/analyzer';
import { applyBaseline, BaselineError, createBaseline, parseBaseline } from '../../src/analysis/baseline';
import { tempProject } from './temp-project';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

const SERVER = [
  "const fs = require('fs');",
  "const app = require('express')();",
  "app.get('/page', (req, res) => {",
  "  res.send(fs.readFileSync('page.html', 'utf8'));",
  '});',
  "app.get('/other', (req, res) => {",
  "  res.send(fs.readFileSync('page.html', 'utf8'));",
  '});',
  '',
].join('\n');

const summary = (f: { line: number; rule: string }): string => `${f.line} ${f.rule}`;

describe('baseline (core)', () => {
  it('keeps moved findings accepted and reports only the call new code adds', () => {
    const p = tempProject({ 'server.js': SERVER });
    try {
      const before = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
      assert.deepEqual(before.map(summary), ['4 no-sync-io-in-hot-path', '7 no-sync-io-in-hot-path']);
      const baseline = createBaseline(before, p.file('.concurrency-lens-baseline.json'), p.dir, '0.0.0');
      writeFileSync(p.file('.concurrency-lens-baseline.json'), JSON.stringify(baseline));

      // Unrelated lines above move both findings down; a new route adds one more blocking call.
      const edited = SERVER.replace("const app = require('express')();", [
        "const app = require('express')();",
        '// a comment and a helper pushed in above the routes',
        'function clamp(n) { return Math.max(0, n); }',
      ].join('\n')) + "app.get('/new', (req, res) => res.send(fs.readdirSync('uploads')));\n";
      writeFileSync(p.file('server.js'), edited);
      const after = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', baselineFile: '.concurrency-lens-baseline.json' });
      assert.deepEqual(after.findings.map(summary), ['11 no-sync-io-in-hot-path']);
      assert.match(after.findings[0].message, /^readdirSync/);
      assert.deepEqual(after.baseline, { file: p.file('.concurrency-lens-baseline.json'), matched: 2, unmatched: 0 });
    } finally {
      p.cleanup();
    }
  });

  it('counts identical code: a third copy in the same function is new, a fixed one is no longer found', () => {
    const twice = "const fs = require('fs');\nconst app = require('express')();\napp.get('/x', (req, res) => {\n  fs.readFileSync('a');\n  fs.readFileSync('a');\n});\n";
    const p = tempProject({ 'server.js': twice });
    try {
      const first = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
      assert.equal(first.length, 2);
      assert.equal(first[0].fingerprint, first[1].fingerprint, 'the same call in the same function has one fingerprint');
      const baseline = createBaseline(first, p.file('b.json'), p.dir, '0.0.0');
      assert.deepEqual(baseline.findings.map((e) => [e.file, e.count]), [['server.js', 2]]);

      const thrice = twice.replace("  fs.readFileSync('a');\n});", "  fs.readFileSync('a');\n  fs.readFileSync('a');\n});");
      writeFileSync(p.file('server.js'), thrice);
      const three = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
      const applied = applyBaseline(three, baseline, p.file('b.json'), p.dir);
      assert.deepEqual(applied.findings.map(summary), ['6 no-sync-io-in-hot-path']);
      assert.equal(applied.summary.matched, 2);

      writeFileSync(p.file('server.js'), twice.replace("  fs.readFileSync('a');\n", ''));
      const one = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
      assert.deepEqual(applyBaseline(one, baseline, p.file('b.json'), p.dir).summary, { file: p.file('b.json'), matched: 1, unmatched: 1 });
    } finally {
      p.cleanup();
    }
  });

  it('a changed call or a call moved to another function is new', () => {
    const p = tempProject({ 'server.js': SERVER });
    try {
      const before = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
      const baseline = createBaseline(before, p.file('b.json'), p.dir, '0.0.0');
      writeFileSync(p.file('server.js'), SERVER.replace("  res.send(fs.readFileSync('page.html', 'utf8'));\n});\napp.get('/other'",
        "  res.send(fs.readFileSync('other.html', 'utf8'));\n});\napp.get('/other'"));
      const after = applyBaseline(analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings, baseline, p.file('b.json'), p.dir);
      assert.deepEqual(after.findings.map(summary), ['4 no-sync-io-in-hot-path']);
      assert.deepEqual([after.summary.matched, after.summary.unmatched], [1, 1]);
    } finally {
      p.cleanup();
    }
  });

  it('the editor\'s incremental analyser applies the baseline after each edit, and a broken file leaves everything in with the reason', () => {
    const p = tempProject({ 'server.js': SERVER });
    try {
      const findings = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
      writeFileSync(p.file('b.json'), JSON.stringify(createBaseline(findings, p.file('b.json'), p.dir, '0.0.0')));
      const analyzer = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off', baselineFile: p.file('b.json') });
      assert.deepEqual(analyzer.analyze().findings, []);
      const edited = analyzer.updateFile(p.file('server.js'), `\n\n${SERVER}app.get('/n', (req, res) => fs.rmSync(req.query.dir, { recursive: true }));\n`);
      assert.deepEqual(edited.findings.map(summary), ['11 no-sync-io-in-hot-path']);
      assert.equal(edited.baseline?.matched, 2);

      writeFileSync(p.file('b.json'), '{"format": "something-else"}');
      const broken = analyzer.updateFile(p.file('server.js'));
      assert.equal(broken.findings.length, 2);
      assert.match(broken.baseline?.error ?? '', /is not a Concurrency Lens baseline/);
    } finally {
      p.cleanup();
    }
  });

  it('rejects what is not a baseline with a message that says what is wrong', () => {
    assert.throws(() => parseBaseline('not json', 'b.json'), (e: Error) => e instanceof BaselineError && /b\.json is not JSON/.test(e.message));
    assert.throws(() => parseBaseline('{"format":"concurrency-lens-baseline","version":9,"findings":[]}', 'b.json'), /format version 9; this version reads 1/);
    assert.throws(() => parseBaseline('{"format":"concurrency-lens-baseline","version":1,"findings":[{"file":"a"}]}', 'b.json'), /must be a list of/);
  });
});

describe('baseline (bundled CLI)', () => {
  const cl = (dir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.error, undefined);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('--write-baseline accepts what is there; --baseline then fails only on what is new, from another folder too', () => {
    const p = tempProject({ 'app/server.js': SERVER });
    try {
      const written = cl(p.dir, 'check', 'app', '--write-baseline', 'baseline.json', '--fail-on', 'warning');
      assert.equal(written.code, 0, written.stderr);
      assert.match(written.stderr, /wrote 2 finding\(s\) to the baseline baseline\.json/);
      const file = JSON.parse(readFileSync(p.file('baseline.json'), 'utf8')) as { format: string; findings: { file: string; rule: string; count: number }[] };
      assert.equal(file.format, 'concurrency-lens-baseline');
      assert.deepEqual(file.findings.map((e) => [e.file, e.rule, e.count]), [
        ['app/server.js', 'no-sync-io-in-hot-path', 1],
        ['app/server.js', 'no-sync-io-in-hot-path', 1],
      ]);

      const clean = cl(p.dir, 'check', 'app', '--baseline', 'baseline.json', '--fail-on', 'warning', '--format', 'json');
      assert.equal(clean.code, 0, clean.stderr);
      const doc = JSON.parse(clean.stdout) as { findings: unknown[]; baseline: { matched: number; unmatched: number } };
      assert.deepEqual(doc.findings, []);
      assert.deepEqual([doc.baseline.matched, doc.baseline.unmatched], [2, 0]);
      assert.match(clean.stderr, /baseline baseline\.json: 2 accepted finding\(s\) left out/);

      // Run from inside app/: paths in the baseline are relative to its own folder, not to the working directory.
      writeFileSync(p.file('app/server.js'), `${SERVER}app.post('/upload', (req, res) => fs.writeFileSync('u', req.body));\n`);
      const fresh = cl(p.file('app'), 'check', '.', '--baseline', '../baseline.json', '--fail-on', 'warning', '--format', 'json');
      assert.equal(fresh.code, 1, 'the new blocking call reaches --fail-on warning');
      const newDoc = JSON.parse(fresh.stdout) as { findings: { file: string; line: number; message: string }[] };
      assert.deepEqual(newDoc.findings.map((f) => [f.file, f.line]), [['server.js', 9]]);
      assert.match(newDoc.findings[0].message, /^writeFileSync/);
    } finally {
      p.cleanup();
    }
  });

  it('a missing or broken baseline is a usage error (exit 2) with the reason, and nothing on stdout', () => {
    const p = tempProject({ 'server.js': SERVER, 'broken.json': '[1, 2' });
    try {
      const missing = cl(p.dir, 'check', '.', '--baseline', 'nope.json', '--format', 'json');
      assert.equal(missing.code, 2);
      assert.equal(missing.stdout, '');
      assert.match(missing.stderr, /baseline file not found: .*nope\.json/);
      const broken = cl(p.dir, 'check', '.', '--baseline', 'broken.json');
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.json is not JSON/);
      const both = cl(p.dir, 'check', '.', '--baseline', 'a.json', '--write-baseline', 'b.json');
      assert.equal(both.code, 2);
      assert.match(both.stderr, /do not go together/);
    } finally {
      p.cleanup();
    }
  });
});
