// `concurrency-lens profile` end to end, through the built CLI as a user runs it: the JSON contract,
// the workload's output kept out of the JSON, and every failure mode with its exit code and message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliRun } from './process-helpers';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sampleBenchResult } from './harness-sample';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/workloads');
const linux = process.platform === 'linux';
/** An empty home, so saved benchmark results of this machine do not change the thresholds under test. */
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-profile-home-'));
process.on('exit', () => fs.rmSync(HOME, { recursive: true, force: true }));

type Ran = CliRun;

function cli(
  args: string[],
  options: { cwd?: string; interruptAfterMs?: number; interruptWhen?: (out: { stdout: string; stderr: string }) => boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  return runCli(CLI, args, {
    cwd: options.cwd ?? FIXTURES,
    home: HOME,
    env: options.env,
    interruptAfterMs: options.interruptAfterMs,
    interruptWhen: options.interruptWhen,
  });
}

/** Node processes whose command line names one of our fixtures: whatever a run left behind. */
function fixtureProcesses(name: string): number[] {
  if (!linux) return [];
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (/\) Z /.test(fs.readFileSync(`/proc/${e}/stat`, 'utf8'))) continue;
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'latin1').split('\0');
      // Only this folder's fixtures: other programs on the machine may run a server.js of their own.
      if (cmd.some((a) => a === path.join(FIXTURES, name) || (a === name && fs.readlinkSync(`/proc/${e}/cwd`) === FIXTURES))) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}

const json = (r: Ran): Record<string, any> => {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document:\n${r.stdout.slice(0, 500)}\nstderr:\n${r.stderr.slice(-2000)}`);
  }
};

describe('profile: the JSON contract', () => {
  it('classifies a CPU loop with the DESIGN fields, keeps the workload output out of stdout, and names the hot function', async () => {
    const r = await cli(['profile', '--format', 'json', 'cpu-loop.js', '1500']);
    assert.equal(r.code, 0, r.stderr);
    const report = json(r);
    assert.equal(report.workload.type, 'cpu-bound');
    assert.ok(report.workload.confidence > 0.5 && report.workload.confidence <= 1);
    assert.equal(report.recommendation.model, 'worker-pool');
    assert.ok(report.recommendation.summary.includes('burnCpu'), report.recommendation.summary);
    for (const step of report.recommendation.path) for (const k of ['question', 'answer', 'evidence']) assert.equal(typeof step[k], 'string');
    for (const k of ['wallMs', 'cpuMs', 'elu', 'gcMs']) assert.equal(typeof report.metrics[k], 'number', k);
    assert.deepEqual(Object.keys(report.metrics.eventLoopDelayMs), ['p50', 'p99', 'max']);
    assert.ok(report.metrics.wallMs >= 1400 && report.metrics.wallMs < 10_000, `wall ${report.metrics.wallMs}`);
    assert.ok(report.metrics.elu > 0.8, `elu ${report.metrics.elu}`);
    const top = report.hotspots[0];
    assert.deepEqual([top.file, top.function], ['cpu-loop.js', 'burnCpu']);
    assert.equal(typeof top.line, 'number');
    assert.ok(top.selfMs > 700, `selfMs ${top.selfMs}`);
    assert.equal(report.run.exitCode, 0);
    assert.equal(typeof report.run.stdoutTail, 'string');
    assert.deepEqual(report.threads.map((t: { role: string }) => t.role), ['main']);
    assert.ok(report.threads[0].busy > 0.8, `main thread busy ${report.threads[0].busy}`);
  });

  it('keeps a flood of workload output bounded in the report and out of the JSON', async () => {
    const r = await cli(['profile', '--format', 'json', '--no-static', 'flood.js', '20']);
    assert.equal(r.code, 0, r.stderr.slice(-500));
    const report = json(r);
    assert.ok(r.stderr.length > 20 * 1024 * 1024, 'the output went to stderr live');
    assert.ok(report.run.stdoutBytes >= 20 * 1024 * 1024);
    assert.ok(report.run.stdoutTail.length < 64 * 1024, `tail of ${report.run.stdoutTail.length} chars`);
  });
});

describe('profile: thresholds', () => {
  it('takes the clone rate from the newest saved benchmark, says so, and can be told not to', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-profile-bench-'));
    try {
      const result = { ...sampleBenchResult(), createdAt: '2026-11-20T10:00:00.000Z' };
      result.serialization!.cloneBytesPerMs = 3 * 1024 * 1024;
      fs.writeFileSync(path.join(dir, 'bench-2026-11-20T10-00-00.000Z.json'), JSON.stringify(result));
      const measured = json(await cli(['profile', '--format', 'json', '--no-static', '--results-dir', dir, 'cpu-loop.js', '300']));
      assert.deepEqual(measured.thresholds.cloneBytesPerMs.value, 3 * 1024 * 1024);
      assert.equal(measured.thresholds.cloneBytesPerMs.source, 'benchmark');
      assert.equal(measured.thresholds.mainBusy.source, 'default');
      assert.ok(measured.notes.some((n: string) => /measured on this machine.*cloneBytesPerMs/.test(n)));
      const defaults = json(await cli(['profile', '--format', 'json', '--no-static', '--results-dir', dir, '--default-thresholds', 'cpu-loop.js', '300']));
      assert.equal(defaults.thresholds.cloneBytesPerMs.source, 'default');
      const user = json(await cli(['profile', '--format', 'json', '--no-static', '--block-threshold', '20', 'cpu-loop.js', '300']));
      assert.deepEqual([user.thresholds.blockMs.value, user.thresholds.blockMs.source], [20, 'user']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('profile: launchers', () => {
  it('an npm script: the verdict is about the script npm starts, not npm itself', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-profile-npm-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, 'cpu-loop.js'), path.join(dir, 'cpu-loop.js'));
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'npm-workload', private: true, scripts: { crunch: 'node cpu-loop.js 1500' } }));
      const r = await cli(['profile', '--format', 'json', '--no-static', '--', 'npm', 'run', '--silent', 'crunch'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr.slice(-1000));
      const report = json(r);
      assert.equal(report.workload.type, 'cpu-bound');
      assert.deepEqual(report.workload.argv.slice(1), [path.join(dir, 'cpu-loop.js'), '1500']);
      assert.ok(report.process.processes >= 2, 'npm was probed too');
      assert.equal(report.hotspots[0].function, 'burnCpu');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('profile: failure modes', () => {
  it('a missing script: exit 2, a clear message, nothing on stdout', async () => {
    const r = await cli(['profile', '--format', 'json', 'no-such-script.js']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Script not found: .*no-such-script\.js/);
  });

  it('a command that does not exist: exit 2', async () => {
    const r = await cli(['profile', '--', 'no-such-command-xyz']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Command not found: no-such-command-xyz/);
  });

  it('a command that is not Node: exit 2 and says why nothing was profiled', async () => {
    const r = await cli(['profile', '--format', 'json', '--', 'sleep', '0.2']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no Node\.js process was profiled.*NODE_OPTIONS/s);
  });

  it('a crash: the report is still written, with the error, and the exit code is 1', async () => {
    const r = await cli(['profile', '--format', 'json', '--no-static', 'crash.js']);
    assert.equal(r.code, 1);
    const report = json(r);
    assert.equal(report.run.exitCode, 1);
    assert.equal(report.run.errorKind, 'exit-code');
    assert.match(report.run.error, /boom from crash fixture/);
    assert.match(report.run.stderrTail, /boom from crash fixture/);
    assert.ok(report.notes.some((n: string) => /boom/.test(n)));
  });

  it('a non-zero exit code: exit 1, the code in the report', async () => {
    const r = await cli(['profile', '--format', 'json', '--no-static', 'exit-code.js']);
    assert.equal(r.code, 1);
    assert.equal(json(r).run.exitCode, 3);
  });

  it('a hang: the timeout stops the whole tree, the report covers what ran, exit 1', async () => {
    const r = await cli(['profile', '--format', 'json', '--no-static', '--timeout', '2', 'hang-with-children.js', 'idle']);
    assert.equal(r.code, 1, r.stderr);
    const report = json(r);
    assert.equal(report.run.stoppedBy, 'timeout');
    assert.equal(report.run.errorKind, 'timeout');
    assert.ok(report.metrics.wallMs >= 1500, `wall ${report.metrics.wallMs}`);
    assert.deepEqual(fixtureProcesses('sleeper.js'), [], 'the children are gone too');
  });

  it('a server: --duration profiles it for that long and stops it cleanly, exit 0', async () => {
    const r = await cli(['profile', '--format', 'json', '--no-static', '--duration', '1.5', 'server.js', '0']);
    assert.equal(r.code, 0, r.stderr);
    const report = json(r);
    assert.equal(report.run.stoppedBy, 'duration');
    assert.equal(report.workload.type, 'idle');
    assert.deepEqual(fixtureProcesses('server.js'), []);
  });

  it('Ctrl-C: stops the workload and its children, still prints the report, exit 130', async () => {
    // Once the fixture says its children are up (its output goes to stderr in JSON mode), not after a fixed delay.
    const r = await cli(['profile', '--format', 'json', '--no-static', 'hang-with-children.js', 'idle'], { interruptWhen: ({ stderr }) => /children \d+ \d+/.test(stderr) });
    assert.equal(r.code, 130, r.stderr);
    const report = json(r);
    assert.equal(report.run.stoppedBy, 'interrupt');
    assert.ok(report.notes.some((n: string) => /Interrupted/.test(n)));
    assert.deepEqual(fixtureProcesses('sleeper.js'), []);
    assert.deepEqual(fixtureProcesses('hang-with-children.js'), []);
  });

  it('an unwritable --json-out: the report still reaches stdout, the error is named, exit 2', async () => {
    const r = await cli(['profile', '--format', 'json', '--no-static', '--json-out', '/nonexistent-dir/r.json', 'cpu-loop.js', '300']);
    assert.equal(r.code, 2);
    assert.equal(json(r).workload.type.length > 0, true);
    assert.match(r.stderr, /could not write --json-out \/nonexistent-dir\/r\.json: ENOENT/);
  });

  it('usage errors: exit 2 before anything runs', async () => {
    for (const args of [['profile'], ['profile', '--timeout', 'soon', 'x.js'], ['profile', '--duration', '9', '--timeout', '5', 'x.js'], ['profile', '--format', 'sarif', 'x.js']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^concurrency-lens: /);
    }
  });
});

describe('profile: text output', () => {
  it('reads as a report: type, evidence, decision path and hotspots with file:line; the workload output shows live', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-profile-text-'));
    try {
      const r = await cli(['profile', '--no-static', '--json-out', path.join(dir, 'r.json'), 'cpu-loop.js', '1200']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Workload: +cpu-bound/);
      assert.match(r.stdout, /Recommendation: +worker-pool/);
      assert.match(r.stdout, /Decision path\n +1\. Does the program compute or wait on I\/O at all\? yes/);
      assert.match(r.stdout, /Hotspots\n +[\d.]+ m?s +\d+% +cpu-loop\.js:\d+ +burnCpu/);
      assert.match(r.stdout, /How: A pool of worker_threads/);
      assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).workload.type, 'cpu-bound');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
