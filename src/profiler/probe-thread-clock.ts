// CPU time and run-queue wait per thread, from Linux's schedstat files: this thread's own
// (/proc/thread-self/schedstat) and, for the main thread's sampler, every thread of the process
// (/proc/self/task/<tid>/schedstat).
//
// Why: process.cpuUsage() is process-wide (workers, GC helpers and the libuv pool all count), and wall-
// clock busy time cannot tell computing from waiting. On a loaded machine a computing thread spends part
// of its "busy" time runnable but not running; without the run-queue wait it would look like a thread
// blocked in a synchronous call.
//
// Why every thread, read from the main thread: a worker that never returns to its event loop (piscina's
// workers block in Atomics.wait between tasks, a worker may compute for seconds) never runs the timer
// its own sampler needs, so only another thread can see its CPU. schedstat rather than stat: nanoseconds
// instead of 10 ms clock ticks, and the run-queue wait comes with it. Every Node thread's `comm` is
// "node" (Node 20 names none of them), so threads are told apart by their ids instead: each probed thread
// writes its own id in its start record (see ProbeStartRecord.tid).
//
// Cost: files are opened once and re-read with pread (procfs regenerates the text on every read), about
// 7 µs per thread and 20 µs for the directory listing on a 2-core VM; opening and reading each file anew
// costs ten times that.
import * as fs from 'node:fs';

export interface ThreadClock {
  /** ns on a CPU, ns runnable but waiting for one. */
  cpuNs: number;
  waitNs: number;
}

const THREAD_SCHEDSTAT = '/proc/thread-self/schedstat';
const TASK_DIR = '/proc/self/task';
const BUFFER_BYTES = 96;

function parseSchedstat(text: string): ThreadClock | undefined {
  const [cpu, wait] = text.split(' ');
  const cpuNs = Number(cpu);
  const waitNs = Number(wait);
  return Number.isFinite(cpuNs) && Number.isFinite(waitNs) ? { cpuNs, waitNs } : undefined;
}

/** Reads a procfs file again from its start through an fd kept open; undefined once the file is gone (thread exited). */
function pread(fd: number, buffer: Buffer): string | undefined {
  try {
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the probe runs inside the user's workload: one procfs pread per thread and sample (microseconds, no disk), taken at the sample's instant, which an async read would not be
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1', 0, n);
  } catch {
    return undefined;
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    /* already closed */
  }
}

/** The calling thread's Linux thread id (the main thread's equals the pid), or undefined off Linux. */
export function currentTid(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // "<pid>/task/<tid>"
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Thread ids of the process right now (Linux), ascending; empty elsewhere. */
export function processTids(): number[] {
  if (process.platform !== 'linux') return [];
  try {
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the probe runs inside the user's workload: one procfs listing every ~100 ms (about 20 µs, no disk), taken at the sample's instant
    return fs
      .readdirSync(TASK_DIR)
      .map(Number)
      .filter((n) => Number.isInteger(n))
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

export class ThreadClockReader {
  private available = process.platform === 'linux';
  private fd: number | undefined;
  private readonly buffer = Buffer.alloc(BUFFER_BYTES);

  /** Undefined where the kernel does not offer it; after the first failure it is not tried again. */
  read(): ThreadClock | undefined {
    if (!this.available) return undefined;
    try {
      // The fd stays bound to the thread that opened it: /proc/thread-self is resolved at open time.
      this.fd ??= fs.openSync(THREAD_SCHEDSTAT, 'r');
      const text = pread(this.fd, this.buffer);
      const clock = text === undefined ? undefined : parseSchedstat(text);
      if (clock) return clock;
    } catch {
      // No procfs, or schedstats not compiled in.
    }
    this.close();
    this.available = false;
    return undefined;
  }

  close(): void {
    if (this.fd !== undefined) closeQuietly(this.fd);
    this.fd = undefined;
  }
}

/** One thread's CPU over a span: [tid, cpuMs, run-queue waitMs]. */
export type TaskCpu = [number, number, number];

/**
 * Every thread of the process, as deltas since the previous read. A thread first seen counts from its
 * start (its whole CPU so far), so a worker started and busy between two reads is not lost; a thread that
 * ended between two reads loses its last span (the worker's own final sample still has it, and process
 * CPU minus the listed threads shows the rest).
 */
export class TaskClockReader {
  private available = process.platform === 'linux';
  private readonly fds = new Map<number, number>();
  private readonly previous = new Map<number, ThreadClock>();
  private readonly buffer = Buffer.alloc(BUFFER_BYTES);

  /** Undefined off Linux or once procfs failed; otherwise the threads whose counters moved (or are new). */
  read(): TaskCpu[] | undefined {
    if (!this.available) return undefined;
    const tids = processTids();
    if (tids.length === 0) {
      this.available = false;
      this.close();
      return undefined;
    }
    const out: TaskCpu[] = [];
    const seen = new Set<number>();
    for (const tid of tids) {
      let fd = this.fds.get(tid);
      if (fd === undefined) {
        try {
          fd = fs.openSync(`${TASK_DIR}/${tid}/schedstat`, 'r');
        } catch {
          continue; // ended since the listing
        }
        this.fds.set(tid, fd);
      }
      const text = pread(fd, this.buffer);
      const clock = text === undefined ? undefined : parseSchedstat(text);
      if (!clock) continue;
      seen.add(tid);
      const before = this.previous.get(tid) ?? { cpuNs: 0, waitNs: 0 };
      this.previous.set(tid, clock);
      const cpuMs = Math.max(0, clock.cpuNs - before.cpuNs) / 1e6;
      const waitMs = Math.max(0, clock.waitNs - before.waitNs) / 1e6;
      if (cpuMs > 0 || waitMs > 0) out.push([tid, Math.round(cpuMs * 1000) / 1000, Math.round(waitMs * 1000) / 1000]);
    }
    // Ended threads: their fds point at dead tasks, and a reused id must start from zero.
    for (const [tid, fd] of this.fds) {
      if (seen.has(tid)) continue;
      closeQuietly(fd);
      this.fds.delete(tid);
      this.previous.delete(tid);
    }
    return out;
  }

  close(): void {
    for (const fd of this.fds.values()) closeQuietly(fd);
    this.fds.clear();
    this.previous.clear();
  }
}
