// The NDJSON contract between the in-process probe (writer) and everything that reads its files
// (runner readiness checks, probe-data, the classifier). Extend with new optional fields; never rename.

/** Bumped only for incompatible changes; readers skip files with a schema they do not know. */
export const PROBE_SCHEMA = 1;

/** File names inside the probe directory; one file per process and thread so writers never interleave. */
export const PROBE_FILE_PATTERN = /^probe-(\d+)-(\d+)\.ndjson$/;
export const CPU_PROFILE_FILE_PATTERN = /^cpu-(\d+)-(\d+)\.cpuprofile$/;
export const probeFileName = (pid: number, threadId: number): string => `probe-${pid}-${threadId}.ndjson`;
export const cpuProfileFileName = (pid: number, threadId: number): string => `cpu-${pid}-${threadId}.cpuprofile`;

export interface ProbeStartRecord {
  type: 'start';
  schema: number;
  pid: number;
  ppid: number;
  /**
   * Parent, grandparent, ... (Linux; elsewhere just the parent). Launchers such as npm start the
   * workload through a shell that is not probed, so the nearest probed ancestor is the real parent.
   */
  ancestors?: number[];
  threadId: number;
  isMainThread: boolean;
  argv: string[];
  execArgv: string[];
  nodeVersion: string;
  cwd: string;
  /** Epoch ms when the probe started; sample `t` values count from here. */
  startTime: number;
  /** Epoch ms of `performance.timeOrigin` (process start; in workers Node reports the process's origin too). */
  timeOrigin: number;
  /**
   * `process.hrtime` in µs at `startTime`. V8 CPU profiles stamp samples on the same monotonic clock, so
   * a sample interval [t - dtMs, t] lies at [monotonicStartUs + (t - dtMs) * 1000, monotonicStartUs + t * 1000].
   */
  monotonicStartUs: number;
  intervalMs: number;
  delayResolutionMs: number;
  /** The inspector profiler ran in this thread, which makes `elu` unreliable (see ProbeSampleRecord.elu). */
  cpuProfile: boolean;
  /**
   * `process.cpuUsage()` is process-wide, including every worker thread, GC and libuv pool thread
   * (Node 20 has no per-thread CPU clock), so CPU figures of a worker's samples describe the process.
   */
  cpuScope: 'process';
  /** This thread's Linux thread id (the main thread's is the pid); absent off Linux. Joins a thread to `ProbeSampleRecord.tasks`. */
  tid?: number;
  /**
   * Main thread only: the process's other threads when the probe started, before any of the workload's
   * code ran: V8's platform workers (GC, compiler), Node's own helpers. Their CPU is the runtime's, not
   * work the program handed off.
   */
  runtimeTids?: number[];
  /** Threads that appeared while this thread's probe started its CPU profiler: V8's profiler thread, measurement overhead. */
  probeTids?: number[];
}

export interface DelayStats {
  /** Event-loop delay in ms beyond the histogram's timer resolution, from monitorEventLoopDelay and the sampler's own lateness. */
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ProbeSampleRecord {
  type: 'sample';
  /** ms since the start record's `startTime`, at the end of the interval. */
  t: number;
  /** Wall length of the interval in ms. Longer than the configured interval when the loop was blocked. */
  dtMs: number;
  delay: DelayStats;
  /**
   * Busy fraction of this thread in the interval (0..1); `mainMs` counts as busy.
   * Not trustworthy while the CPU profiler runs (`start.cpuProfile`): its sampling signal interrupts
   * epoll_wait and libuv then loses the idle time it was measuring, so an idle loop reads 0.6-0.8.
   * Use `busyFromProfile` (profile-busy.ts) for such threads.
   */
  elu: number;
  /**
   * ms of this interval spent before the event loop started, i.e. running the main module
   * synchronously (module loading, or a whole script that never yields). Main thread only.
   * It is not part of `delay`: nothing could be scheduled yet, so the histogram never saw it.
   */
  mainMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  heapUsed: number;
  rss: number;
  gc: { count: number; ms: number };
  /** `process.getActiveResourcesInfo()` counted by type, e.g. { TCPServerWrap: 1, Timeout: 2 }. */
  resources: Record<string, number>;
  /**
   * Bytes of binary data handed to `postMessage` by this thread in the interval, per underlying buffer:
   * `cloned` is copied by structured clone, `transferred` moved by a transfer list, `shared` is
   * SharedArrayBuffer memory (no copy). `strings` approximates string payload (chars), which is cloned too.
   */
  bytes: { cloned: number; transferred: number; shared: number; strings: number };
  /** `postMessage` calls in the interval. */
  messages: number;
  /**
   * Wall ms this thread spent inside those `postMessage` calls (performance.now() around the call, the
   * probe's own byte count left out). Structured clone serialises the message synchronously in the sender,
   * so this is the sender's side of the copy, measured; it includes any time the thread waited for a CPU
   * meanwhile. The receiver's deserialisation is not in it (see message-bytes.ts). Absent in files of
   * probes older than the field.
   */
  serializeMs?: number;
  /**
   * This thread alone (Linux only, from /proc/thread-self/schedstat): ms on a CPU, and ms runnable but
   * waiting for a CPU because the machine was busy. Absent where the kernel does not offer it.
   */
  thread?: { cpuMs: number; waitMs: number };
  /**
   * Main thread only (Linux): every thread of the process, from /proc/self/task/<tid>/schedstat, read
   * about every 100 ms rather than every interval. `cpu` lists [tid, cpuMs, waitMs] over `spanMs` (since
   * the previous read; a thread first seen counts from its start), for threads whose counters moved. This
   * is how a worker that never returns to its event loop, and so never samples itself, is still seen.
   */
  tasks?: { spanMs: number; cpu: [number, number, number][] };
  /**
   * Main threads only: the operations the loop was waiting for, counted from Node's diagnostics channels
   * (requests, connects, child processes waited for, promises waiting on timers), unlike `resources`, which
   * lists every open handle. Absent in files of probes older than the field.
   */
  io?: IoIntervalRecord;
}

/**
 * What an outstanding operation is (see probe-io-channels.ts). `http`: an http/https client request;
 * `served`: a request an http server of the thread is answering, unless the client is the same thread (the
 * call is then counted once, as `http` or `fetch`); `fetch`: an undici request (global fetch); `connect`: a
 * TCP or pipe connect no counted request waits on; `socket`: a raw client socket (a database driver's) that
 * sent something not yet answered; `child`: a child process the program waits to finish; `timer`: a promise
 * waiting on a timer.
 */
export type IoKind = 'http' | 'served' | 'fetch' | 'connect' | 'socket' | 'child' | 'timer';

/** Outstanding operations over one sampling interval (ProbeSampleRecord.io). */
export interface IoIntervalRecord {
  /** ms of the interval with at least one I/O operation outstanding (every kind but `timer`). */
  ioMs: number;
  /** Outstanding I/O operations integrated over the interval, in operation-ms: `opMs / dtMs` is the mean count. */
  opMs: number;
  /** Most I/O operations outstanding at once during the interval. */
  max: number;
  /** I/O operations outstanding at the end of the interval. */
  open: number;
  /** ms of the interval with any operation outstanding, awaited timers included. */
  pendingMs: number;
  /** Operation-ms by kind, timers included; kinds with none are left out. */
  byKind: Partial<Record<IoKind, number>>;
}

export interface ProbeSignalRecord {
  type: 'signal';
  t: number;
  signal: string;
}

export interface ProbeEndRecord {
  type: 'end';
  t: number;
  exitCode: number | null;
  /** Set when the thread ended by a signal that the probe re-raised. */
  signal?: string;
  /**
   * A worker thread wrote this because its parent was about to end it (Worker#terminate(), or the
   * process exiting with the worker still running): the parent's probe asked it to write its data and
   * profile first. The thread was stopped right after.
   */
  terminated?: boolean;
}

export interface ProbeErrorRecord {
  type: 'probe-error';
  t: number;
  where: string;
  message: string;
}

export type ProbeRecord = ProbeStartRecord | ProbeSampleRecord | ProbeSignalRecord | ProbeEndRecord | ProbeErrorRecord;
