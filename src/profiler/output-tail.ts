// The last part of a stream the workload printed, in bounded memory: a workload that floods its
// output must not be able to exhaust the profiler.

export const TAIL_MAX_BYTES = 64 * 1024;
export const TAIL_MAX_LINES = 50;

export class OutputTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  /** Bytes seen in total, kept or not. */
  totalBytes = 0;

  constructor(
    private readonly maxBytes = TAIL_MAX_BYTES,
    private readonly maxLines = TAIL_MAX_LINES,
  ) {}

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (chunk.length >= this.maxBytes) {
      // Copied so the tail does not pin a large parent buffer.
      this.chunks = [Buffer.from(chunk.subarray(chunk.length - this.maxBytes))];
      this.kept = this.maxBytes;
      return;
    }
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.chunks.length > 1 && this.kept - this.chunks[0].length >= this.maxBytes) this.kept -= this.chunks.shift()!.length;
  }

  /** Whether `text()` leaves out earlier output. */
  get truncated(): boolean {
    return Buffer.byteLength(this.text()) < this.totalBytes;
  }

  text(): string {
    let buf = Buffer.concat(this.chunks, this.kept);
    const cut = buf.length > this.maxBytes || this.totalBytes > buf.length;
    if (buf.length > this.maxBytes) buf = buf.subarray(buf.length - this.maxBytes);
    // A cut can land inside a UTF-8 sequence; skip its continuation bytes instead of showing U+FFFD.
    let start = 0;
    while (cut && start < buf.length && start < 4 && (buf[start] & 0xc0) === 0x80) start++;
    let lines = buf.subarray(start).toString('utf8').split('\n');
    // The first line of a cut tail is a fragment.
    if (cut && lines.length > 1) lines = lines.slice(1);
    const endsWithNewline = lines.length > 0 && lines[lines.length - 1] === '';
    if (endsWithNewline) lines.pop();
    if (lines.length > this.maxLines) lines = lines.slice(lines.length - this.maxLines);
    return lines.join('\n') + (endsWithNewline && lines.length > 0 ? '\n' : '');
  }
}
