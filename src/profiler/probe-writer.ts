// Buffered NDJSON output of one probed thread. Synchronous writes on an fd opened once, because the
// last flush happens inside process 'exit', where nothing asynchronous runs any more.
import * as fs from 'node:fs';

// Short, because a thread that blocks for good (a hang) never flushes again, and its last samples are the clue.
const FLUSH_EVERY_MS = 100;
const FLUSH_ABOVE_CHARS = 64 * 1024;

export class ProbeWriter {
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  private lastFlush = Date.now();

  constructor(file: string) {
    // 'a' so that a second probe instance that slipped past the guard cannot truncate the first one's lines.
    this.fd = fs.openSync(file, 'a');
  }

  get open(): boolean {
    return this.fd !== undefined;
  }

  write(record: object): void {
    if (this.fd === undefined) return;
    const line = JSON.stringify(record) + '\n';
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_ABOVE_CHARS || Date.now() - this.lastFlush >= FLUSH_EVERY_MS) this.flush();
  }

  flush(): void {
    this.lastFlush = Date.now();
    if (this.fd === undefined || this.pending.length === 0) return;
    const data = Buffer.from(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
    let off = 0;
    try {
      // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the probe runs inside the user's workload; flushes happen at exit and on signals, when nothing after this line would run if the write were asynchronous
      while (off < data.length) off += fs.writeSync(this.fd, data, off, data.length - off);
    } catch {
      // Disk full or fd gone: stop writing rather than failing the workload on every sample.
      this.close();
    }
  }

  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
  }
}
