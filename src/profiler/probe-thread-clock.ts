// This thread's own CPU time and its wait for a CPU, from Linux's /proc/thread-self/schedstat.
//
// Why: process.cpuUsage() is process-wide (workers, GC helpers and the libuv pool all count), and wall-
// clock busy time cannot tell computing from waiting. On a loaded machine a computing thread spends part
// of its "busy" time runnable but not running; without the run-queue wait it would look like a thread
// blocked in a synchronous call. Reading the file costs about 10-25 µs, once per sampling interval.
import * as fs from 'node:fs';

export interface ThreadClock {
  /** ns on a CPU, ns runnable but waiting for one. */
  cpuNs: number;
  waitNs: number;
}

const SCHEDSTAT = '/proc/thread-self/schedstat';

export class ThreadClockReader {
  private available = process.platform === 'linux';

  /** Undefined where the kernel does not offer it; after the first failure it is not tried again. */
  read(): ThreadClock | undefined {
    if (!this.available) return undefined;
    try {
      // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the probe runs inside the user's workload: one procfs read per sample (microseconds, no disk), and it must be taken at the sample's instant, which an async read would not be
      const [cpu, wait] = fs.readFileSync(SCHEDSTAT, 'latin1').split(' ');
      const cpuNs = Number(cpu);
      const waitNs = Number(wait);
      if (Number.isFinite(cpuNs) && Number.isFinite(waitNs)) return { cpuNs, waitNs };
    } catch {
      // No procfs, or schedstats not compiled in.
    }
    this.available = false;
    return undefined;
  }
}
