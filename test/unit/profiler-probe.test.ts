// The probe's measurements on small workloads with known shapes. Thresholds are generous and compare
// quantities with each other (CPU against wall time, busy against idle), because other test files share
// the CPU with these: on two busy cores a CPU-bound workload may get a third of a core, while ELU (busy
// whether scheduled or not) and a sleeping workload's CPU share hardly move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runWorkload, type RunOptions, type RunResult } from '../../src/profiler/runner';
import { parseProbeText, readProbeData, readProbeFile, type ProbeData, type ThreadSeries } from '../../src/profiler/probe-data';
import { busyFromProfile, readCpuProfile } from '../../src/profiler/profile-busy';
import { PROBE_SCHEMA } from '../../src/profiler/probe-records';
import { threadCpuTable } from '../../src/profiler/measure';

const ROOT = path.resolve(__dirname, '../../..');
const WORKLOADS = path.join(ROOT, 'test/fixtures/workloads');
const PROBE = path.join(ROOT, 'out/src/profiler/probe.js');
const MiB8 = 8 * 1024 * 1024;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-probe-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function profile(
  t: { after(fn: () => void): void },
  command: string[],
  extra: Partial<RunOptions> = {},
): Promise<{ result: RunResult; data: ProbeData; main: ThreadSeries }> {
  const probeDir = tempDir(t);
  const result = await runWorkload({ command, cwd: WORKLOADS, timeoutMs: 15_000, probePath: PROBE, probeDir, cpuProfile: false, stdio: 'capture', graceMs: 2000, ...extra });
  const data = readProbeData(probeDir, result.probeFiles);
  const main = data.processes.find((p) => p.pid === result.pid)?.main;
  assert.ok(main, `no probe data for the workload: ${JSON.stringify(result)}`);
  return { result, data, main };
}

function totals(th: ThreadSeries) {
  let wall = 0;
  let cpu = 0;
  let busy = 0;
  let maxDelay = 0;
  let mainMs = 0;
  const bytes = { cloned: 0, transferred: 0, shared: 0, messages: 0, serializeMs: 0 };
  for (const s of th.samples) {
    wall += s.dtMs;
    cpu += s.cpuUserMs + s.cpuSystemMs;
    busy += s.elu * s.dtMs;
    mainMs += s.mainMs;
    maxDelay = Math.max(maxDelay, s.delay.max);
    bytes.cloned += s.bytes.cloned;
    bytes.transferred += s.bytes.transferred;
    bytes.shared += s.bytes.shared;
    bytes.messages += s.messages;
    bytes.serializeMs += s.serializeMs ?? Number.NaN;
  }
  return { wall, cpu, busy, maxDelay, mainMs, bytes, samples: th.samples.length };
}

test('a CPU-bound loop: busy loop, CPU close to wall time, and a CPU profile that names the hot function', async (t) => {
  const { result, main } = await profile(t, ['cpu-loop.js', '1000'], { cpuProfile: true });
  assert.equal(result.exitCode, 0, result.error);
  // The probe never writes into the workload's own streams.
  assert.match(result.stdoutTail, /^rounds \d+\n$/);
  assert.equal(result.stderrTail, '');
  assert.equal(main.start.schema, PROBE_SCHEMA);
  assert.ok(main.start.argv.some((a) => a.endsWith('cpu-loop.js')));
  assert.equal(main.end?.exitCode, 0);

  const s = totals(main);
  assert.ok(s.wall >= 900, `wall ${s.wall}`);
  assert.ok(s.samples >= 20, `only ${s.samples} samples`);
  assert.ok(s.cpu / s.wall > 0.3, `cpu/wall ${s.cpu / s.wall}`);
  assert.ok(s.busy / s.wall > 0.8, `elu ${s.busy / s.wall}`);
  // 20 ms slices of work: timers wait most of a slice.
  assert.ok(s.maxDelay >= 5, `max delay ${s.maxDelay}`);

  assert.equal(result.cpuProfiles.length, 1);
  assert.equal(main.cpuProfile, result.cpuProfiles[0]);
  const cpuProfile = readCpuProfile(result.cpuProfiles[0]);
  assert.ok(
    cpuProfile.nodes.some((n) => n.callFrame.functionName === 'burnCpu' && n.callFrame.url.endsWith('cpu-loop.js')),
    'burnCpu is in the profile',
  );
  const busy = busyFromProfile(main, cpuProfile).filter((b): b is number => b !== null);
  assert.ok(busy.length > 10);
  assert.ok(busy.reduce((a, b) => a + b, 0) / busy.length > 0.8);
});

test('an idle timer loop: low utilisation and CPU, no delay to speak of', async (t) => {
  const { result, main } = await profile(t, ['idle-timers.js', '800']);
  assert.equal(result.exitCode, 0, result.error);
  const s = totals(main);
  assert.ok(s.wall >= 700, `wall ${s.wall}`);
  assert.ok(s.busy / s.wall < 0.2, `elu ${s.busy / s.wall}`);
  assert.ok(s.cpu / s.wall < 0.3, `cpu/wall ${s.cpu / s.wall}`);
  assert.ok(s.maxDelay < 100, `max delay ${s.maxDelay}`);
  assert.ok(main.samples.some((x) => (x.resources.Timeout ?? 0) >= 1), 'the workload timer shows as an active resource');
  assert.ok(main.samples.every((x) => x.heapUsed > 0 && x.rss >= x.heapUsed));
});

test('while the CPU profiler runs, busy time comes from the profile (ELU is distorted then)', async (t) => {
  const { result, main } = await profile(t, ['idle-timers.js', '800'], { cpuProfile: true });
  assert.equal(result.exitCode, 0, result.error);
  assert.equal(main.start.cpuProfile, true);
  const busy = busyFromProfile(main, readCpuProfile(result.cpuProfiles[0])).filter((b): b is number => b !== null);
  assert.ok(busy.length > 10);
  assert.ok(busy.reduce((a, b) => a + b, 0) / busy.length < 0.2, `profile busy ${busy}`);
});

test('synchronous shell-outs: long loop delays while the CPU idles (the sync-io-blocking signature)', async (t) => {
  const { result, main } = await profile(t, ['sync-shell.js', '4']);
  assert.equal(result.exitCode, 0, result.error);
  assert.equal(result.stdoutTail, 'calls 4\n');
  const s = totals(main);
  assert.ok(s.wall >= 1000, `wall ${s.wall}`);
  assert.ok(s.maxDelay >= 250, `max delay ${s.maxDelay}`);
  assert.ok(s.cpu / s.wall < 0.25, `cpu/wall ${s.cpu / s.wall}`);
  assert.ok(s.busy / s.wall > 0.7, `elu ${s.busy / s.wall}`);
});

test('a script that never yields is one block before the loop starts', async (t) => {
  const { result, main } = await profile(t, ['cpu-loop.js', '400', 'sync']);
  assert.equal(result.exitCode, 0, result.error);
  const s = totals(main);
  assert.ok(s.mainMs >= 300, `mainMs ${s.mainMs}`);
  const first = main.samples[0];
  assert.ok(first.mainMs >= 300 && first.elu >= 0.9, JSON.stringify(first));
  assert.ok(s.cpu / s.wall > 0.3, `cpu/wall ${s.cpu / s.wall}`);
});

test('postMessage bytes are split into cloned, transferred and shared; workers get their own series', async (t) => {
  const { result, data, main } = await profile(t, ['post-message.js']);
  assert.equal(result.exitCode, 0, result.error);
  assert.equal(result.stdoutTail, 'acks clone,transfer,shared\n');
  const b = totals(main).bytes;
  // Node's own bookkeeping messages to a new worker carry a few bytes too (a 4-byte shared counter).
  const about8MiB = (n: number) => n >= MiB8 && n < MiB8 + 64 * 1024;
  assert.ok(about8MiB(b.cloned), `cloned ${b.cloned}`);
  assert.ok(about8MiB(b.transferred), `transferred ${b.transferred}`);
  assert.ok(about8MiB(b.shared), `shared ${b.shared}`);
  assert.ok(b.messages >= 4, `messages ${b.messages}`);
  // The 8 MiB clone is serialised inside the main thread's postMessage call, which the probe times; every
  // sample carries the time (NaN would mean one did not).
  assert.ok(main.samples.every((x) => typeof x.serializeMs === 'number' && x.serializeMs >= 0));
  assert.ok(b.serializeMs > 0.1, `serializeMs ${b.serializeMs}`);

  const workers = data.processes.find((p) => p.pid === result.pid)!.workers;
  assert.equal(workers.length, 1);
  const w = workers[0];
  assert.equal(w.isMainThread, false);
  assert.notEqual(w.threadId, 0);
  assert.equal(path.basename(w.file), `probe-${result.pid}-${w.threadId}.ndjson`);
  assert.ok(w.samples.length > 0);
  assert.ok(w.samples.every((x) => x.elu >= 0 && x.elu <= 1));
  // The worker's replies are strings: nothing binary goes back. Its own calls are timed too.
  assert.equal(totals(w).bytes.cloned, 0);
  assert.ok(totals(w).bytes.serializeMs >= 0, `worker serializeMs ${totals(w).bytes.serializeMs}`);
  assert.equal(w.end?.exitCode, 0);
});

test('loaded twice, the probe samples once', async (t) => {
  const { result, main } = await profile(t, ['idle-timers.js', '100'], { env: { ...process.env, NODE_OPTIONS: `--require ${PROBE}` } });
  assert.equal(result.exitCode, 0, result.error);
  assert.equal(result.probeFiles.length, 1);
  const text = fs.readFileSync(main.file, 'utf8');
  assert.equal(parseProbeText(text).records.filter((r) => r.type === 'start').length, 1);
  assert.equal(parseProbeText(text).records.filter((r) => r.type === 'end').length, 1);
});

test('without a probe directory, or with one it cannot write to, the probe does nothing', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${PROBE}` };
  delete env.CONCURRENCY_LENS_PROBE_DIR;
  const script = 'console.log("out"); console.error("err"); setTimeout(() => {}, 50)';
  const quiet = execFileSync('node', ['-e', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(quiet, 'out\n');
  const broken = execFileSync('node', ['-e', script], { env: { ...env, CONCURRENCY_LENS_PROBE_DIR: path.join(os.tmpdir(), 'cl-no-such-dir', 'x') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(broken, 'out\n');
});

test('a workload with its own SIGTERM handler decides how it ends; the probe still records the stop', async (t) => {
  const { result, main } = await profile(t, ['graceful.js'], { durationMs: 1500 });
  assert.equal(result.stoppedBy, 'duration');
  assert.equal(result.exitCode, 0);
  assert.equal(result.signal, null);
  assert.equal(result.error, undefined);
  assert.match(result.stdoutTail, /graceful shutdown/);
  assert.deepEqual(main.signals.map((s) => s.signal), ['SIGTERM']);
  assert.equal(main.end?.exitCode, 0);
});

test('a workload without a handler still ends by the signal, after the probe wrote its data', async (t) => {
  const { result, main } = await profile(t, ['idle-timers.js', 'forever'], { durationMs: 1000, cpuProfile: true });
  assert.equal(result.stoppedBy, 'duration');
  assert.equal(result.signal, 'SIGTERM');
  assert.equal(result.error, undefined);
  assert.equal(main.end?.signal, 'SIGTERM');
  assert.ok(main.samples.length > 10);
  assert.equal(result.cpuProfiles.length, 1);
});

test('probe files are read back leniently: a cut last line, a newer schema, the process tree', (t) => {
  const dir = tempDir(t);
  const start = (pid: number, ppid: number, threadId = 0, schema = PROBE_SCHEMA, ancestors = [ppid]) =>
    JSON.stringify({
      type: 'start', schema, pid, ppid, ancestors, threadId, isMainThread: threadId === 0, argv: ['node', `p${pid}.js`], execArgv: [], nodeVersion: 'v20',
      cwd: '/', startTime: 1000 + pid, timeOrigin: 1000, monotonicStartUs: 0, intervalMs: 15, delayResolutionMs: 5, cpuProfile: false, cpuScope: 'process',
    });
  const sample = (t: number) =>
    JSON.stringify({
      type: 'sample', t, dtMs: 15, delay: { p50: 0, p99: 1, max: 1, mean: 0.5 }, elu: 0.5, mainMs: 0, cpuUserMs: 1, cpuSystemMs: 0, heapUsed: 1, rss: 2,
      gc: { count: 0, ms: 0 }, resources: {}, bytes: { cloned: 0, transferred: 0, shared: 0, strings: 0 }, messages: 0,
    });
  fs.writeFileSync(path.join(dir, 'probe-10-0.ndjson'), `${start(10, 1)}\n${sample(30)}\n${sample(15)}\n{"type":"sample","t":45,"dt`);
  fs.writeFileSync(path.join(dir, 'probe-11-0.ndjson'), `${start(11, 10)}\n${sample(15)}\n{"type":"end","t":20,"exitCode":0}\n`);
  fs.writeFileSync(path.join(dir, 'probe-11-1.ndjson'), `${start(11, 10, 1)}\n`);
  fs.writeFileSync(path.join(dir, 'probe-12-0.ndjson'), `${start(12, 10, 0, PROBE_SCHEMA + 1)}\n`);
  fs.writeFileSync(path.join(dir, 'probe-13-0.ndjson'), '');
  // Started by an unprobed shell (pid 99) that process 10 started.
  fs.writeFileSync(path.join(dir, 'probe-14-0.ndjson'), `${start(14, 99, 0, PROBE_SCHEMA, [99, 10, 1])}\n`);

  const cut = readProbeFile(path.join(dir, 'probe-10-0.ndjson'));
  assert.ok(!('error' in cut));
  assert.equal(cut.truncated, true);
  assert.equal(cut.badLines, 1);
  assert.deepEqual(cut.samples.map((s) => s.t), [15, 30]);
  assert.equal(cut.end, undefined);

  const data = readProbeData(dir);
  assert.deepEqual(data.processes.map((p) => p.pid), [10, 11, 14]);
  assert.deepEqual(data.roots, [10]);
  assert.deepEqual(data.processes[0].children, [11, 14]);
  assert.equal(data.processes[2].parent, 10);
  assert.equal(data.processes[1].workers.length, 1);
  assert.equal(data.processes[1].main?.end?.exitCode, 0);
  assert.deepEqual(data.skipped.map((s) => path.basename(s.file)).sort(), ['probe-12-0.ndjson', 'probe-13-0.ndjson']);
});

test('workers that never return to their event loop: seen by their CPU, and their data and profile survive terminate() and exit', { skip: process.platform !== 'linux' && 'per-thread CPU is read from /proc' }, async (t) => {
  const { result, data, main } = await profile(t, ['atomics-pool.js', '400', '900'], { cpuProfile: true });
  assert.equal(result.exitCode, 0, result.error);
  assert.equal(result.stdoutTail, 'terminated\n');
  const proc = data.processes.find((p) => p.pid === result.pid)!;
  assert.equal(proc.workers.length, 3);
  assert.equal(main.start.tid, result.pid);
  assert.ok((main.start.runtimeTids ?? []).length > 0, 'V8 and Node threads are there before the workload runs');

  // Each worker wrote its final sample, its end record and its profile on the parent's request, although
  // none of them ever ran its sampling timer again after it started computing.
  for (const w of proc.workers) {
    assert.equal(w.end?.terminated, true, `${w.file}: ${JSON.stringify(w.end)}`);
    assert.ok(w.cpuProfile, `${w.file} has a CPU profile`);
    assert.ok(w.start.tid !== undefined && w.start.tid !== main.start.tid);
  }
  const functions = new Set(proc.workers.flatMap((w) => readCpuProfile(w.cpuProfile!).nodes.map((n) => n.callFrame.functionName)));
  assert.ok(functions.has('burn') && functions.has('spin'), [...functions].join(','));

  // The main thread's sampler read every thread: the workers' CPU (plus run-queue wait, so that a loaded
  // machine does not hide it) is there, and it agrees with process CPU minus the main thread's.
  assert.ok(main.samples.some((s) => s.tasks), 'the main thread reads every thread');
  const table = threadCpuTable(proc)!;
  const busyOf = (w: ThreadSeries) => {
    const e = table.threads.find((x) => x.thread === w)!;
    return e.cpuMs + e.waitMs;
  };
  const [waiter, burner] = [...proc.workers].sort((a, b) => a.threadId - b.threadId);
  assert.ok(busyOf(waiter) >= 250, `the waiter computed 400 ms: ${busyOf(waiter)}`);
  assert.ok(busyOf(burner) >= 500, `the burner computed ~900 ms: ${busyOf(burner)}`);
  assert.equal(table.byRole.worker.threads, 3);
  assert.ok(table.byRole.worker.cpuMs <= table.offMainCpuMs * 1.05 + 50, JSON.stringify(table.byRole));
  assert.ok(table.byRole.worker.cpuMs >= 0.5 * table.offMainCpuMs, JSON.stringify(table.byRole));
});
