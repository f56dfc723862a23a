// How bench/profile-bench.mjs and bench/clinic-compare.mjs run one workload one way ("variant"):
//   plain                       `node SCRIPT` (a server: plus its load command, then SIGTERM)
//   profiled[:us=N][:si=N]      `node dist/cli.js profile --format json --no-static ... SCRIPT`, as a user runs it;
//                               us = CONCURRENCY_LENS_CPU_SAMPLING_US in the CLI's environment, si = --sample-interval
//   probe[:cpu=0|1][:us=N][:si=N]  no CLI: `node --require dist/probe.js SCRIPT` with the probe's environment set
//                               by hand (cpu=0: the interval sampler only, no CPU profile)
//   doctor                      `clinic doctor --collect-only -- node SCRIPT` (a server: plus its load command, then
//                               SIGINT to clinic, which relays it), then Doctor's analysis, headless
// Each returns { ok, throughput, unit, wallMs, ... } or { ok: false, error }.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort, parseThroughput, repo, runCommand, tail, workloadsDir } from './workload-runs.mjs';

export const benchDir = path.join(repo, '.bench');
const cli = path.join(repo, 'dist', 'cli.js');
const probe = path.join(repo, 'dist', 'probe.js');
const doctorAnalyzeScript = path.join(repo, 'bench', 'lib', 'clinic-doctor-analyze.cjs');

/** `profiled:us=2000:si=15` → { id, kind: 'profiled', us: 2000, si: 15 } */
export function parseVariant(spec) {
  const [kind, ...kv] = spec.split(':');
  if (!['plain', 'profiled', 'probe', 'doctor'].includes(kind)) throw new Error(`unknown variant ${spec}`);
  const v = { id: spec, kind };
  for (const p of kv) {
    const [k, val] = p.split('=');
    if (!['us', 'si', 'cpu'].includes(k) || !/^\d+$/.test(val ?? '')) throw new Error(`bad variant option ${p} in ${spec}`);
    v[k] = Number(val);
  }
  if ((kind === 'plain' || kind === 'doctor') && kv.length) throw new Error(`${kind} takes no options`);
  if (kind === 'profiled' && v.cpu !== undefined) throw new Error('profiled always takes a CPU profile; use probe:cpu=0');
  return v;
}

/**
 * @param {object} o
 * @param {string|undefined} o.seconds   WORKLOAD_SECONDS (undefined: the workloads' default, 4 s)
 * @param {boolean} o.quick              servers run at most 3 s
 * @param {string} [o.clinicBin]         path of the clinic CLI (doctor variant)
 * @param {string} [o.doctorDir]         path of node_modules/@clinic/doctor (doctor variant)
 * @param {string} [o.doctorRunsDir]     where doctor variants keep their data
 */
export function makeRunner({ seconds, quick, clinicBin, doctorDir, doctorRunsDir }) {
  // Servers run for their manifest's durationSeconds (WORKLOAD_SECONDS does not apply to them); --quick caps it at 3 s.
  const serverSeconds = (w) => (quick ? Math.min(w.durationSeconds ?? 5, 3) : (w.durationSeconds ?? 5));
  let doctorRun = 0;

  /** The command line a user would type for a variant, from examples/workloads/ (for the record). */
  function commandLine(w, v) {
    const script = w.command.join(' ');
    const envs = [];
    if (seconds && !w.server) envs.push(`WORKLOAD_SECONDS=${seconds}`);
    const alongside = w.server ? `  # + \`${w.load}\` from when it listens; after ${serverSeconds(w)} s: load SIGTERM, then ${v.kind === 'doctor' ? 'SIGINT to clinic' : 'SIGTERM'}` : '';
    if (v.kind === 'plain') return `${[...envs, `PORT=<free>`].join(' ')} node ${script}${alongside}`;
    if (v.kind === 'doctor') return `${[...envs, 'NO_INSIGHT=1', 'PORT=<free>'].join(' ')} clinic doctor --collect-only --dest <dir> -- node ${script}${alongside}`;
    if (v.kind === 'probe') {
      envs.push(`CONCURRENCY_LENS_PROBE_DIR=<tmp> CONCURRENCY_LENS_CPU_PROFILE=${v.cpu ?? 0}`);
      if (v.us) envs.push(`CONCURRENCY_LENS_CPU_SAMPLING_US=${v.us}`);
      if (v.si) envs.push(`CONCURRENCY_LENS_SAMPLE_MS=${v.si}`);
      return `${envs.join(' ')} PORT=<free> node --require ../../dist/probe.js ${script}${alongside}`;
    }
    if (v.us) envs.push(`CONCURRENCY_LENS_CPU_SAMPLING_US=${v.us}`);
    const si = v.si ? ` --sample-interval ${v.si}` : '';
    const srv = w.server ? ` --duration ${serverSeconds(w)} --load "${w.load}"` : '';
    return `${[...envs, 'PORT=<free>'].join(' ')} node ../../dist/cli.js profile --format json --no-static${si}${srv} ${script}`;
  }

  async function run(w, v) {
    const port = await freePort();
    const env = { ...process.env, PORT: String(port) };
    delete env.NODE_OPTIONS; // the workloads run as they would from a clean shell
    if (seconds) env.WORKLOAD_SECONDS = seconds;
    const server = w.server ? { port, load: w.load, durationS: serverSeconds(w) } : undefined;
    const scriptArgs = [...w.command];
    let probeDir;
    let dataRoot;
    let r;
    if (v.kind === 'plain') {
      r = await runCommand({ args: scriptArgs, cwd: workloadsDir, env, server });
    } else if (v.kind === 'probe') {
      mkdirSync(path.join(benchDir, 'tmp'), { recursive: true });
      probeDir = mkdtempSync(path.join(benchDir, 'tmp', 'probe-'));
      Object.assign(env, {
        NODE_OPTIONS: `--require ${JSON.stringify(probe)}`,
        CONCURRENCY_LENS_PROBE_DIR: probeDir,
        CONCURRENCY_LENS_CPU_PROFILE: String(v.cpu ?? 0),
      });
      if (v.us) env.CONCURRENCY_LENS_CPU_SAMPLING_US = String(v.us);
      if (v.si) env.CONCURRENCY_LENS_SAMPLE_MS = String(v.si);
      r = await runCommand({ args: scriptArgs, cwd: workloadsDir, env, server });
    } else if (v.kind === 'doctor') {
      dataRoot = path.join(doctorRunsDir, `${w.name}-${++doctorRun}`);
      rmSync(dataRoot, { recursive: true, force: true });
      mkdirSync(dataRoot, { recursive: true });
      env.NO_INSIGHT = '1';
      const args = [clinicBin, 'doctor', '--collect-only', '--dest', dataRoot, '--', 'node', ...scriptArgs];
      r = await runCommand({ args, cwd: workloadsDir, env, server: server && { ...server, stopSignal: 'SIGINT', graceMs: 30_000 }, timeoutMs: 180_000 });
    } else {
      if (v.us) env.CONCURRENCY_LENS_CPU_SAMPLING_US = String(v.us);
      const args = [cli, 'profile', '--format', 'json', '--no-static'];
      if (v.si) args.push('--sample-interval', String(v.si));
      if (w.server) args.push('--duration', String(serverSeconds(w)), '--load', w.load);
      r = await runCommand({ args: [...args, ...scriptArgs], cwd: workloadsDir, env, timeoutMs: 180_000 });
    }
    if (probeDir) rmSync(probeDir, { recursive: true, force: true });

    const out = { wallMs: r.wallMs, exitCode: r.exitCode, signal: r.signal, loadavgBefore: r.loadavgBefore };
    if (r.leftoverPids.length) out.leftoverPids = r.leftoverPids;
    if (r.loadStartedMs !== undefined) out.loadStartedMs = r.loadStartedMs;
    const fail = (error) => ({ ...out, ok: false, error });
    if (r.spawnError) return fail(`could not start: ${r.spawnError}`);
    if (r.timedOut) return fail('timed out');

    if (v.kind === 'plain' || v.kind === 'probe') {
      if (r.exitCode !== 0) return fail(`exit ${r.exitCode ?? r.signal}: ${tail(r.stderr || r.stdout)}`);
      const tp = parseThroughput(r.stdout);
      if (!tp) return fail(`no throughput line on stdout: ${tail(r.stdout || r.stderr)}`);
      return { ...out, ok: true, throughput: tp.value, unit: tp.unit };
    }

    if (v.kind === 'doctor') {
      // clinic inherits the workload's stdout, then prints its own lines after it.
      const tp = parseThroughput(r.stdout);
      if (tp) Object.assign(out, { throughput: tp.value, unit: tp.unit });
      const dirs = readdirSync(dataRoot).filter((n) => n.endsWith('.clinic-doctor'));
      out.dataDir = dirs.length ? path.relative(repo, path.join(dataRoot, dirs[0])) : undefined;
      if (r.exitCode !== 0) return fail(`clinic exit ${r.exitCode ?? r.signal}: ${tail(r.stderr || r.stdout)}`);
      if (!dirs.length) return fail(`clinic wrote no .clinic-doctor directory: ${tail(r.stdout + '\n' + r.stderr)}`);
      const a = await analyse(path.join(dataRoot, dirs[0]));
      if (a.error) return fail(`Doctor's analysis failed: ${a.error}`);
      Object.assign(out, a);
      // Cross-check: the analysis `clinic doctor --visualize-only` embeds in its HTML report must be the same.
      out.htmlReport = await visualizeAndCompare(path.join(dataRoot, dirs[0]), a.doctor.analysis, env);
      if (!tp) return { ...out, ok: true, throughputMissing: `no throughput line: ${tail(r.stdout)}` };
      return { ...out, ok: true };
    }

    // profiled: stdout is the JSON report; the workload's output went to stderr (and its tail into the report).
    let report;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      return fail(`CLI exit ${r.exitCode}, no JSON report: ${tail(r.stderr || r.stdout)}`);
    }
    const tp = parseThroughput(report.run?.stdoutTail) ?? parseThroughput(r.stderr);
    Object.assign(out, {
      cliExitCode: r.exitCode,
      workloadExitCode: report.run?.exitCode,
      stoppedBy: report.run?.stoppedBy,
      profiledWallMs: report.run?.wallMs,
      verdict: {
        type: report.workload?.type,
        confidence: report.workload?.confidence,
        model: report.recommendation?.model,
        alreadyRight: report.recommendation?.alreadyRight,
        leaf: report.recommendation?.leaf,
        title: report.recommendation?.title,
        path: (report.recommendation?.path ?? []).map((p) => `${p.node}=${p.answer}`).join(' '),
      },
      notes: report.notes,
    });
    if (report.run?.leftoverPids?.length) out.cliLeftoverPids = report.run.leftoverPids;
    if (r.exitCode !== 0) return fail(`CLI exit ${r.exitCode} (workload exit ${report.run?.exitCode}, stopped by ${report.run?.stoppedBy}): ${tail(report.run?.stderrTail || r.stderr)}`);
    if (!tp) return fail(`no throughput line in run.stdoutTail: ${tail(report.run?.stdoutTail)}`);
    return { ...out, ok: true, throughput: tp.value, unit: tp.unit };
  }

  /** Doctor's own analysis module, in a child process (it loads TensorFlow.js for its CPU model). */
  function analyse(dataDir) {
    return new Promise((resolve) => {
      execFile(process.execPath, [doctorAnalyzeScript, doctorDir, dataDir], { timeout: 180_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        if (err) return resolve({ error: `${err.message.split('\n')[0]} ${tail(stderr, 4)}` });
        try {
          resolve({ doctor: JSON.parse(stdout.trim().split('\n').pop()) });
        } catch {
          resolve({ error: `unreadable output: ${tail(stdout || stderr, 4)}` });
        }
      });
    });
  }

  /**
   * Runs `clinic doctor --visualize-only DIR --open=false` (it writes DIR.html and opens nothing) and compares the
   * analysis embedded in the HTML with ours. Returns 'same', 'different: ...' or 'not checked: ...'.
   */
  function visualizeAndCompare(dir, analysis, env) {
    return new Promise((resolve) => {
      execFile(process.execPath, [clinicBin, 'doctor', '--visualize-only', dir, '--open=false'], { env, timeout: 180_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        if (err) return resolve(`not checked: --visualize-only failed: ${tail(stderr || stdout, 2)}`);
        let html;
        try {
          html = readFileSync(`${dir}.html`, 'utf8');
        } catch (e) {
          return resolve(`not checked: ${e.message}`);
        }
        const m = /"analysis":\s*(\{"interval":\[[^\]]*\],"issues":\{(?:[^{}]|\{[^{}]*\})*\},"issueCategory":"[a-z-]+"\})/.exec(html);
        if (!m) return resolve('not checked: no analysis found in the HTML');
        const embedded = JSON.parse(m[1]);
        const same = JSON.stringify(embedded.issues) === JSON.stringify(analysis.issues) && embedded.issueCategory === analysis.issueCategory;
        resolve(same ? 'same' : `different: HTML says ${embedded.issueCategory} ${JSON.stringify(embedded.issues)}`);
      });
    });
  }

  return { run, commandLine, serverSeconds };
}
