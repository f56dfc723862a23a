// The Python probe's files (src/profiler/python-probe/): one JSON document per Python process of the run,
// rewritten periodically and at exit. The shapes here mirror what concurrency_lens_probe writes.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PYTHON_PROBE_FILE_PATTERN = /^python-\d+-\d+\.json$/;

/** [native tid, cpu ms, run-queue ms, samples, samples not idle, samples in bytecode] for one window. */
export type PyWindowThread = [number, number, number, number?, number?, number?];
/** [tid, running ms, select ms, I/O-wait ms, timer-wait ms, in-flight × ms, max in flight, lag p50, lag p99, lag max, heartbeats]. */
export type PyWindowLoop = [number, number, number, number, number, number, number, number | null, number | null, number | null, number];

export interface PyWindow {
  /** ms since the probe started, at the end of the window. */
  t: number;
  ms: number;
  /** Process CPU in the window. */
  cpu: number;
  th: PyWindowThread[];
  loops: PyWindowLoop[];
  /** [samples, samples with two or more threads in bytecode]. */
  gil?: [number, number];
  /** GC time in the window (absent in files of probes before it was recorded per window). */
  gcMs?: number;
  /** [bytes pickled for other processes, bytes placed in shared_memory] in the window (absent likewise). */
  xfer?: [number, number];
}

export interface PyThread {
  tid: number;
  name: string;
  firstMs: number;
  lastMs: number;
  cpuMs: number;
  runQueueMs: number;
  samples: number;
  activeSamples: number;
  bytecodeSamples: number;
}

export interface PyLoop {
  tid: number;
  startMs: number;
  endMs: number;
  running: boolean;
  beats: number;
  selectMs: number;
  ioWaitMs: number;
  timerWaitMs: number;
  inFlightMs: number;
  maxInFlight: number;
  /** [start ms since probe start, lag ms] for heartbeats at least 20 ms late (or the blocking threshold, if lower). */
  stalls: [number, number][];
  slowCallbacks: { file: string; line: number; function: string; defLine: number; count: number; totalMs: number; maxMs: number }[];
}

export interface PyStack {
  tid: number;
  file: string;
  line: number;
  function: string;
  functionLine: number;
  /** The library function the time went into ("module.function"), empty when the user's line ran itself. */
  via: string;
  n: number;
  /** Of `n`, samples inside a callback that had held the loop for the blocking threshold or longer. */
  blocked: number;
}

export interface PyProcessData {
  kind: 'python-probe';
  formatVersion: number;
  pid: number;
  ppid: number;
  runId: string;
  argv: string[];
  executable: string;
  pythonVersion: string;
  implementation: string;
  gilEnabled: boolean;
  freeThreadedBuild: boolean;
  cores: number;
  epochMs: number;
  wallMs: number;
  ended: boolean;
  reason: 'exit' | 'signal' | 'periodic';
  threadClock: 'schedstat' | 'thread_time';
  mainTid: number;
  samplerTid: number | null;
  cpuMs: number;
  childrenCpuMs: number;
  mainThreadTimeMs: number | null;
  peakRss: number;
  gc: { ms: number; count: number };
  config: { sampleMs: number; windowMs: number; blockMs: number; heartbeatMs: number };
  threads: PyThread[];
  windows: PyWindow[];
  loops: PyLoop[];
  transfers: {
    pickleCount: number;
    pickleBytes: number;
    pickleMs: number;
    largestPickle: number;
    loadsCount: number;
    loadsBytes: number;
    loadsMs: number;
    sendMs: number;
    sharedCount: number;
    sharedBytes: number;
    /** The user's lines that handed work to a process pool, by API (`ProcessPoolExecutor.submit`, `Pool.map`). */
    sites?: { file: string; line: number; function: string; functionLine: number; api: string; calls: number }[];
  };
  gil: { samples: number; running: number; contended: number; threadsInBytecode: number };
  samples: { count: number; stacks: PyStack[] };
  error: string | null;
}

export interface PyProbeData {
  processes: PyProcessData[];
  skipped: { file: string; reason: string }[];
}

export function readPythonProbeDir(dir: string): PyProbeData {
  const out: PyProbeData = { processes: [], skipped: [] };
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => PYTHON_PROBE_FILE_PATTERN.test(f)).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as PyProcessData;
      if (data.kind !== 'python-probe') throw new Error('not a Python probe file');
      out.processes.push(data);
    } catch (e) {
      out.skipped.push({ file, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  out.processes.sort((a, b) => a.epochMs - b.epochMs);
  return out;
}
