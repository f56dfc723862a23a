// The flamegraph run's promises, with the real 0x: the page lands in the directory and covers the
// workload's work, servers and blocked loops are stopped in a way that still lets 0x draw, every failure
// is named, and nothing is left running afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFlamegraph, type FlamegraphOptions, type FlamegraphResult } from '../../src/profiler/flamegraph';
import { findZeroX, isolateLogPid, nodeCommandFor, outputDirProblem, withoutZeroXNotes, workloadExitCodeFrom, workloadStderrFrom, zeroXErrorFrom } from '../../src/profiler/zero-x';
import { freePort, processesWithEnv, running } from './process-helpers';

const ROOT = path.resolve(__dirname, '../../..');
const WORKLOADS = path.join(ROOT, 'test/fixtures/workloads');
const FLAMEGRAPH_FIXTURES = path.join(ROOT, 'test/fixtures/flamegraph');
const ZERO_X = path.join(ROOT, 'node_modules/0x/cmd.js');
const FLAMEGRAPH_JS = path.join(ROOT, 'out/src/profiler/flamegraph.js');
const TEST_MARKER = 'CL_FLAMEGRAPH_TEST_RUN';

type TestContext = { after(fn: () => void): void };

function tempDir(t: TestContext, prefix = 'cl-fg-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Processes that carry this test's marker in their environment: whatever the run started and left behind. */
const survivors = (marker: string): number[] => processesWithEnv(TEST_MARKER, marker);

const isolateLogsIn = (dir: string): string[] => fs.readdirSync(dir).filter((f) => /^isolate-.*-v8\.log$/.test(f));

async function run(
  t: TestContext,
  command: string[],
  extra: Partial<FlamegraphOptions> = {},
): Promise<{ result: FlamegraphResult; outDir: string; ms: number }> {
  const outDir = path.join(tempDir(t), 'flamegraph');
  const marker = randomUUID();
  const logsInCwdBefore = isolateLogsIn(extra.cwd ?? WORKLOADS);
  const started = Date.now();
  const result = await runFlamegraph({
    command,
    cwd: WORKLOADS,
    outDir,
    timeoutMs: 20_000,
    stdio: 'capture',
    graceMs: 1000,
    handleSignals: false,
    env: { ...process.env, [TEST_MARKER]: marker },
    ...extra,
  });
  const ms = Date.now() - started;
  assert.deepEqual(survivors(marker), [], 'nothing of the run is left running');
  assert.deepEqual(isolateLogsIn(extra.cwd ?? WORKLOADS), logsInCwdBefore, "0x's V8 log does not land in the workload's directory");
  if (fs.existsSync(outDir))
    assert.deepEqual(
      fs.readdirSync(outDir).filter((f) => f.startsWith('.0x-work-')),
      [],
      'the working directory is removed',
    );
  return { result, outDir, ms };
}

function assertFlamegraphOf(result: FlamegraphResult, outDir: string, functionName: string): void {
  assert.equal(result.htmlFile, path.join(outDir, 'flamegraph.html'), result.error ?? result.stderrTail);
  assert.ok(path.isAbsolute(result.htmlFile));
  const html = fs.readFileSync(result.htmlFile, 'utf8');
  assert.match(html, /^\s*<html>/);
  assert.ok(html.includes(functionName), `the flamegraph mentions ${functionName}`);
}

test('a CPU workload leaves a flamegraph of its own functions in the directory', async (t) => {
  const { result, outDir, ms } = await run(t, ['cpu-loop.js', '1500']);
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.stoppedBy, 'exit');
  assert.equal(result.exitCode, 0);
  assertFlamegraphOf(result, outDir, 'burnCpu');
  assert.match(result.stdoutTail, /^rounds \d+\n$/, 'the workload’s output is kept, without 0x’s');
  assert.equal(result.stderrTail, '');
  assert.ok(result.wallMs >= 1500, `${result.wallMs}`);
  assert.ok(result.generateMs > 0 && result.generateMs < 15_000, `${result.generateMs}`);
  assert.equal(running(result.workloadPid!), false);
  // Without the probe: 0x's overhead must not reach the measurement run, nor the probe the flamegraph.
  assert.ok(!fs.readFileSync(result.htmlFile!, 'utf8').includes('probe.js'));
  t.diagnostic(`cpu-loop 1500 ms: ${ms} ms in all, 0x drew for ${result.generateMs} ms`);
});

test('a server stopped by its duration under load still gets its flamegraph, and nothing is left running', async (t) => {
  const port = await freePort();
  const { result, outDir, ms } = await run(t, [path.join(FLAMEGRAPH_FIXTURES, 'server.js'), String(port)], {
    durationMs: 3000,
    loadCommand: `node load.js ${port} forever`,
    // Without the probe the run cannot see the server listen; 0x's startup takes its time.
    loadDelayMs: 1500,
  });
  assert.equal(result.stoppedBy, 'duration');
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.exitCode, 0, 'stopped by SIGINT through 0x’s preload, which exits cleanly');
  assert.match(result.stdoutTail, new RegExp(`listening on ${port}`));
  assert.equal(result.load?.stderrTail, '', 'the load reached the server and was stopped before it');
  assert.equal(result.load?.stoppedByRunner, true);
  assertFlamegraphOf(result, outDir, 'handleFlamegraphRequest');
  assert.deepEqual(result.leftoverPids, []);
  assert.equal(running(result.workloadPid!), false);
  assert.equal(running(result.pid!), false);
  assert.ok(result.wallMs >= 2900 && result.wallMs < 5500, `${result.wallMs}`);
  t.diagnostic(`server 3 s: ${ms} ms in all, 0x drew for ${result.generateMs} ms`);
});

test('a crash is reported with its exit code and thrown error, and 0x still draws the flamegraph', async (t) => {
  const { result, outDir } = await run(t, ['crash.js']);
  assert.equal(result.errorKind, 'exit-code');
  assert.equal(result.exitCode, 1);
  assert.equal(result.stoppedBy, 'exit');
  assert.match(result.error ?? '', /^The workload exited with code 1: Error: boom from crash fixture$/);
  assert.match(result.stderrTail, /boom from crash fixture/);
  assert.doesNotMatch(result.stderrTail, /Target subprocess error/, '0x’s note is not the workload’s output');
  assertFlamegraphOf(result, outDir, 'crash.js');
});

test('a blocked loop is killed at the timeout and the flamegraph shows what it did until then', async (t) => {
  const { result, outDir, ms } = await run(t, ['cpu-loop.js', '60000', 'sync'], { timeoutMs: 2000, graceMs: 500 });
  assert.equal(result.stoppedBy, 'timeout');
  assert.equal(result.errorKind, 'timeout');
  assert.equal(result.error, 'The workload did not finish within 2 s; it did not stop on SIGINT and was killed, with its child processes');
  assert.equal(result.exitCode, null);
  assert.ok(result.killedPids.includes(result.workloadPid!), `${result.killedPids} / ${result.workloadPid}`);
  assert.ok(!result.killedPids.includes(result.pid!), '0x itself was left to draw');
  assertFlamegraphOf(result, outDir, 'burnCpu');
  assert.ok(result.wallMs >= 2400 && result.wallMs < 4500, `${result.wallMs}`);
  assert.ok(ms < 20_000, `${ms}`);
});

test('an abort (the programmatic Ctrl-C) stops the workload and keeps the flamegraph', async (t) => {
  const port = await freePort();
  const abort = new AbortController();
  const { result, outDir } = await run(t, [path.join(FLAMEGRAPH_FIXTURES, 'server.js'), String(port)], {
    signal: abort.signal,
    onOutput: (_stream, chunk) => {
      if (chunk.toString().includes('listening')) setTimeout(() => abort.abort(), 300);
    },
  });
  assert.equal(result.stoppedBy, 'interrupt');
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.exitCode, 0, 'it ended on the SIGINT, not on a kill');
  assert.deepEqual(result.killedPids, []);
  assert.ok(result.htmlFile && fs.existsSync(result.htmlFile));
  assert.equal(result.htmlFile, path.join(outDir, 'flamegraph.html'));
  assert.ok(result.wallMs < 10_000, `${result.wallMs}`);
});

test('Ctrl-C in the terminal stops the workload, whose output was shown live, and the flamegraph is drawn', async (t) => {
  const outDir = path.join(tempDir(t), 'flamegraph');
  const port = await freePort();
  const marker = randomUUID();
  const driver = spawn('node', [path.join(FLAMEGRAPH_FIXTURES, 'flamegraph-driver.js'), FLAMEGRAPH_JS, outDir, '--', path.join(FLAMEGRAPH_FIXTURES, 'server.js'), String(port)], {
    cwd: WORKLOADS,
    env: { ...process.env, [TEST_MARKER]: marker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  driver.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes(`listening on ${port}\n`) && !driver.killed) setTimeout(() => driver.kill('SIGINT'), 300);
  });
  const code = await new Promise<number | null>((resolve) => driver.on('exit', resolve));
  assert.equal(code, 0, out);
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, out);
  const result = JSON.parse(line.slice('RESULT '.length)) as FlamegraphResult;
  assert.equal(result.stoppedBy, 'interrupt');
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.exitCode, 0);
  assert.equal(result.htmlFile, path.join(outDir, 'flamegraph.html'));
  assert.ok(fs.existsSync(result.htmlFile));
  assert.equal(running(result.workloadPid!), false);
  assert.equal(running(result.pid!), false);
  assert.deepEqual(survivors(marker), []);
});

test('0x taking longer than allowed to draw is stopped, and a page left by an earlier run is not reported', async (t) => {
  const outDir = path.join(tempDir(t), 'flamegraph');
  fs.mkdirSync(outDir);
  fs.writeFileSync(path.join(outDir, 'flamegraph.html'), 'from an earlier run');
  const { result } = await run(t, ['cpu-loop.js', '100'], { outDir, generateGraceMs: 1 });
  assert.equal(result.errorKind, 'flamegraph-failed');
  assert.match(result.error ?? '', /^0x did not finish the flamegraph within 0\.001 s of the workload's end and was stopped$/);
  assert.equal(result.htmlFile, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(running(result.pid!), false);
  assert.equal(fs.readFileSync(path.join(outDir, 'flamegraph.html'), 'utf8'), 'from an earlier run');
});

test('a node option that node rejects is reported in node’s words, with 0x’s failure to draw', async (t) => {
  const { result } = await run(t, ['node', '--no-such-flag', 'cpu-loop.js']);
  assert.equal(result.errorKind, 'exit-code');
  assert.equal(result.exitCode, 9);
  assert.match(result.error ?? '', /^The workload exited with code 9: \S*node: bad option: --no-such-flag; 0x failed: /);
  assert.equal(result.htmlFile, undefined);
});

test('a missing script is an error before anything runs', async (t) => {
  const outDir = path.join(tempDir(t), 'not-created');
  const result = await runFlamegraph({ command: ['no-such-script.js', 'arg'], cwd: WORKLOADS, outDir, timeoutMs: 5000, stdio: 'capture' });
  assert.equal(result.errorKind, 'script-not-found');
  assert.equal(result.error, `Script not found: ${path.join(WORKLOADS, 'no-such-script.js')}`);
  assert.equal(result.pid, undefined);
  assert.equal(result.htmlFile, undefined);
  assert.equal(fs.existsSync(outDir), false);
});

test('launchers such as npm run are refused with what works instead', async (t) => {
  const outDir = path.join(tempDir(t), 'not-created');
  for (const command of [['npm', 'run', 'serve'], ['npx', 'tsx', 'app.ts'], ['node']]) {
    const result = await runFlamegraph({ command, cwd: WORKLOADS, outDir, timeoutMs: 5000, stdio: 'capture' });
    assert.equal(result.errorKind, 'unsupported-command', command.join(' '));
    assert.match(result.error ?? '', /only be made of a command that starts Node\.js directly, like `app\.js ARGS` or `node \[node options\] app\.js ARGS`/);
    assert.ok(result.error?.includes(`\`${command.join(' ')}\` would start node through ${command[0]}`), result.error);
    assert.equal(result.pid, undefined);
  }
  assert.equal(fs.existsSync(outDir), false);
});

test('a missing 0x is named, with how to install it', async (t) => {
  const outDir = path.join(tempDir(t), 'not-created');
  const bogus = path.join(tempDir(t), 'no-0x', 'cmd.js');
  const result = await runFlamegraph({ command: ['cpu-loop.js', '100'], cwd: WORKLOADS, outDir, timeoutMs: 5000, stdio: 'capture', zeroXPath: bogus });
  assert.equal(result.errorKind, 'zero-x-not-found');
  assert.equal(result.error, `0x was not found at ${bogus}. Install it in the project with \`npm install --save-dev 0x\`, or give the path of its cmd.js`);
  assert.equal(result.pid, undefined);
  assert.equal(fs.existsSync(outDir), false);
});

test('0x is found beside this package first, then in the workload’s project', (t) => {
  assert.deepEqual(findZeroX(WORKLOADS), { cmdPath: ZERO_X });
  const project = tempDir(t, 'cl-fg-project-');
  assert.deepEqual(findZeroX(project, 'node_modules/0x/cmd.js'), {
    error: `0x was not found at ${path.join(project, 'node_modules/0x/cmd.js')}. Install it in the project with \`npm install --save-dev 0x\`, or give the path of its cmd.js`,
  });
  fs.mkdirSync(path.join(project, 'node_modules/0x'), { recursive: true });
  fs.writeFileSync(path.join(project, 'node_modules/0x/package.json'), '{"name":"0x","version":"6.0.0"}');
  fs.writeFileSync(path.join(project, 'node_modules/0x/cmd.js'), '');
  assert.deepEqual(findZeroX(project, 'node_modules/0x/cmd.js'), { cmdPath: path.join(project, 'node_modules/0x/cmd.js') });
});

test('commands 0x can wrap: scripts and node with options; not launchers', () => {
  assert.deepEqual(nodeCommandFor(['app.js', '--port', '1'], '/w'), { node: 'node', args: ['app.js', '--port', '1'], script: path.resolve('/w/app.js') });
  assert.deepEqual(nodeCommandFor(['/opt/node/bin/node', 'srv.mjs'], '/w'), { node: '/opt/node/bin/node', args: ['srv.mjs'], script: path.resolve('/w/srv.mjs') });
  assert.deepEqual(nodeCommandFor(['node', '--import', 'tsx', 'app.ts'], '/w'), { node: 'node', args: ['--import', 'tsx', 'app.ts'] });
  assert.ok('error' in nodeCommandFor(['tsx', 'app.ts'], '/w'));
  assert.ok('error' in nodeCommandFor(['npm', 'start'], '/w'));
});

test('what 0x prints is read for the exit code and its own errors, and kept out of the workload’s output', () => {
  const stderr = 'Error: boom\n    at x (/a.js:1:1)\nTarget subprocess error, code: 7\n';
  assert.equal(workloadExitCodeFrom(stderr), 7);
  assert.equal(workloadExitCodeFrom('all fine\n'), undefined);
  assert.equal(withoutZeroXNotes(stderr), 'Error: boom\n    at x (/a.js:1:1)\n');
  assert.equal(workloadStderrFrom(`${stderr}Error: \n🚫  no isolate logfile found\n`), 'Error: boom\n    at x (/a.js:1:1)\n');
  assert.equal(workloadStderrFrom('just output\n'), 'just output\n');
  const fatal = 'Error: \n🚫  The node binary must immediately follow double dash (--)\n0x [flags] -- node script.js\n    at parseSubprocessCommand (/x/cmd.js:123:13)\n';
  assert.equal(zeroXErrorFrom(fatal), 'The node binary must immediately follow double dash (--) 0x [flags] -- node script.js');
  assert.equal(zeroXErrorFrom('nothing'), undefined);
  assert.equal(isolateLogPid('isolate-0x3c12f750-20927-20927-v8.log'), 20927);
  assert.equal(isolateLogPid('isolate-0x3c12f750-20927-20927-v8.log.json'), undefined);
  assert.match(outputDirProblem('/tmp/fg-{timestamp}') ?? '', /must not contain \{timestamp\}/);
  assert.equal(outputDirProblem('/tmp/fg'), undefined);
});
