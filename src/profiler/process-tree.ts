// Finding and stopping every process a workload started. A process group covers the usual tree
// (npm → sh → node → forks); processes that left the group (setsid, detached spawns) are still found on
// Linux by the run marker they inherited in their environment.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Exited but not reaped yet: it runs nothing, and in a container without an init it may never go away. */
  zombie: boolean;
}

function parseProcStat(text: string): ProcessInfo | undefined {
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const close = text.lastIndexOf(')');
  const pid = parseInt(text, 10);
  const fields = text.slice(close + 2).split(' ');
  if (close < 0 || !Number.isFinite(pid) || fields.length < 3) return undefined;
  return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), zombie: fields[0] === 'Z' || fields[0] === 'X' };
}

export function processInfo(pid: number): ProcessInfo | undefined {
  if (process.platform === 'linux') {
    try {
      // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- one procfs read (no disk); callers are the run supervisors, which run in the CLI process or the profile worker, never on the extension host
      return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return undefined;
    }
  }
  return listProcesses().find((p) => p.pid === pid);
}

export function listProcesses(): ProcessInfo[] {
  if (process.platform === 'linux') {
    const out: ProcessInfo[] = [];
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- procfs (no disk); callers are the run supervisors, in the CLI process or the profile worker, never on the extension host
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const info = processInfo(Number(name));
      if (info) out.push(info);
    }
    return out;
  }
  if (process.platform === 'win32') return [];
  try {
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- macOS/BSD only, once per supervisor tick; the supervisors run in the CLI process or the profile worker, never on the extension host
    const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return text
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length >= 4)
      .map((f) => ({ pid: Number(f[0]), ppid: Number(f[1]), pgid: Number(f[2]), zombie: f[3].startsWith('Z') }));
  } catch {
    return [];
  }
}

/** Alive and not a zombie. */
export function isRunning(pid: number): boolean {
  if (process.platform === 'linux') {
    const info = processInfo(pid);
    return info !== undefined && !info.zombie;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function descendantsOf(root: number, procs: ProcessInfo[] = listProcesses()): number[] {
  const children = new Map<number, number[]>();
  for (const p of procs) {
    if (p.zombie) continue;
    const list = children.get(p.ppid) ?? [];
    list.push(p.pid);
    children.set(p.ppid, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (out.includes(pid)) continue;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export function groupMembers(pgid: number, procs: ProcessInfo[] = listProcesses()): number[] {
  return procs.filter((p) => p.pgid === pgid && !p.zombie).map((p) => p.pid);
}

/** Processes of this user whose environment has NAME=VALUE. Linux only; elsewhere the group has to do. */
export function pidsWithEnv(name: string, value: string): number[] {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`\0${name}=${value}\0`);
  const first = Buffer.from(`${name}=${value}\0`);
  const out: number[] = [];
  // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- procfs, once when a run stops; in the CLI process or the profile worker, never on the extension host
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- procfs, once when a run stops; in the CLI process or the profile worker, never on the extension host
      const env = fs.readFileSync(`/proc/${entry}/environ`);
      if (env.indexOf(needle) >= 0 || env.subarray(0, first.length).equals(first)) {
        if (isRunning(Number(entry))) out.push(Number(entry));
      }
    } catch {
      // Gone, or another user's process.
    }
  }
  return out;
}

/** Signals a whole process group; false when it no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (process.platform === 'win32') return signalTreeWindows(pgid, signal);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export function signalPid(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Windows has no process groups to signal; taskkill /T walks the tree (untested here: no Windows machine). */
function signalTreeWindows(pid: number, signal: NodeJS.Signals): boolean {
  try {
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- Windows only, once when a run stops; in the CLI process or the profile worker, never on the extension host
    execFileSync('taskkill', ['/pid', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
