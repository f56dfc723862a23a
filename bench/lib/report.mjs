// Shared by the benches and their child processes: how a child hands its measurements back to
// check-bench.mjs, and how every bench records the machine it ran on.
import os from 'node:os';

export const MARK = '@@BENCH-RESULT@@';

export function memory() {
  const ru = process.resourceUsage();
  const mu = process.memoryUsage();
  return {
    maxRssMB: round(ru.maxRSS / 1024), // resourceUsage().maxRSS is in kilobytes
    heapUsedMB: round(mu.heapUsed / 1048576),
    rssMB: round(mu.rss / 1048576),
  };
}

export function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function emit(result) {
  process.stdout.write('\n' + MARK + JSON.stringify(result) + '\n');
}

export const loadavg = () => os.loadavg().map((x) => round(x, 2));

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    availableParallelism: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadavgAtStart: loadavg(),
  };
}

/** The machine, logged as the run starts: a shared machine's load explains odd figures. */
export function logMachine(log) {
  const machine = machineInfo();
  log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB, node ${machine.node}, load ${machine.loadavgAtStart.join(' ')}`);
  return machine;
}
