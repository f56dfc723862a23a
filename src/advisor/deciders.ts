// How each question of the decision tree is answered from measurements: a table keyed by node id. A row
// names the measured values it compares, the thresholds, and how to say what it saw. Keeping the
// answers here, apart from the tree's shape, lets the panel walk the same tree with a user's answers.
import type { Measurements } from './measurements';
import type { ThresholdKey, Thresholds } from './thresholds';
import { bytes, cores, duration, percent } from './units';

export interface Test {
  /** The measured value, or null when it could not be measured in this run (the test then does not hold). */
  value(m: Measurements, th: Thresholds): number | null;
  threshold: ThresholdKey;
  /** Holds when value >= threshold (`atLeast`) or value < threshold (`below`). */
  when: 'atLeast' | 'below';
  /** What was seen, in words; the walker appends the comparison with the threshold. */
  describe(m: Measurements, value: number | null, th: Thresholds): string;
  /** How to print the threshold. */
  unit: (v: number) => string;
}

export interface Decider {
  /** `any`: yes when one test holds; `all`: yes when every test holds. */
  combine: 'any' | 'all';
  tests: Test[];
}

/** Milliseconds of copying implied by the cloned bytes at the machine's clone rate. */
export function estimatedCopyMs(m: Measurements, th: Thresholds): number {
  return m.messages.clonedBytes / Math.max(1, th.cloneBytesPerMs.value);
}

/**
 * The copying the copies question weighs. Measured where the probe timed the senders' postMessage calls:
 * a fixed rate is wrong on a loaded machine, where each copy takes longer while fewer of them fit in the
 * run, so bytes × rate understates the copy's share just when the machine is short of CPU. Estimated from
 * the bytes for reports written before the probe timed the calls.
 */
export function copyMs(m: Measurements, th: Thresholds): { ms: number; measured: boolean } {
  const measured = m.messages.serializeMs;
  return measured === undefined ? { ms: estimatedCopyMs(m, th), measured: false } : { ms: measured, measured: true };
}

function describeCopy(m: Measurements, share: number, th: Thresholds): string {
  const copy = copyMs(m, th);
  if (copy.measured) {
    return `${duration(copy.ms)} serialising in postMessage, measured (the senders' side; ${duration(m.messages.mainSerializeMs ?? 0)} of it on the main thread), ${percent(share)} of the run`;
  }
  const rate = th.cloneBytesPerMs;
  return `about ${duration(copy.ms)} spent copying, estimated at ${bytes(rate.value * 1000)}/s (${rate.source === 'default' ? 'default rate' : rate.source}), ${percent(share)} of the run`;
}

const share = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);
const count = (v: number): string => v.toFixed(v >= 10 || Number.isInteger(v) ? 0 : 1);
const operations = (v: number, io = false): string => `${count(v)} ${io ? 'I/O ' : ''}${count(v) === '1' ? 'operation' : 'operations'}`;

/** What the main thread's shares are of: its wall time less the wait for a CPU while busy (measure.ts), said when that shows. */
function runTime(m: Measurements): string {
  const left = m.main.runQueueWhileBusyMs ?? 0;
  const could = duration(m.wallMs - left);
  return could === duration(m.wallMs) ? could : `${could} (${duration(m.wallMs)} less ${duration(left)} waiting for a CPU on a busy machine)`;
}

const mainBusy: Test = {
  value: (m) => m.main.busy,
  threshold: 'mainBusy',
  when: 'atLeast',
  describe: (m, v) => `main thread busy ${percent(v ?? 0)} of ${runTime(m)} (from the ${m.main.busySource === 'cpu-profile' ? 'CPU profile' : 'event-loop utilisation'})`,
  unit: percent,
};

/** Of the waiting, the part spent on I/O: the rest had only promises waiting on timers pending. */
const ioWaitShare = (m: Measurements): number => Math.max(0, m.io.waitShare - (m.io.timerWaitShare ?? 0));

/** What the loop waited on, in words: I/O with the operations outstanding, and timers where there were any. */
function describeWaiting(m: Measurements): string {
  const parts = [`on I/O ${percent(ioWaitShare(m))} (${operations(m.io.meanInFlight)} outstanding on average)`];
  if ((m.io.timerWaitShare ?? 0) > 0) parts.push(`on awaited timers ${percent(m.io.timerWaitShare ?? 0)}`);
  return parts.join(', ');
}

// "Waiting" is idle time while work is pending: a request, connect, fs or DNS request or child process
// outstanding, or a promise waiting on a timer (back-off, polling, rate limits). Idle time with only a
// listening server, idle keep-alive sockets or a helper process open is idle, not waiting.
const ioWait: Test = {
  value: (m) => m.io.waitShare,
  threshold: 'ioWaitShare',
  when: 'atLeast',
  describe: (m, v) => `loop waiting (idle with work pending) ${percent(v ?? 0)} of the time: ${describeWaiting(m)}`,
  unit: percent,
};

/**
 * The main thread's I/O waits alone. A main thread that sleeps on a timer until its workers are done (a
 * deadline, a progress poll) waits on them, not on I/O: that is a pool, not a hybrid.
 */
const ioOnlyWait: Test = {
  value: (m) => ioWaitShare(m),
  threshold: 'ioWaitShare',
  when: 'atLeast',
  describe: (m, v) => `loop idle with I/O outstanding ${percent(v ?? 0)} of the time (${operations(m.io.meanInFlight)} on average)`,
  unit: percent,
};

export const DECIDERS: Record<string, Decider> = {
  active: {
    combine: 'any',
    tests: [
      { ...mainBusy, threshold: 'activeShare' },
      { ...ioWait, threshold: 'activeShare' },
      {
        value: (m) => m.offload.busyCores,
        threshold: 'activeShare',
        when: 'atLeast',
        describe: (m, v) => `${m.offload.workers} workers and ${m.offload.childProcesses} child processes busy ${cores(v ?? 0)}`,
        unit: cores,
      },
    ],
  },
  copies: {
    combine: 'all',
    tests: [
      {
        value: (m) => share(m.messages.clonedBytes, m.messages.count),
        threshold: 'largeMessageBytes',
        when: 'atLeast',
        describe: (m, v) => `${m.messages.count} postMessage calls cloned ${bytes(m.messages.clonedBytes)}, ${bytes(v ?? 0)} per message`,
        unit: bytes,
      },
      {
        value: (m, th) => share(copyMs(m, th).ms, m.wallMs),
        threshold: 'copyShare',
        when: 'atLeast',
        describe: (m, v, th) => describeCopy(m, v ?? 0, th),
        unit: percent,
      },
    ],
  },
  'main-busy': {
    combine: 'any',
    tests: [
      mainBusy,
      {
        value: (m) => m.main.blocked.share,
        threshold: 'blockedShare',
        when: 'atLeast',
        describe: (m, v, th) =>
          `${m.main.blocked.count} ${m.main.blocked.count === 1 ? 'stall' : 'stalls'} of ${duration(th.blockMs.value)} or more, ${duration(m.main.blocked.totalMs)} in all` +
          (m.main.blocked.runnableWaitMs ? ` (${duration(m.main.blocked.runnableWaitMs)} of it waiting for a CPU on a busy machine, left out)` : '') +
          `, ${percent(v ?? 0)} of the run, longest ${duration(m.main.blocked.longestMs)}`,
        unit: percent,
      },
    ],
  },
  'cpu-while-busy': {
    combine: 'all',
    tests: [
      {
        value: (m) => m.main.cpuWhileBusy,
        threshold: 'cpuWhileBusy',
        when: 'atLeast',
        describe: (_m, v) => (v === null ? 'CPU time while busy could not be measured' : `${percent(Math.min(v, 1))} of the loop's busy time was CPU time`),
        unit: percent,
      },
    ],
  },
  'waits-too': { combine: 'all', tests: [ioWait] },
  offloaded: {
    combine: 'all',
    tests: [
      {
        value: (m) => m.offload.busyCores,
        threshold: 'offloadCores',
        when: 'atLeast',
        describe: (m, v) => `${m.offload.workers} worker threads and ${m.offload.childProcesses} child processes busy ${cores(v ?? 0)} on a ${m.cores}-core machine`,
        unit: cores,
      },
    ],
  },
  'offloaded-waits': { combine: 'all', tests: [ioOnlyWait] },
  'offloaded-bulk': {
    combine: 'all',
    tests: [
      {
        value: (m) => share(m.messages.transferredBytes + m.messages.sharedBytes, m.messages.count),
        threshold: 'largeMessageBytes',
        when: 'atLeast',
        describe: (m, v) =>
          `${bytes(m.messages.transferredBytes)} transferred and ${bytes(m.messages.sharedBytes)} shared over ${m.messages.count} messages, ${bytes(v ?? 0)} per message`,
        unit: bytes,
      },
    ],
  },
  'waits-io': { combine: 'all', tests: [{ ...ioWait, threshold: 'ioWaitShare' }] },
  'main-cpu-share': {
    combine: 'all',
    tests: [
      { ...mainBusy, threshold: 'mainCpuShareWithIo' },
      {
        value: (m) => m.main.cpuWhileBusy,
        threshold: 'cpuWhileBusy',
        when: 'atLeast',
        describe: (_m, v) => (v === null ? 'too little busy time to tell CPU from waiting' : `${percent(Math.min(v, 1))} of the busy time was CPU time`),
        unit: percent,
      },
    ],
  },
  concurrent: {
    combine: 'all',
    tests: [
      {
        value: (m) => m.io.meanInFlight,
        threshold: 'concurrentInFlight',
        when: 'atLeast',
        describe: (m, v) => `${operations(v ?? 0, true)} outstanding on average while waiting on I/O, ${m.io.maxInFlight} at most`,
        unit: count,
      },
    ],
  },
  bounded: {
    combine: 'all',
    tests: [
      {
        value: (m) => m.io.maxInFlight,
        threshold: 'unboundedInFlight',
        when: 'below',
        describe: (_m, v) => `at most ${operations(v ?? 0, true)} outstanding at once`,
        unit: count,
      },
    ],
  },
};
