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

const share = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);
const count = (v: number): string => v.toFixed(v >= 10 || Number.isInteger(v) ? 0 : 1);

const mainBusy: Test = {
  value: (m) => m.main.busy,
  threshold: 'mainBusy',
  when: 'atLeast',
  describe: (m, v) => `main thread busy ${percent(v ?? 0)} of ${duration(m.wallMs)} (from the ${m.main.busySource === 'cpu-profile' ? 'CPU profile' : 'event-loop utilisation'})`,
  unit: percent,
};

const ioWait: Test = {
  value: (m) => m.io.waitShare,
  threshold: 'ioWaitShare',
  when: 'atLeast',
  describe: (m, v) => `loop idle with I/O in flight ${percent(v ?? 0)} of the time (${count(m.io.meanInFlight)} handles in flight on average)`,
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
        value: (m, th) => share(estimatedCopyMs(m, th), m.wallMs),
        threshold: 'copyShare',
        when: 'atLeast',
        describe: (m, v, th) => `about ${duration(estimatedCopyMs(m, th))} spent copying at ${bytes(th.cloneBytesPerMs.value * 1000)}/s (${th.cloneBytesPerMs.source === 'default' ? 'default rate' : th.cloneBytesPerMs.source}), ${percent(v ?? 0)} of the run`,
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
          `${m.main.blocked.count} ${m.main.blocked.count === 1 ? 'stall' : 'stalls'} of ${duration(th.blockMs.value)} or more, ${duration(m.main.blocked.totalMs)} in all (${percent(v ?? 0)} of the run), longest ${duration(m.main.blocked.longestMs)}`,
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
  'offloaded-waits': { combine: 'all', tests: [ioWait] },
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
        describe: (m, v) => `${count(v ?? 0)} I/O handles in flight on average while waiting, ${m.io.maxInFlight} at most`,
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
        describe: (_m, v) => `at most ${count(v ?? 0)} I/O handles in flight at once`,
        unit: count,
      },
    ],
  },
};
