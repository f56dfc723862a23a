// Running the labelled example workloads (examples/workloads/) for the profiler benchmarks
// (bench/profile-bench.mjs, bench/clinic-compare.mjs): one run = one command in its own process group,
// optionally a server with a load command alongside, always stopped and checked for leftovers.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, round } from './report.mjs';

export { loadavg, logMachine, machineInfo } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.dirname(path.dirname(here));
export const workloadsDir = path.join(repo, 'examples', 'workloads');

/** Every process a benchmark starts carries this variable, so leftovers can be found by it. */
export const MARKER_ENV = 'CONCURRENCY_LENS_BENCH_RUN';

const THROUGHPUT_RE = /^throughput: ([0-9.eE+-]+) (\S+)\/s\s*$/;

export function loadManifest() {
  return JSON.parse(readFileSync(path.join(workloadsDir, 'workloads.json'), 'utf8'));
}

/** Picks workloads by name (comma-separated list, or everything). Unknown names are an error. */
export function selectWorkloads(manifest, list) {
  if (!list) return manifest;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !manifest.some((w) => w.name === n));
  if (unknown.length) throw new Error(`unknown workload(s): ${unknown.join(', ')}; known: ${manifest.map((w) => w.name).join(', ')}`);
  return manifest.filter((w) => names.includes(w.name));
}

/** The last `throughput: <n> <unit>/s` line of a text, or undefined. */
export function parseThroughput(text) {
  const lines = String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = THROUGHPUT_RE.exec(lines[i]);
    if (m) return { value: Number(m[1]), unit: m[2] };
  }
  return undefined;
}

export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function mean(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return s.length ? s.reduce((a, b) => a + b, 0) / s.length : undefined;
}


/** A TCP port that was free a moment ago (the kernel's choice), so parallel benchmarks do not collide. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
    sock.setTimeout(500, () => done(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function signalPid(pid, signal) {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Live processes whose environment carries `MARKER_ENV=value` (or, with `prefix`, a value starting with it).
 * Linux /proc only; elsewhere none are found.
 */
export function pidsWithMarker(value, { prefix = false } = {}) {
  const needle = `${MARKER_ENV}=${value}`;
  const out = [];
  let entries = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (prefix ? env.some((e) => e.startsWith(needle)) : env.includes(needle)) {
        // Zombies (already exited, not yet reaped) are not running.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        if (state !== 'Z') out.push(Number(name));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

let runCounter = 0;
const live = new Set(); // process-group leaders still running, for the exit/signal handlers

/**
 * Stops everything this benchmark still has running (on SIGINT/SIGTERM of the benchmark itself): SIGTERM to
 * each process group (the profiler CLI then stops its own workload), SIGKILL after 3 s, then every process
 * that still carries one of this benchmark's markers.
 */
export async function stopAllLive() {
  for (const pid of live) signalGroup(pid, 'SIGTERM');
  for (let i = 0; i < 30 && live.size; i++) await sleep(100);
  for (const pid of live) signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 10; i++) {
    const left = pidsWithMarker(`${process.pid}-`, { prefix: true });
    if (!left.length) break;
    for (const p of left) signalPid(p, 'SIGKILL');
    await sleep(100);
  }
}

function startProcess(file, args, { cwd, env, shell = false }) {
  const child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], shell });
  const result = { child, stdout: '', stderr: '', exit: undefined };
  child.stdout.on('data', (d) => {
    result.stdout += d;
    if (result.stdout.length > 4 << 20) result.stdout = result.stdout.slice(-(1 << 20));
  });
  child.stderr.on('data', (d) => {
    result.stderr += d;
    if (result.stderr.length > 4 << 20) result.stderr = result.stderr.slice(-(1 << 20));
  });
  result.spawnError = undefined;
  result.done = new Promise((resolve) => {
    child.once('error', (err) => {
      result.spawnError = err;
      resolve(result);
    });
    child.once('close', (code, signal) => {
      live.delete(child.pid);
      result.exit = { code, signal };
      resolve(result);
    });
  });
  if (child.pid) live.add(child.pid);
  return result;
}

async function waitWithTimeout(promise, ms) {
  let t;
  const timeout = new Promise((r) => (t = setTimeout(() => r('timeout'), ms)));
  const v = await Promise.race([promise, timeout]);
  clearTimeout(t);
  return v;
}

/**
 * Runs one command to completion and returns its output. For a server (`server` given), waits until it
 * accepts connections on `server.port` (or `server.loadDelayMs`, as the profiler's runner does), starts
 * `server.load` through the shell with the same environment, and `server.durationS` after the start stops
 * the load (SIGTERM) and then the server (`server.stopSignal`, SIGTERM by default, sent to `server.stopPid`
 * = the command's own process, not its group, so a wrapper such as clinic can relay it).
 * Everything runs in its own process group; whatever is left afterwards (found by MARKER_ENV) is killed and
 * reported in `leftoverPids`.
 */
/** Ctrl-C or SIGTERM of a bench stops the workload it is running first: a bench never leaves one behind. */
export function stopWorkloadsOnInterrupt(log) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      log(`${sig}: stopping the running workload`);
      void stopAllLive().then(() => process.exit(130));
    });
  }
}


export async function runCommand({ file = process.execPath, args, cwd, env, timeoutMs = 120_000, server }) {
  const id = `${process.pid}-${++runCounter}`;
  const fullEnv = { ...env, [MARKER_ENV]: id };
  const t0 = performance.now();
  const loadavgBefore = loadavg();
  const main = startProcess(file, args, { cwd, env: fullEnv });
  const timers = [];
  let timedOut = false;
  timers.push(setTimeout(() => {
    timedOut = true;
    if (main.child.pid) signalGroup(main.child.pid, 'SIGKILL');
  }, timeoutMs));

  let load;
  let loadStartedMs;
  if (server && main.child.pid) {
    const deadline = t0 + (server.loadDelayMs ?? 3000);
    // Wait for the port (or the fallback delay), unless the server dies first.
    let exited = false;
    void main.done.then(() => (exited = true));
    while (!exited && performance.now() < deadline && !(await canConnect(server.port))) await sleep(50);
    if (!exited) {
      loadStartedMs = round(performance.now() - t0);
      load = startProcess(server.load, [], { cwd, env: fullEnv, shell: true });
      const stopAt = t0 + server.durationS * 1000;
      await Promise.race([sleep(Math.max(0, stopAt - performance.now())), main.done]);
      if (!main.exit) {
        // The load first, so it does not report the server going away; then the server.
        if (load.child.pid && !load.exit) {
          signalGroup(load.child.pid, 'SIGTERM');
          if ((await waitWithTimeout(load.done, 1000)) === 'timeout') signalGroup(load.child.pid, 'SIGKILL');
        }
        signalPid(server.stopPid?.(main) ?? main.child.pid, server.stopSignal ?? 'SIGTERM');
        if ((await waitWithTimeout(main.done, server.graceMs ?? 10_000)) === 'timeout') signalGroup(main.child.pid, 'SIGKILL');
      }
    }
  }
  await main.done;
  if (load && !load.exit && load.child.pid) {
    signalGroup(load.child.pid, 'SIGKILL');
    await load.done;
  }
  for (const t of timers) clearTimeout(t);
  const wallMs = round(performance.now() - t0);

  // Nothing of this run may outlive it: its process groups, and anything that left them but kept the marker.
  if (main.child.pid) signalGroup(main.child.pid, 'SIGKILL');
  if (load?.child.pid) signalGroup(load.child.pid, 'SIGKILL');
  let leftoverPids = pidsWithMarker(id);
  for (let i = 0; i < 10 && leftoverPids.length; i++) {
    for (const p of leftoverPids) signalPid(p, 'SIGKILL');
    await sleep(100);
    leftoverPids = pidsWithMarker(id);
  }
  const killedLeftovers = leftoverPids.length === 0 ? undefined : leftoverPids;

  return {
    exitCode: main.exit?.code ?? null,
    signal: main.exit?.signal ?? null,
    spawnError: main.spawnError?.message,
    timedOut,
    wallMs,
    loadStartedMs,
    loadavgBefore,
    stdout: main.stdout,
    stderr: main.stderr,
    loadStderr: load ? load.stderr.trim().split('\n').slice(-3).join('\n') : undefined,
    leftoverPids: killedLeftovers ?? [],
  };
}

/** The last lines of a text, for error messages; for a Node stack trace, the error line and where it was thrown. */
export function tail(text, n = 8) {
  const lines = String(text ?? '').trim().split('\n');
  const err = lines.findIndex((l) => /^\w*Error\b|^Error:|^\s*throw\b/.test(l.trim()) || /^\w+Error: /.test(l));
  if (err >= 0) {
    const at = lines.slice(err + 1).find((l) => /^\s+at /.test(l));
    return [lines[err].trim(), at?.trim()].filter(Boolean).join(' ');
  }
  return lines.slice(-n).join('\n');
}

/** A plain-text table with padded columns; numbers right-aligned. */
export function textTable(header, rows) {
  const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i] ?? '').length)));
  const pad = (c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c ?? '').padEnd(widths[i]));
  return [header.map(pad).join('  '), ...rows.map((r) => r.map(pad).join('  '))].join('\n');
}

export function mdTable(header, rows) {
  const esc = (c) => String(c ?? '').replace(/\|/g, '\\|');
  return [`| ${header.map(esc).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export function timestampForFile(d = new Date()) {
  return d.toISOString().replace(/[:]/g, '').replace(/\..*$/, 'Z');
}
