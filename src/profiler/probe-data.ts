// Reads probe files back into typed series, one per process and thread, for the classifier and the
// report. Files can end mid-line (a SIGKILLed process, a worker stopped by terminate()), so a bad
// last line is expected and only counted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CPU_PROFILE_FILE_PATTERN,
  PROBE_FILE_PATTERN,
  PROBE_SCHEMA,
  type ProbeEndRecord,
  type ProbeErrorRecord,
  type ProbeRecord,
  type ProbeSampleRecord,
  type ProbeSignalRecord,
  type ProbeStartRecord,
} from './probe-records';

export interface ParsedProbeText {
  records: ProbeRecord[];
  /** Lines that were not valid records. */
  badLines: number;
  /** The text did not end with a newline: the writer stopped mid-line. */
  truncated: boolean;
}

const RECORD_TYPES = new Set(['start', 'sample', 'signal', 'end', 'probe-error']);

function asRecord(line: string): ProbeRecord | undefined {
  try {
    const v = JSON.parse(line) as { type?: unknown; t?: unknown };
    if (!v || typeof v !== 'object' || typeof v.type !== 'string' || !RECORD_TYPES.has(v.type)) return undefined;
    if (v.type !== 'start' && typeof v.t !== 'number') return undefined;
    return v as ProbeRecord;
  } catch {
    return undefined;
  }
}

export function parseProbeText(text: string): ParsedProbeText {
  const lines = text.split('\n');
  const truncated = lines.length > 0 && lines[lines.length - 1] !== '';
  const records: ProbeRecord[] = [];
  let badLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const r = asRecord(line);
    if (r) records.push(r);
    else badLines++;
  }
  return { records, badLines, truncated };
}

export interface ThreadSeries {
  file: string;
  pid: number;
  threadId: number;
  isMainThread: boolean;
  start: ProbeStartRecord;
  /** In time order. `start.startTime + sample.t` is the epoch ms of a sample's end, comparable across processes. */
  samples: ProbeSampleRecord[];
  signals: ProbeSignalRecord[];
  errors: ProbeErrorRecord[];
  /** Missing when the thread was killed (SIGKILL, terminate()) before it could write one. */
  end?: ProbeEndRecord;
  /** Path of this thread's .cpuprofile when one was written. */
  cpuProfile?: string;
  badLines: number;
  truncated: boolean;
}

export interface ProcessSeries {
  pid: number;
  ppid: number;
  /** The nearest probed ancestor (npm's child is a shell, the shell's child the workload), if any. */
  parent?: number;
  argv: string[];
  execArgv: string[];
  main?: ThreadSeries;
  workers: ThreadSeries[];
  /** Probed processes whose nearest probed ancestor is this one. */
  children: number[];
}

export interface ProbeData {
  threads: ThreadSeries[];
  /** In start order; the first ones are usually the launcher (npm, npx) and then the workload itself. */
  processes: ProcessSeries[];
  /** Probed processes without a probed ancestor: where the tree starts. */
  roots: number[];
  skipped: { file: string; reason: string }[];
}

export function readProbeFile(file: string): ThreadSeries | { error: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { error: (e as Error).message };
  }
  const parsed = parseProbeText(text);
  const start = parsed.records.find((r): r is ProbeStartRecord => r.type === 'start');
  if (!start) return { error: 'no start record' };
  if (start.schema > PROBE_SCHEMA) return { error: `schema ${start.schema} is newer than ${PROBE_SCHEMA}` };
  const samples = parsed.records.filter((r): r is ProbeSampleRecord => r.type === 'sample').sort((a, b) => a.t - b.t);
  return {
    file,
    pid: start.pid,
    threadId: start.threadId,
    isMainThread: start.isMainThread,
    start,
    samples,
    signals: parsed.records.filter((r): r is ProbeSignalRecord => r.type === 'signal'),
    errors: parsed.records.filter((r): r is ProbeErrorRecord => r.type === 'probe-error'),
    end: parsed.records.find((r): r is ProbeEndRecord => r.type === 'end'),
    badLines: parsed.badLines,
    truncated: parsed.truncated,
  };
}

/** Reads the given probe files, or every probe file in `dir`. */
export function readProbeData(dir: string, files?: readonly string[]): ProbeData {
  const names = files ? files.map((f) => path.resolve(dir, f)) : fs.readdirSync(dir).filter((f) => PROBE_FILE_PATTERN.test(f)).map((f) => path.join(dir, f));
  const profiles = new Set(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => CPU_PROFILE_FILE_PATTERN.test(f)) : []);
  const threads: ThreadSeries[] = [];
  const skipped: ProbeData['skipped'] = [];
  for (const file of names) {
    const r = readProbeFile(file);
    if ('error' in r) {
      skipped.push({ file, reason: r.error });
      continue;
    }
    const profile = `cpu-${r.pid}-${r.threadId}.cpuprofile`;
    if (profiles.has(profile)) r.cpuProfile = path.join(dir, profile);
    threads.push(r);
  }
  threads.sort((a, b) => a.start.startTime - b.start.startTime || a.threadId - b.threadId);

  const byPid = new Map<number, ProcessSeries>();
  for (const th of threads) {
    let p = byPid.get(th.pid);
    if (!p) {
      p = { pid: th.pid, ppid: th.start.ppid, argv: th.start.argv, execArgv: th.start.execArgv, workers: [], children: [] };
      byPid.set(th.pid, p);
    }
    if (th.isMainThread) {
      p.main = th;
      p.ppid = th.start.ppid;
      p.argv = th.start.argv;
      p.execArgv = th.start.execArgv;
    } else p.workers.push(th);
  }
  const processes = [...byPid.values()];
  const roots: number[] = [];
  for (const p of processes) {
    const chain = p.main?.start.ancestors ?? [p.ppid];
    const parent = chain.map((a) => byPid.get(a)).find((x) => x !== undefined && x !== p);
    if (parent) {
      p.parent = parent.pid;
      parent.children.push(p.pid);
    } else roots.push(p.pid);
  }
  return { threads, processes, roots, skipped };
}

/** Epoch ms at the end of a sample, for lining up series of different processes. */
export const sampleTime = (thread: ThreadSeries, sample: ProbeSampleRecord): number => thread.start.startTime + sample.t;
