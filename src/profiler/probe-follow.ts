// Reads probe records while the workload is still running, e.g. to see that a server is listening
// before a load command starts, or to show live figures. Only complete lines are returned.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROBE_FILE_PATTERN, type ProbeRecord } from './probe-records';
import { parseProbeText } from './probe-data';

export interface FollowedRecord {
  file: string;
  record: ProbeRecord;
}

export class ProbeFollower {
  private readonly offsets = new Map<string, number>();
  // Kept as bytes: a read can end inside a UTF-8 sequence of a line still being written.
  private readonly partial = new Map<string, Buffer>();

  /** `ignore`: files present before the run, which belong to someone else. */
  constructor(
    private readonly dir: string,
    private readonly ignore: ReadonlySet<string> = new Set(),
  ) {}

  poll(): FollowedRecord[] {
    const out: FollowedRecord[] = [];
    let names: string[];
    try {
      // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the run supervisor polls on its own loop: the CLI process or, in the editor, the profile worker (profile.worker.ts), never the extension host
      names = fs.readdirSync(this.dir).filter((f) => PROBE_FILE_PATTERN.test(f) && !this.ignore.has(f));
    } catch {
      return out;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      const from = this.offsets.get(name) ?? 0;
      let bytes: Buffer;
      try {
        const fd = fs.openSync(file, 'r');
        try {
          const size = fs.fstatSync(fd).size;
          if (size <= from) continue;
          const buf = Buffer.alloc(size - from);
          // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the run supervisor polls on its own loop: the CLI process or, in the editor, the profile worker (profile.worker.ts), never the extension host
          const n = fs.readSync(fd, buf, 0, buf.length, from);
          this.offsets.set(name, from + n);
          const prev = this.partial.get(name);
          bytes = prev ? Buffer.concat([prev, buf.subarray(0, n)]) : buf.subarray(0, n);
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        continue;
      }
      const cut = bytes.lastIndexOf(0x0a) + 1;
      this.partial.set(name, Buffer.from(bytes.subarray(cut)));
      for (const record of parseProbeText(bytes.subarray(0, cut).toString('utf8')).records) out.push({ file, record });
    }
    return out;
  }
}
