// What the advisor reads: a language-neutral summary of one profiled run. The profiler fills it from its
// probe files (src/profiler/measure.ts); a future front end for another runtime would fill the same shape.

// `gil-bound` comes from the Python front end only: threads of one interpreter taking turns on the GIL.
export const WORKLOAD_TYPES = ['io-bound', 'cpu-bound', 'sync-io-blocking', 'large-data', 'mixed', 'idle', 'gil-bound'] as const;
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

export const MODELS = ['async', 'worker-pool', 'shared-memory', 'hybrid'] as const;
export type Model = (typeof MODELS)[number];

export interface Measurements {
  /** Wall time of the workload's main thread, from its first to its last sample. */
  wallMs: number;
  /** Logical cores of the machine the run was measured on. */
  cores: number;
  main: {
    /**
     * Share of the time the main thread could run that its event loop was busy (0..1): running code or
     * blocked in a synchronous call. The time it could run is `wallMs` less `runQueueWhileBusyMs`, which is
     * taken out of the busy time too, so that a machine busy with other programs does not make the loop look
     * busier and its waiting shorter (src/profiler/measure.ts). The Python front end takes shares of `wallMs`.
     */
    busy: number;
    /** `cpu-profile` when busy comes from the CPU profile's non-idle samples; `elu` when only event-loop utilisation was there. */
    busySource: 'cpu-profile' | 'elu';
    /**
     * CPU time of the main process's main thread per ms of main-thread busy time (0..1+). Near 1: busy
     * means computing. Near 0: busy means blocked in a synchronous call that waits (execSync, a slow read).
     * Null when the main thread was hardly busy, so the ratio would be noise.
     */
    cpuWhileBusy: number | null;
    /** The main thread's own CPU time; process CPU minus the workers' busy time where the OS cannot say. */
    cpuMs: number;
    /**
     * ms the main thread was ready to run but waited for a CPU, because the machine was busy (Linux;
     * 0 elsewhere). Counted as computing in `cpuWhileBusy`: the thread wanted the CPU, it did not wait on I/O.
     */
    runQueueMs: number;
    /**
     * Of `runQueueMs`, the part inside the loop's busy time (per probe interval, at most its busy time): the
     * wait that stretched the thread's work, left out of the shares (`busy`, `io.waitShare`) and of the
     * time they are of. Absent in reports from before it was, and from the Python front end (read it as 0).
     */
    runQueueWhileBusyMs?: number;
    /** Event-loop delay in ms over the run: the median of the per-interval medians, the 99th percentile of the per-interval p99s, and the worst stall. */
    delayMs: { p50: number; p99: number; max: number };
    /**
     * Stretches where the loop was blocked longer than the blocking threshold. `share` is of the run, without
     * `runnableWaitMs`: the part of the stretches the thread spent waiting for a CPU that a busy machine did not
     * give it (measured where the OS has a per-thread clock; absent otherwise), which is the machine's, not the
     * program's, so that a verdict does not change with the machine's load.
     */
    blocked: { count: number; totalMs: number; longestMs: number; share: number; runnableWaitMs?: number };
  };
  /** Worker threads and child processes of the workload: where CPU work is carried off the main loop. */
  offload: {
    workers: number;
    childProcesses: number;
    /** Busy time of all workers and child processes per ms of wall time: 1.0 means one core's worth of work. */
    busyCores: number;
    /**
     * How a thread's busy time was measured: `thread-cpu` from each thread's CPU and run-queue time, read by
     * the main thread's sampler (Linux), which sees workers that never return to their event loop (piscina
     * blocks them in Atomics.wait); `busy` from each worker's own samples (CPU profile, else ELU).
     */
    source?: 'thread-cpu' | 'busy';
    /**
     * Of `busyCores`, the threads the program started that are neither probed workers nor child processes:
     * libuv's thread pool (async crypto, zlib, fs, dns.lookup) and native add-ons' threads.
     */
    nativeCores?: number;
  };
  /** CPU per thread role of the workload process (Linux; see src/profiler/measure.ts threadCpuTable). */
  threadCpu?: {
    /** ms of CPU by role: the main thread, workers, libuv pool and native threads, V8's and Node's helpers (GC, compiler), the profiler's own. */
    byRole: Record<'main' | 'worker' | 'native' | 'runtime' | 'probe', { threads: number; cpuMs: number; runQueueMs: number }>;
    /** Cross-check: process CPU (process.cpuUsage) minus the main thread's own. */
    offMainCpuMs: number;
    /** Process CPU found in no listed thread: threads that ended between two reads of the thread list. */
    unlistedCpuMs: number;
  };
  /** Process CPU (user + system) of the workload and its probed children, per ms of wall time. */
  cpu: { ms: number; perWall: number };
  io: {
    /**
     * Share of the time the main thread could run (see `main.busy`) that the main loop was waiting: idle
     * while work was pending, i.e. an I/O operation outstanding (a request, a connect, a fs or DNS request,
     * a child process it waits for) or a promise waiting on a timer (a back-off, a poll, a rate limit). Idle
     * time with only long-lived handles open (a listening server, an idle keep-alive socket, a helper
     * process) is idle, not waiting.
     */
    waitShare: number;
    /**
     * Of `waitShare`, the part with only promises waiting on timers pending, no I/O. Absent in reports from
     * before timers were counted (read it as 0).
     */
    timerWaitShare?: number;
    /**
     * Mean I/O operations outstanding while the loop waited on I/O: requests (a call to a server in the same
     * process counts once), connects, fs and DNS requests, child processes waited for. Timers are not in it.
     */
    meanInFlight: number;
    /** Most I/O operations outstanding at once. */
    maxInFlight: number;
    /** Peak count per `process.getActiveResourcesInfo()` type (handles and requests alike), for the report. */
    peakByType: Record<string, number>;
    /**
     * Operation-ms over the run by kind: `http` (client requests), `served` (requests a server of the
     * workload answered for another process), `fetch` (undici), `connect`, `socket` (raw client sockets
     * awaiting an answer), `child`, `timer`, `fs`, `dns`, `udp`. Absent in older reports.
     */
    operationMs?: Record<string, number>;
  };
  /** Data passed between threads with postMessage. */
  messages: {
    count: number;
    /** Copied by structured clone: binary data plus string payload. */
    clonedBytes: number;
    /** Moved by a transfer list or shared as SharedArrayBuffer memory. */
    transferredBytes: number;
    sharedBytes: number;
    /**
     * Wall ms the sending threads spent inside postMessage, summed over every thread: structured clone
     * serialises synchronously in the sender, so this is the sender's side of the copy, measured. The
     * receiver's deserialisation is not in it. Absent when the run did not time the calls (reports from
     * before the probe did); the advisor then estimates the copy from `clonedBytes`.
     */
    serializeMs?: number;
    /** Of `serializeMs`, the workload's main thread: time its event loop was blocked copying. */
    mainSerializeMs?: number;
  };
  gc: { ms: number; count: number };
  /** The runtime measured; absent means Node.js (reports from before Python was profiled). */
  language?: 'javascript' | 'python';
  /**
   * Python only: how the workload's threads shared the GIL, from the probe's stack samples. A thread stopped
   * on anything but a call instruction was running bytecode when the sampler took the GIL, so it waits for
   * the GIL; two or more such threads at one sample contend for it. Null fields where the GIL is off.
   */
  gil?: {
    /** The interpreter runs with a GIL (false on a free-threaded build running without it). */
    enabled: boolean;
    /** Share of samples with two or more threads wanting the GIL at once. */
    contendedShare: number | null;
    /** Share of samples with at least one thread running bytecode. */
    busyShare: number | null;
    /** Mean threads running bytecode per sample. */
    meanThreads: number | null;
    samples: number;
  };
  memory: { peakHeapUsed: number; peakRss: number };
}
