// The runner's promises: the workload's output stays its own and bounded, every failure is named,
// servers stop on time, Ctrl-C returns the data so far, and nothing is left running afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runWorkload, type RunOptions, type RunResult } from '../../src/profiler/runner';
import { readProbeData } from '../../src/profiler/probe-data';
import { OutputTail } from '../../src/profiler/output-tail';
import { freePort, processesWithEnv, running } from './process-helpers';
import { appendNodeOptions, quoteNodeOption, resolveCommand } from '../../src/profiler/command-line';

const ROOT = path.resolve(__dirname, '../../..');
const WORKLOADS = path.join(ROOT, 'test/fixtures/workloads');
const PROBE = path.join(ROOT, 'out/src/profiler/probe.js');
const RUNNER = path.join(ROOT, 'out/src/profiler/runner.js');
const linux = process.platform === 'linux';

function tempDir(t: { after(fn: () => void): void }, prefix = 'cl-run-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Processes that carry this probe directory in their environment: whatever a run started and left behind. */
const survivors = (probeDir: string): number[] => processesWithEnv('CONCURRENCY_LENS_PROBE_DIR', probeDir);

async function run(t: { after(fn: () => void): void }, command: string[], extra: Partial<RunOptions> = {}): Promise<{ result: RunResult; probeDir: string }> {
  const probeDir = tempDir(t);
  const result = await runWorkload({ command, cwd: WORKLOADS, timeoutMs: 15_000, probePath: PROBE, probeDir, cpuProfile: false, stdio: 'capture', graceMs: 1000, ...extra });
  assert.deepEqual(survivors(probeDir), [], 'nothing of the run is left running');
  return { result, probeDir };
}

test('a crash is reported with its exit code and the thrown error', async (t) => {
  const { result } = await run(t, ['crash.js']);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stoppedBy, 'exit');
  assert.equal(result.errorKind, 'exit-code');
  assert.match(result.error ?? '', /exited with code 1: Error: boom from crash fixture/);
  assert.match(result.stderrTail, /boom from crash fixture/);
  const data = readProbeData(path.dirname(result.probeFiles[0]), result.probeFiles);
  assert.equal(data.processes[0].main?.end?.exitCode, 1);
});

test('a non-zero exit code is an error; the output is kept', async (t) => {
  const { result } = await run(t, ['exit-code.js']);
  assert.equal(result.exitCode, 3);
  assert.equal(result.errorKind, 'exit-code');
  assert.equal(result.error, 'The workload exited with code 3');
  assert.equal(result.stderrTail, 'giving up\n');
});

test('a missing script is an error before anything is spawned', async (t) => {
  const probeDir = path.join(tempDir(t), 'not-created');
  const result = await runWorkload({ command: ['no-such-script.js', 'arg'], cwd: WORKLOADS, timeoutMs: 5000, probePath: PROBE, probeDir, cpuProfile: false, stdio: 'capture' });
  assert.equal(result.errorKind, 'script-not-found');
  assert.equal(result.error, `Script not found: ${path.join(WORKLOADS, 'no-such-script.js')}`);
  assert.equal(result.pid, undefined);
  assert.equal(fs.existsSync(probeDir), false);
});

test('a command that is not on PATH is named as such', async (t) => {
  const { result } = await run(t, ['concurrency-lens-no-such-command', '--x']);
  assert.equal(result.errorKind, 'command-not-found');
  assert.match(result.error ?? '', /Command not found: concurrency-lens-no-such-command/);
  assert.equal(result.probeFiles.length, 0);
});

test('a hang is stopped at the timeout with its whole tree, even a child that left the process group', async (t) => {
  const started = Date.now();
  const { result } = await run(t, ['hang-with-children.js', 'busy'], { timeoutMs: 1500, graceMs: 700 });
  assert.equal(result.stoppedBy, 'timeout');
  assert.equal(result.errorKind, 'timeout');
  // The loop is blocked, so the probe cannot act on SIGTERM: the runner escalates.
  assert.equal(result.signal, 'SIGKILL');
  assert.ok(result.killedPids.includes(result.pid!));
  assert.match(result.error ?? '', /did not finish within 1\.5 s/);
  const [child, escaped] = (/children (\d+) (\d+)/.exec(result.stdoutTail) ?? []).slice(1).map(Number);
  assert.ok(child > 0 && escaped > 0, result.stdoutTail);
  assert.equal(running(child), false, 'forked child is gone');
  if (linux) assert.equal(running(escaped), false, 'detached child is gone');
  assert.equal(running(result.pid!), false);
  assert.ok(Date.now() - started < 6000);
  // The children ran under the probe too and left their data.
  assert.ok(result.probeFiles.some((f) => path.basename(f) === `probe-${child}-0.ndjson`));
});

test('a flood of output keeps only a bounded tail', async (t) => {
  const { result } = await run(t, ['flood.js', '50']);
  assert.equal(result.exitCode, 0, result.error);
  assert.ok(result.stdoutBytes >= 50 * 1024 * 1024, `${result.stdoutBytes}`);
  assert.ok(Buffer.byteLength(result.stdoutTail) <= 64 * 1024);
  const lines = result.stdoutTail.split('\n');
  assert.equal(lines.pop(), '');
  assert.ok(lines.length <= 50, `${lines.length} lines`);
  assert.equal(lines[lines.length - 1], 'flood done');
  assert.equal(lines[0], 'x'.repeat(99));
  // The whole flood was never held: this process would have grown by at least 50 MB.
  assert.ok(process.memoryUsage().rss < 400 * 1024 * 1024);
});

test('the output tail is bounded by lines and bytes and cuts cleanly', () => {
  const tail = new OutputTail(1000, 5);
  for (let i = 0; i < 10_000; i++) tail.push(Buffer.from(`line ${i}\n`));
  assert.equal(tail.text(), ['line 9995', 'line 9996', 'line 9997', 'line 9998', 'line 9999', ''].join('\n'));
  assert.equal(tail.truncated, true);
  // 9 bytes from the end land inside the 3-byte '€': its remaining bytes are skipped, not shown as U+FFFD.
  const wide = new OutputTail(9, 50);
  wide.push(Buffer.from('aaaaaaaa\nxé€😀end'));
  assert.equal(wide.text(), '😀end');
  const whole = new OutputTail();
  whole.push(Buffer.from('a\nb'));
  assert.equal(whole.text(), 'a\nb');
  assert.equal(whole.truncated, false);
});

test('commands: scripts run under node, other commands as given; NODE_OPTIONS values are quoted', () => {
  assert.deepEqual(resolveCommand(['app.ts', '--x'], '/w'), { file: 'node', args: ['app.ts', '--x'], script: path.resolve('/w', 'app.ts') });
  assert.deepEqual(resolveCommand(['npm', 'run', 'serve'], '/w'), { file: 'npm', args: ['run', 'serve'] });
  assert.deepEqual(resolveCommand(['node', 'srv.mjs'], '/w'), { file: 'node', args: ['srv.mjs'], script: path.resolve('/w', 'srv.mjs') });
  assert.equal(quoteNodeOption('/a/b.js'), '/a/b.js');
  assert.equal(quoteNodeOption('/a b/p.js'), '"/a b/p.js"');
  assert.equal(quoteNodeOption('C:\\a b\\p.js'), '"C:\\\\a b\\\\p.js"');
  assert.equal(appendNodeOptions(' --max-old-space-size=64 ', ['--require', 'x']), '--max-old-space-size=64 --require x');
  assert.equal(appendNodeOptions(undefined, ['--require', 'x']), '--require x');
});

test('a probe path with spaces is passed intact and the user NODE_OPTIONS still apply', async (t) => {
  const dir = tempDir(t, 'cl run with spaces ');
  const probe = path.join(dir, 'pre load.js');
  fs.copyFileSync(path.join(WORKLOADS, 'preload-marker.js'), probe);
  const { result, probeDir } = await run(t, ['idle-timers.js', '50'], { probePath: probe, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=96' } });
  assert.equal(result.exitCode, 0, result.error);
  const markers = fs.readdirSync(probeDir).filter((f) => f.startsWith('marker-'));
  assert.equal(markers.length, 1);
  const seen = JSON.parse(fs.readFileSync(path.join(probeDir, markers[0]), 'utf8')) as { nodeOptions: string; heapLimit: number };
  assert.equal(seen.nodeOptions, `--max-old-space-size=96 --require "${probe}"`);
  assert.ok(seen.heapLimit < 200 * 1024 * 1024, `heap limit ${seen.heapLimit}`);
});

test('a server runs for its duration under load and is stopped by design, load command included', async (t) => {
  const port = await freePort();
  const { result } = await run(t, ['server.js', String(port)], { durationMs: 1500, loadCommand: `node load.js ${port} forever` });
  assert.equal(result.stoppedBy, 'duration');
  assert.equal(result.error, undefined);
  assert.equal(result.signal, 'SIGTERM');
  assert.match(result.stdoutTail, new RegExp(`listening on ${port}`));
  assert.ok(result.load, 'load command ran');
  assert.equal(result.load.stoppedByRunner, true);
  assert.equal(result.load.stderrTail, '');
  assert.ok(result.load.startedAfterMs < 1400, `load started after ${result.load.startedAfterMs} ms`);
  assert.ok(result.wallMs >= 1400 && result.wallMs < 4000, `${result.wallMs}`);
  const data = readProbeData(path.dirname(result.probeFiles[0]), result.probeFiles);
  const server = data.processes.find((p) => p.pid === result.pid)!.main!;
  assert.ok(server.samples.some((s) => (s.resources.TCPServerWrap ?? 0) > 0));
  assert.ok(server.samples.some((s) => (s.resources.TCPSocketWrap ?? 0) > 0), 'connections were served');
  // The load command is not probed: its CPU is not the server's.
  assert.equal(data.processes.length, 1);
});

test('without a duration, the end of the load command ends the run', async (t) => {
  const port = await freePort();
  const { result } = await run(t, ['server.js', String(port)], { loadCommand: `node load.js ${port} 20` });
  assert.equal(result.stoppedBy, 'duration');
  assert.equal(result.error, undefined);
  assert.equal(result.load?.exitCode, 0);
  assert.equal(result.load?.stdoutTail, 'load done 20\n');
  assert.equal(result.load?.stoppedByRunner, false);
});

test('a forked child runs under the probe with its own file, linked to its parent', async (t) => {
  const { result, probeDir } = await run(t, ['fork-parent.js']);
  assert.equal(result.exitCode, 0, result.error);
  const childPid = Number(/child (\d+)/.exec(result.stdoutTail)?.[1]);
  assert.ok(fs.existsSync(path.join(probeDir, `probe-${childPid}-0.ndjson`)));
  const data = readProbeData(probeDir, result.probeFiles);
  assert.deepEqual(data.roots, [result.pid]);
  const parent = data.processes.find((p) => p.pid === result.pid)!;
  assert.deepEqual(parent.children, [childPid]);
  const child = data.processes.find((p) => p.pid === childPid)!.main!;
  const cpu = child.samples.reduce((a, s) => a + s.cpuUserMs + s.cpuSystemMs, 0);
  assert.ok(cpu > 50, `child cpu ${cpu}`);
});

test('an npm script is covered through npm and its shell, and linked to npm', async (t) => {
  const project = tempDir(t, 'cl-npm-');
  const script = path.join(WORKLOADS, 'cpu-loop.js');
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'w', version: '1.0.0', private: true, scripts: { work: `node ${JSON.stringify(script)} 200` } }));
  const { result, probeDir } = await run(t, ['npm', 'run', 'work'], { cwd: project });
  assert.equal(result.exitCode, 0, result.error);
  assert.match(result.stdoutTail, /rounds \d+/);
  const data = readProbeData(probeDir, result.probeFiles);
  const npm = data.processes.find((p) => p.pid === result.pid)!;
  const work = data.processes.find((p) => p.argv.some((a) => a.endsWith('cpu-loop.js')))!;
  assert.ok(npm && work, JSON.stringify(data.processes.map((p) => p.argv)));
  if (linux) assert.equal(work.parent, npm.pid, 'linked through the unprobed shell');
});

test('Ctrl-C stops the workload and still returns what was gathered', async (t) => {
  const probeDir = tempDir(t);
  const driver = spawn('node', [path.join(WORKLOADS, 'runner-driver.js'), RUNNER, PROBE, probeDir, '--', path.join(WORKLOADS, 'idle-timers.js'), 'forever'], {
    cwd: WORKLOADS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  driver.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    // Live output reaches the driver's own stdout; once the workload spoke, it is running.
    if (out.includes('started\n') && !driver.killed) setTimeout(() => driver.kill('SIGINT'), 300);
  });
  const code = await new Promise<number | null>((resolve) => driver.on('exit', resolve));
  assert.equal(code, 0, out);
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, out);
  const result = JSON.parse(line.slice('RESULT '.length)) as RunResult;
  assert.equal(result.stoppedBy, 'interrupt');
  assert.equal(result.signal, 'SIGINT');
  assert.equal(result.error, undefined);
  assert.equal(result.cpuProfiles.length, 1);
  const main = readProbeData(probeDir, result.probeFiles).processes[0].main!;
  assert.equal(main.end?.signal, 'SIGINT');
  assert.ok(main.samples.length > 5);
  assert.equal(running(result.pid!), false);
  assert.deepEqual(survivors(probeDir), []);
});
