// The pure parts of the editor's profile features: what "Profile Workload…" offers to run, and the
// lens text shown above a hotspot's line after a profile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileTargets, readNpmScripts, splitCommandLine } from '../../src/profiler/profile-targets';
import { hotspotLenses } from '../../src/report/hotspot-lenses';
import type { ProfileReport } from '../../src/report/profile-report';

const ROOT = path.resolve(__dirname, '../../..');

describe('profile targets', () => {
  it('offers the active script, configured commands, then npm scripts without the install hooks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-targets-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { serve: 'node server.js', postinstall: 'node setup.js', test: 'node --test', odd: 42 } }));
      const targets = profileTargets(dir, path.join(dir, 'src', 'job.ts'), [{ label: 'API under load', command: 'node server.js --port 3000', durationSeconds: 10, load: 'npx autocannon localhost:3000' }], await readNpmScripts(dir));
      assert.deepEqual(
        targets.map((t) => [t.kind, t.label, t.command]),
        [
          ['file', 'job.ts', [path.join(dir, 'src', 'job.ts')]],
          ['configured', 'API under load', ['node', 'server.js', '--port', '3000']],
          ['npm-script', 'npm run serve', ['npm', 'run', 'serve']],
          ['npm-script', 'npm run test', ['npm', 'run', 'test']],
        ],
      );
      assert.equal(targets[1].durationSeconds, 10);
      assert.equal(targets[1].loadCommand, 'npx autocannon localhost:3000');
      assert.equal(targets[0].detail, `node ${path.join('src', 'job.ts')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('offers no file when the active editor is not a script, and survives a broken package.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-targets-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{ not json');
      assert.deepEqual(await readNpmScripts(dir), {});
      assert.deepEqual(await readNpmScripts(path.join(dir, 'missing')), {});
      assert.deepEqual(profileTargets(dir, path.join(dir, 'README.md'), [], await readNpmScripts(dir)), []);
      // A Python file is offered too; the editor runs it under the Python extension's interpreter.
      assert.deepEqual(profileTargets(dir, path.join(dir, 'jobs', 'embed.py')), [
        { label: 'embed.py', detail: `python ${path.join('jobs', 'embed.py')}`, kind: 'file', command: [path.join(dir, 'jobs', 'embed.py')], cwd: dir },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('splits configured command lines, keeping quoted parts whole', () => {
    assert.deepEqual(splitCommandLine(`node app.js --name "two words" 'x y'`), ['node', 'app.js', '--name', 'two words', 'x y']);
  });
});

describe('hotspot lenses', () => {
  it('after profiling execSync calls, the lens says how long and how often the loop was blocked, and in what', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'profile', '--format', 'json', '--no-static', 'sync-shell.js'], {
      cwd: path.join(ROOT, 'test/fixtures/workloads'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as ProfileReport;
    const lenses = hotspotLenses(report);
    const lens = lenses.find((l) => l.file === path.join(ROOT, 'test/fixtures/workloads/sync-shell.js'));
    assert.ok(lens, JSON.stringify(lenses));
    assert.match(lens.title, /^Concurrency Lens: blocked the event loop for [\d.]+ m?s in [2-9] stretches in execSync$/);
    const [, value, unit] = /for ([\d.]+) (m?s)/.exec(lens.title)!;
    assert.ok(Number(value) * (unit === 's' ? 1000 : 1) >= 800, `four 300 ms calls, about 1.2 s blocked: ${lens.title}`);
    assert.match(lens.tooltip, /Verdict: sync-io-blocking → async/);
    // Nothing under 2% of the run gets a lens.
    for (const l of lenses) assert.ok(report.hotspots.find((h) => h.absFile === l.file)!.selfMs >= 0.02 * report.metrics.wallMs);
  });
});
