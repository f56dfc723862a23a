// Hotspots and blocked stretches of real workloads run under the probe with a CPU profile: a CPU loop, a
// loop blocked by synchronous shell-outs, and compiled TypeScript that only its source map ties back to
// the .ts line. Thresholds are generous: other test files share the two cores with these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runWorkload } from '../../src/profiler/runner';
import { readProbeData } from '../../src/profiler/probe-data';
import { analyzeProfiles, type ProfileAnalysis } from '../../src/profiler/hotspots';

const ROOT = path.resolve(__dirname, '../../..');
const WORKLOADS = path.join(ROOT, 'test/fixtures/workloads');
const PROBE = path.join(ROOT, 'out/src/profiler/probe.js');
const TS_FIXTURE = path.join(ROOT, 'test/fixtures/hotspots/hot-loop.ts');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-hot-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** 1-based line of the first line containing `needle`. */
function lineOf(file: string, needle: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} in ${file}`);
  return i + 1;
}

async function analyse(t: { after(fn: () => void): void }, command: string[], cwd: string): Promise<ProfileAnalysis> {
  const probeDir = tempDir(t);
  const result = await runWorkload({ command, cwd, timeoutMs: 15_000, probePath: PROBE, probeDir, cpuProfile: true, stdio: 'capture', graceMs: 2000 });
  assert.equal(result.exitCode, 0, result.error);
  assert.equal(result.cpuProfiles.length, 1);
  const analysis = analyzeProfiles(readProbeData(probeDir, result.probeFiles), { cwd });
  assert.deepEqual(analysis.skipped, []);
  // The probe's own work is overhead, never a hotspot.
  const probeScripts = path.dirname(PROBE);
  assert.ok(
    analysis.hotspots.every((h) => path.dirname(h.absFile) !== probeScripts),
    JSON.stringify(analysis.hotspots.map((h) => h.absFile)),
  );
  return analysis;
}

test('a CPU loop: the top hotspot is the loop line of the hot function, with most of the busy time', async (t) => {
  const a = await analyse(t, ['cpu-loop.js', '800'], WORKLOADS);
  const top = a.hotspots[0];
  assert.ok(top, 'a hotspot');
  assert.equal(top.function, 'burnCpu');
  assert.equal(top.file, 'cpu-loop.js');
  assert.equal(top.absFile, path.join(WORKLOADS, 'cpu-loop.js'));
  assert.equal(top.line, lineOf(path.join(WORKLOADS, 'cpu-loop.js'), 'while (Date.now() < until)'));
  assert.equal(top.functionLine, lineOf(path.join(WORKLOADS, 'cpu-loop.js'), 'function burnCpu('));
  assert.equal(top.threads, 'main');
  assert.equal(top.mapped, false);
  assert.ok(top.leafMs >= 0.9 * top.selfMs, `leaf ${top.leafMs} of ${top.selfMs}`);
  assert.ok(top.share > 0.7, `share ${top.share}`);
  assert.ok(top.selfMs > 500, `self ${top.selfMs} ms`);
  const [main] = a.totals;
  assert.ok(main.userMs / main.busyMs > 0.8, JSON.stringify(main));
  assert.ok(main.probeMs > 0, 'the probe costs something and is counted apart');
});

test('synchronous shell-outs: low-CPU blocked stretches, charged to the calling function via execSync', async (t) => {
  const a = await analyse(t, ['sync-shell.js', '4'], WORKLOADS);
  const script = path.join(WORKLOADS, 'sync-shell.js');
  // The first call runs in the main module before the loop starts; the other three block the loop.
  assert.equal(a.blocked.startupCount, 1, JSON.stringify(a.stretches));
  const loop = a.stretches.filter((s) => s.kind === 'loop');
  assert.ok(loop.length >= 2, JSON.stringify(a.stretches));
  for (const s of loop) {
    assert.ok(s.durationMs >= 250, `stretch of ${s.durationMs} ms`);
    assert.ok(s.cpuShare < 0.35, `cpu share ${s.cpuShare}: the thread waited, it did not compute`);
    const [frame] = s.frames;
    assert.equal(frame?.function, 'next', JSON.stringify(s.frames));
    assert.equal(frame.file, 'sync-shell.js');
    assert.deepEqual(frame.via[0] && { name: frame.via[0].name, module: frame.via[0].module }, { name: 'execSync', module: 'node:child_process' });
    assert.ok(frame.ms >= 0.5 * s.durationMs, `frame ${frame.ms} ms of ${s.durationMs}`);
  }
  assert.ok(a.blocked.totalMs >= 900, `blocked ${a.blocked.totalMs} ms`);

  const top = a.hotspots[0];
  assert.equal(top.function, 'next');
  assert.equal(top.line, lineOf(script, 'function next()'));
  assert.equal(top.via[0].name, 'execSync');
  assert.equal(top.via[0].module, 'node:child_process');
  assert.ok(top.selfMs >= 1000, `self ${top.selfMs} ms`);
  assert.ok(top.leafMs < 0.05 * top.selfMs, `leaf ${top.leafMs} ms`);
  // Three of the four calls blocked a running loop.
  assert.ok(top.blockedMs >= 0.5 * top.selfMs && top.blockedMs <= top.selfMs, `blocked ${top.blockedMs} of ${top.selfMs}`);
});

test('compiled TypeScript: time lands on the .ts line through the source map', async (t) => {
  const dir = tempDir(t);
  const ts = path.join(dir, 'src/hot-loop.ts');
  fs.mkdirSync(path.dirname(ts), { recursive: true });
  fs.copyFileSync(TS_FIXTURE, ts);
  // --noCheck: only the emitted code and map matter here, and type checking doubles tsc's time.
  execFileSync(process.execPath, [TSC, '--noCheck', '--sourceMap', '--target', 'ES2022', '--module', 'commonjs', '--outDir', path.join(dir, 'out'), '--rootDir', path.join(dir, 'src'), ts]);
  const js = path.join(dir, 'out/hot-loop.js');

  const a = await analyse(t, [js, '800'], dir);
  const top = a.hotspots[0];
  assert.equal(top.function, 'spendBudget');
  assert.equal(top.file, path.join('src', 'hot-loop.ts'));
  assert.equal(top.absFile, ts);
  assert.equal(top.mapped, true);
  assert.equal(top.line, lineOf(ts, '// HOT LINE'));
  assert.equal(top.functionLine, lineOf(ts, 'export function spendBudget('));
  assert.equal(top.generated?.file, js);
  assert.notEqual(top.generated?.line, top.line);
  assert.ok(top.share > 0.7, `share ${top.share}`);
});
