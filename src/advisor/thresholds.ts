// Every number the decision tree compares against, with where it comes from and why it is what it is.
// Defaults are written down here and in docs/profiling.md; the benchmark harness may replace the
// machine-dependent ones (marked `benchmark` in `source`) with values measured on the user's machine.

export interface Threshold {
  value: number;
  /** `default`: the value below. `benchmark`: measured by the harness on this machine. `user`: a setting or flag. */
  source: 'default' | 'benchmark' | 'user';
  why: string;
}

export const THRESHOLD_KEYS = [
  'activeShare',
  'mainBusy',
  'blockedShare',
  'blockMs',
  'cpuWhileBusy',
  'ioWaitShare',
  'mainCpuShareWithIo',
  'concurrentInFlight',
  'unboundedInFlight',
  'offloadCores',
  'largeMessageBytes',
  'cloneBytesPerMs',
  'copyShare',
  'gilContendedShare',
] as const;
export type ThresholdKey = (typeof THRESHOLD_KEYS)[number];
export type Thresholds = Record<ThresholdKey, Threshold>;

const d = (value: number, why: string): Threshold => ({ value, source: 'default', why });

export const DEFAULT_THRESHOLDS: Thresholds = {
  activeShare: d(0.1, 'Below 10% busy, waiting or offloaded the program is idle: the probe and timers alone cost a few percent.'),
  mainBusy: d(0.5, 'A loop busy half the time has no headroom for bursts: queueing delay grows sharply past 50% utilisation (M/M/1: waiting time ∝ ρ/(1-ρ)).'),
  blockedShare: d(0.25, 'A quarter of the run in stalls of at least `blockMs` means users see it, even when average utilisation looks moderate.'),
  blockMs: d(50, 'A task over 50 ms is a "long task" (RAIL, Chrome long-task API); a server answering within 100 ms cannot afford one.'),
  cpuWhileBusy: d(
    0.5,
    'Busy time that is at least half CPU time is computing. Below half, the thread mostly waited inside a synchronous call (execSync, readFileSync on a slow device), which a worker would not speed up but async I/O frees.',
  ),
  ioWaitShare: d(
    0.15,
    'Waiting (idle with a request, connect, file or DNS request, awaited child process or awaited timer pending) for 15% of the run or more is a share worth overlapping with computation.',
  ),
  mainCpuShareWithIo: d(0.25, 'With I/O waits, CPU work above a quarter of the loop delays every response it overlaps: a CPU stage worth moving.'),
  concurrentInFlight: d(
    1.5,
    'Mean I/O operations outstanding while waiting on I/O. Calls awaited one after another keep exactly one outstanding (a call to a server in the same process counts once), two at a time keep two: halfway between, 1.5 or more means calls overlap.',
  ),
  unboundedInFlight: d(256, 'Hundreds of calls at once exhaust file descriptors, memory and the remote rate limit; a limit of 8-64 usually reaches full throughput.'),
  offloadCores: d(0.5, 'Workers or child processes busy for half a core or more carry the CPU work.'),
  largeMessageBytes: d(1024 * 1024, 'A message of 1 MiB costs about a millisecond to clone, the same order as a small task: above it, copying starts to matter.'),
  cloneBytesPerMs: d(
    1024 * 1024,
    'Structured clone of a typed array, sender and receiver together: about 1 GB/s measured on a 2-core cloud VM (32 MB round trip in 25-42 ms). The serialisation benchmark measures your machine. Used only to estimate the copy of a run whose postMessage calls were not timed.',
  ),
  copyShare: d(
    0.1,
    "Spending a tenth of the run copying data between threads is a tax shared memory or a transfer list removes. The copy is the senders' serialisation time measured in postMessage; the receivers' deserialisation, about as long again, is not counted.",
  ),
  gilContendedShare: d(
    0.2,
    'Python only. Two threads that both want the GIL run one at a time: when a fifth of the stack samples find two or more threads running bytecode, threads add waiting, not speed, and processes would run them in parallel.',
  ),
};

/** Defaults overridden by measured or user values; unknown keys are ignored. */
export function withThresholds(overrides: Partial<Record<ThresholdKey, Partial<Threshold> & { value: number }>>): Thresholds {
  const out = { ...DEFAULT_THRESHOLDS };
  for (const key of THRESHOLD_KEYS) {
    const o = overrides[key];
    if (o && Number.isFinite(o.value)) out[key] = { value: o.value, source: o.source ?? 'user', why: o.why ?? DEFAULT_THRESHOLDS[key].why };
  }
  return out;
}
