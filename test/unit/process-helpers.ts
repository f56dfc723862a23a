// Helpers for tests that run real processes: checked with /proc and ps rather than with the code under
// test, so a bug in the runner cannot hide its own leftovers.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

const linux = process.platform === 'linux';

/** Live (not zombie) processes whose environment holds `NAME=value`: whatever a run started and left behind. */
export function processesWithEnv(name: string, value: string): number[] {
  if (!linux) return [];
  const needle = `${name}=${value}\0`;
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (/\) Z /.test(fs.readFileSync(`/proc/${e}/stat`, 'utf8'))) continue;
      if (fs.readFileSync(`/proc/${e}/environ`, 'latin1').includes(needle)) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}

/** A pid that is gone or a zombie runs nothing. */
export function running(pid: number): boolean {
  try {
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false;
  }
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/**
 * Runs the built CLI as a user would, in its own process with its output collected. `home` is the HOME it
 * sees, so results this machine has saved do not leak into a test; `interruptAfterMs` sends Ctrl-C's SIGINT,
 * and `interruptWhen` sends it once the output so far says the workload is up (a fixed delay is not enough on a
 * loaded machine, where Node alone can take seconds to start).
 */
export function runCli(
  cli: string,
  args: string[],
  options: {
    cwd: string;
    home: string;
    env?: NodeJS.ProcessEnv;
    interruptAfterMs?: number;
    interruptWhen?: (out: { stdout: string; stderr: string }) => boolean;
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', HOME: options.home, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const check = (): void => {
      if (!interrupted && options.interruptWhen?.({ stdout, stderr })) {
        interrupted = true;
        // A moment for the probe to take its first samples after the workload's first output.
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    if (options.interruptAfterMs) setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid ?? -1 }));
  });
}

/** The machine's CPU time and this process's own (its threads and the children it waited for), in seconds. */
export interface CpuReading {
  machineBusy: number;
  own: number;
  at: number;
}

/**
 * Reads /proc/stat and /proc/self/stat: what the machine's CPUs spent busy (steal included: a hypervisor's other
 * guests) and what this process spent. Undefined off Linux.
 */
export function readCpu(): CpuReading | undefined {
  if (!linux) return undefined;
  const hz = 100; // USER_HZ, 100 on every Linux Node supports
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
  const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] ?? 0);
  const self = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
  // After the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based, as proc(5) counts).
  const own = fields[11] + fields[12] + fields[13] + fields[14];
  return { machineBusy: busy / hz, own: own / hz, at: performance.now() / 1000 };
}

/**
 * How many cores, on average between two readings, went to everything but this process: other programs, other test
 * files, a hypervisor's steal. What a check that needs a free core should look at, rather than the load average,
 * which lags by a minute.
 */
export function othersCores(from: CpuReading, to: CpuReading): number {
  const seconds = to.at - from.at;
  return seconds > 0 ? Math.max(0, (to.machineBusy - from.machineBusy - (to.own - from.own)) / seconds) : 0;
}
