// The process supervisor's promises that neither run's tests reach: a second Ctrl-C ends the run at once,
// SIGTERM and SIGHUP are passed on as SIGTERM, an interrupt once the workload has ended means now, the
// tree dies with this process, leftovers are reaped, the load command goes first, and no handler outlives
// the run. Real child processes throughout, checked with /proc and ps rather than with the supervisor.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { getEventListeners } from 'node:events';
import * as path from 'node:path';
import { ProcessSupervisor, type SupervisedRun, type SupervisorOptions } from '../../src/profiler/process-supervisor';
import { signalPid } from '../../src/profiler/process-tree';
import { processesWithEnv, running } from './process-helpers';

const ROOT = path.resolve(__dirname, '../../..');
const WORKLOADS = path.join(ROOT, 'test/fixtures/workloads');
const SUPERVISOR_JS = path.join(ROOT, 'out/src/profiler/process-supervisor.js');
const TEST_MARKER = 'CL_SUPERVISOR_TEST_RUN';
const linux = process.platform === 'linux';
type Command = { file: string; args: string[] };
const node = (script: string, ...args: string[]): Command => ({ file: process.execPath, args: [path.join(WORKLOADS, script), ...args] });
const inline = (code: string): Command => ({ file: process.execPath, args: ['-e', code] });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const HANDLED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'] as const;
const listenerCounts = (): number[] => HANDLED.map((e) => process.listenerCount(e));
/** A stuck run fails its test instead of hanging the file. */
const LIMIT = { timeout: 30_000 };

/** The test marker's value of every run, so that a failed test leaves nothing running either. */
const markers: string[] = [];
const newMarker = (): string => {
  const marker = randomUUID();
  markers.push(marker);
  return marker;
};
after(() => {
  for (const m of markers) for (const p of processesWithEnv(TEST_MARKER, m)) signalPid(p, 'SIGKILL');
});

/** What the supervisor asked of the run, in order. */
interface Calls {
  signalWorkload: NodeJS.Signals[];
  interruptNow: number;
  askLeftoversToStop: number[][];
}

/**
 * A supervisor with the profiling run's stop (the tree gets the signal, SIGKILL after the grace) and a
 * marker of the test's own, so that whatever it leaves behind is found.
 */
async function supervise(
  command: Command,
  options: Partial<SupervisorOptions> = {},
  hooks: (sup: ProcessSupervisor, calls: Calls) => Partial<SupervisedRun> = () => ({}),
): Promise<{ sup: ProcessSupervisor; calls: Calls; started: boolean; error?: NodeJS.ErrnoException }> {
  const calls: Calls = { signalWorkload: [], interruptNow: 0, askLeftoversToStop: [] };
  const marker = newMarker();
  const run: SupervisedRun = {
    markerName: 'CL_SUPERVISOR_RUN',
    signalWorkload: (signal) => {
      calls.signalWorkload.push(signal);
      sup.stopTree(signal, () => sup.killTree());
    },
    interruptNow: () => {
      calls.interruptNow++;
      sup.killTree();
    },
    askLeftoversToStop: (pids) => {
      calls.askLeftoversToStop.push(pids);
      for (const p of pids) signalPid(p, 'SIGTERM');
    },
  };
  const sup = new ProcessSupervisor({ cwd: WORKLOADS, timeoutMs: 15_000, graceMs: 1000, stdio: 'capture', handleSignals: false, ...options }, run);
  // The supervisor reads its hooks when it calls them.
  Object.assign(run, hooks(sup, calls));
  const outcome = await sup.start(command, { ...process.env, [TEST_MARKER]: marker });
  assert.deepEqual(processesWithEnv(TEST_MARKER, marker), [], 'nothing of the run is left running');
  return { sup, calls, ...outcome };
}

/**
 * The supervisor in a process of its own with this process's signal handling, so that a test can send it
 * real signals (Ctrl-C, a closed terminal) or have it exit while the tree runs. It prints what it was asked
 * to do and, at the end, `RESULT {...}`; the workload's output comes through live.
 */
const DRIVER = `
const { ProcessSupervisor } = require(process.argv[1]);
const [exitOn, ...args] = process.argv.slice(2);
const sup = new ProcessSupervisor(
  {
    cwd: process.cwd(), timeoutMs: 20000, graceMs: 10000, stdio: 'inherit-live',
    // After the chunk has been passed on: the test reads it.
    onOutput: (_stream, chunk) => { if (exitOn !== '-' && chunk.toString().includes(exitOn)) setImmediate(() => process.exit(0)); },
  },
  {
    markerName: 'CL_SUPERVISOR_RUN',
    signalWorkload: (signal) => { console.log('polite ' + signal); sup.stopTree(signal, () => sup.killTree()); },
    interruptNow: () => { console.log('now'); sup.killTree(); },
    askLeftoversToStop: (pids) => sup.signalTree('SIGTERM', pids),
  },
);
sup.start({ file: process.execPath, args }, process.env).then(() =>
  console.log('RESULT ' + JSON.stringify({ exit: sup.exit, stoppedBy: sup.stoppedBy, killedPids: [...sup.killedPids], pid: sup.pid })),
);
`;

interface DriverResult {
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stoppedBy: string;
  killedPids: number[];
  pid: number;
}

interface Driver {
  /** The value of TEST_MARKER in everything the driver starts. */
  marker: string;
  waitFor(text: string): Promise<void>;
  signal(sig: NodeJS.Signals): void;
  done: Promise<{ out: string; result?: DriverResult }>;
}

/** `exitOn`: the driver exits as soon as the workload prints it (`-`: never). */
function driver(exitOn: string, args: string[]): Driver {
  const marker = newMarker();
  const child = spawn(process.execPath, ['-e', DRIVER, SUPERVISOR_JS, exitOn, ...args], { cwd: WORKLOADS, env: { ...process.env, [TEST_MARKER]: marker }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { text: string; resolve(): void }[] = [];
  const onData = (c: Buffer): void => {
    out += c.toString();
    for (const w of waiters.filter((w) => out.includes(w.text))) w.resolve();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const done = new Promise<{ out: string; result?: DriverResult }>((resolve) =>
    child.on('close', () => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ out, result: line ? (JSON.parse(line.slice('RESULT '.length)) as DriverResult) : undefined });
    }),
  );
  return {
    marker,
    waitFor: (text) => (out.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }))),
    signal: (sig) => child.kill(sig),
    done,
  };
}

test('the first Ctrl-C is a polite stop; a second one ends the run at once, not after the grace period', LIMIT, async () => {
  // The workload shrugs the SIGINT off; the driver's grace period is 10 s.
  const d = driver('-', ['-e', "process.on('SIGINT', () => console.log('shrugged')); console.log('started'); setInterval(() => {}, 1000)"]);
  await d.waitFor('started\n');
  d.signal('SIGINT');
  await d.waitFor('shrugged\n');
  const second = Date.now();
  d.signal('SIGINT');
  const { out, result } = await d.done;
  const ms = Date.now() - second;
  assert.ok(result, out);
  assert.match(out, /^polite SIGINT$/m);
  assert.match(out, /^now$/m);
  assert.equal(result.stoppedBy, 'interrupt');
  assert.equal(result.exit.signal, 'SIGKILL');
  assert.ok(result.killedPids.includes(result.pid), `${result.killedPids} / ${result.pid}`);
  assert.ok(ms < 5000, `${ms} ms after the second Ctrl-C`);
  assert.equal(running(result.pid), false);
  assert.deepEqual(processesWithEnv(TEST_MARKER, d.marker), []);
});

test('SIGHUP (a closed terminal) and SIGTERM to this process reach the workload as SIGTERM', LIMIT, async () => {
  for (const sig of ['SIGHUP', 'SIGTERM'] as const) {
    const d = driver('-', [path.join(WORKLOADS, 'graceful.js')]);
    await d.waitFor('started\n');
    d.signal(sig);
    const { out, result } = await d.done;
    assert.ok(result, out);
    assert.match(out, /^polite SIGTERM$/m, sig);
    assert.match(out, /^graceful shutdown$/m, `${sig}: the workload's own SIGTERM handler ran`);
    assert.equal(result.stoppedBy, 'interrupt');
    assert.deepEqual(result.exit, { code: 0, signal: null });
    assert.deepEqual(processesWithEnv(TEST_MARKER, d.marker), []);
  }
});

test('should this process exit while the workload runs, the workload and its children die with it', LIMIT, async () => {
  const sleeper = path.join(WORKLOADS, 'sleeper.js');
  const d = driver('children ', ['-e', `const c = require('child_process').fork(${JSON.stringify(sleeper)}); console.log('children ' + c.pid); setInterval(() => {}, 1000)`]);
  const [, pid] = /children (\d+)/.exec((await d.done).out) ?? [];
  assert.ok(Number(pid) > 0);
  // SIGKILL is immediate, but the kernel still has to tear the processes down.
  for (let i = 0; i < 40 && processesWithEnv(TEST_MARKER, d.marker).length > 0; i++) await sleep(50);
  assert.deepEqual(processesWithEnv(TEST_MARKER, d.marker), []);
  assert.equal(running(Number(pid)), false, 'the forked child is gone');
});

test('an interrupt once the workload has ended, while the leader still works, means now; the timeout was the workload’s', LIMIT, async () => {
  const { sup, calls, started } = await supervise(
    node('idle-timers.js', 'forever'),
    { timeoutMs: 300 },
    (sup) => ({
      armed: () => {
        sup.noteWorkloadEnd();
        sup.untilRunEnds(setTimeout(() => sup.interrupt('SIGINT'), 800));
      },
    }),
  );
  assert.equal(started, true);
  assert.deepEqual(calls.signalWorkload, [], 'the timeout ended with the workload');
  assert.equal(calls.interruptNow, 1);
  assert.equal(sup.stoppedBy, 'exit');
  assert.equal(sup.exit?.signal, 'SIGKILL');
  assert.ok(sup.killedPids.has(sup.pid!));
});

test('leftovers after the leader exits are asked to stop, then killed after the leftover grace, even outside the group', LIMIT, async () => {
  const sleeper = path.join(WORKLOADS, 'sleeper.js');
  // The stubborn child says it is ready once it ignores SIGTERM; the leader exits right after.
  const leader = inline(`
    const { spawn } = require('child_process');
    const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'ignore'] });
    const escaped = spawn(process.execPath, [${JSON.stringify(sleeper)}], { detached: true, stdio: 'ignore' });
    stubborn.stdout.once('data', () => {
      console.log('left ' + stubborn.pid + ' ' + escaped.pid);
      process.exit(0);
    });`);
  const started = Date.now();
  const { sup, calls } = await supervise(leader, { graceMs: 10_000 }, () => ({ leftoverGraceMs: 500 }));
  const reapMs = Date.now() - started - sup.wallMs;
  const [stubborn, escaped] = (/left (\d+) (\d+)/.exec(sup.stdout.text()) ?? []).slice(1).map(Number);
  assert.ok(stubborn > 0 && escaped > 0, sup.stdout.text());
  assert.deepEqual(sup.exit, { code: 0, signal: null });
  assert.equal(sup.stoppedBy, 'exit');
  assert.equal(calls.askLeftoversToStop.length, 1);
  assert.ok(calls.askLeftoversToStop[0].includes(stubborn));
  assert.ok(sup.leftoverPids.has(stubborn));
  assert.ok(sup.killedPids.has(stubborn), 'it ignored SIGTERM');
  assert.ok(!sup.killedPids.has(escaped), 'it stopped on SIGTERM');
  if (linux) assert.ok(sup.leftoverPids.has(escaped), 'found by the run marker after it left the group');
  assert.equal(running(stubborn), false);
  assert.equal(running(escaped), false);
  assert.ok(reapMs < 5000, `reaped in ${reapMs} ms: the leftover grace, not the run's`);
});

test('a running load command is stopped before the workload is asked to stop', LIMIT, async () => {
  const abort = new AbortController();
  let loadRunningAtStop: boolean | undefined;
  const { sup, calls } = await supervise(
    node('idle-timers.js', 'forever'),
    { durationMs: 1500, loadCommand: 'node sleeper.js', loadDelayMs: 200, signal: abort.signal },
    (sup, calls) => ({
      armed: () => sup.untilWorkloadEnds(setTimeout(() => sup.startLoad(), sup.loadDelayMs)),
      signalWorkload: (signal) => {
        calls.signalWorkload.push(signal);
        loadRunningAtStop = sup.load?.running;
        sup.stopTree(signal, () => sup.killTree());
      },
    }),
  );
  assert.equal(sup.stoppedBy, 'duration');
  assert.deepEqual(calls.signalWorkload, ['SIGTERM']);
  assert.equal(loadRunningAtStop, false);
  const load = sup.load?.result();
  assert.equal(load?.stoppedByRunner, true);
  assert.ok(load.startedAfterMs >= 200 && load.startedAfterMs < 1500, `${load.startedAfterMs}`);
  assert.equal(sup.exit?.signal, 'SIGTERM');
  assert.ok(sup.wallMs >= 1400 && sup.wallMs < 5000, `${sup.wallMs}`);
  assert.equal(getEventListeners(abort.signal, 'abort').length, 0, 'the abort listener is gone');
});

test('without a duration, the end of the load command stops the run by design', LIMIT, async () => {
  const { sup, calls } = await supervise(
    node('idle-timers.js', 'forever'),
    { loadCommand: 'node idle-timers.js 300', loadDelayMs: 100 },
    (sup) => ({ armed: () => sup.untilWorkloadEnds(setTimeout(() => sup.startLoad(), sup.loadDelayMs)) }),
  );
  assert.equal(sup.stoppedBy, 'duration');
  assert.deepEqual(calls.signalWorkload, ['SIGTERM']);
  assert.equal(sup.load?.result().exitCode, 0);
  assert.equal(sup.load?.result().stoppedByRunner, false);
  assert.ok(sup.wallMs < 5000, `${sup.wallMs}`);
});

test('an interrupt that came before the start stops the run as it starts; no signal handler outlives the run', LIMIT, async () => {
  const before = listenerCounts();
  let during: number[] = [];
  const { sup, calls } = await supervise(
    node('idle-timers.js', 'forever'),
    { handleSignals: true, signal: AbortSignal.abort() },
    () => ({ armed: () => (during = listenerCounts()) }),
  );
  assert.deepEqual(
    during,
    before.map((n) => n + 1),
    'one handler each for SIGINT, SIGTERM, SIGHUP and exit while the run lasts',
  );
  assert.deepEqual(listenerCounts(), before);
  assert.equal(sup.stoppedBy, 'interrupt');
  assert.deepEqual(calls.signalWorkload, ['SIGINT']);
  assert.equal(sup.exit?.signal, 'SIGINT');
  assert.ok(sup.wallMs < 5000, `${sup.wallMs}`);
});

test('a leader that cannot start is reported as such, with nothing armed', LIMIT, async () => {
  const before = listenerCounts();
  const { sup, started, error, calls } = await supervise({ file: 'concurrency-lens-no-such-command', args: [] }, { handleSignals: true });
  assert.equal(started, false);
  assert.equal(error?.code, 'ENOENT');
  assert.equal(sup.pid, undefined);
  assert.equal(sup.exit, undefined);
  assert.ok(sup.wallMs >= 0 && sup.wallMs < 5000, `${sup.wallMs}`);
  assert.deepEqual(calls, { signalWorkload: [], interruptNow: 0, askLeftoversToStop: [] });
  assert.deepEqual(listenerCounts(), before);
});
