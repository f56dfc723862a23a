// The in-process probe. The runner loads it into every Node process and worker thread of a workload
// with `--require` in NODE_OPTIONS, so npm scripts, TypeScript loaders, forks and workers are all
// covered without the workload's cooperation.
//
// Ground rules, because it runs inside someone else's program:
// - never write to the workload's stdout/stderr, never throw into it, never keep it alive;
// - do not change how it exits: a signal it does not handle still ends it by that signal.
//
// The probe is loaded by file path. From tsc output that is out/src/profiler/probe.js; for the packaged
// CLI and extension scripts/build.mjs must also bundle this file to dist/probe.js (the runner's default
// path is `probe.js` beside its own file, which is dist/ once bundled).
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, threadId } from 'node:worker_threads';
import { CpuProfileRecorder } from './probe-cpu-profile';
import { readProbeConfig } from './probe-env';
import { cpuProfileFileName, PROBE_SCHEMA, probeFileName, type ProbeEndRecord, type ProbeStartRecord } from './probe-records';
import { IoOperations } from './probe-io-channels';
import { IntervalSampler } from './probe-sampler';
import { saveProfiledSourceMaps } from './probe-source-maps';
import { currentTid, processTids } from './probe-thread-clock';
import { FLUSH_SYMBOL, WorkerFlusher, writeFlushMarker } from './probe-workers';
import { ProbeWriter } from './probe-writer';
import { hookPostMessage } from './message-bytes';
import { processInfo } from './process-tree';

const GUARD = Symbol.for('concurrency-lens.probe');
const MAX_ANCESTORS = 8;
const MAX_ERROR_RECORDS = 20;
/** Signals a runner uses to stop a workload; both end Node by default, and a stop must still leave data. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
/**
 * How long a parent waits for a worker to write its data and profile before terminate() goes ahead. A
 * flush takes a few ms (the profile's JSON); the margin is for a loaded machine. It is spent in full only
 * when a worker cannot be interrupted, i.e. sits in one long native call.
 */
const WORKER_FLUSH_WAIT_MS = 2000;

/** Only where /proc makes it cheap: elsewhere it would mean running `ps` inside every workload process. */
function ancestors(): number[] {
  const out = [process.ppid];
  if (process.platform !== 'linux') return out;
  while (out.length < MAX_ANCESTORS) {
    const ppid = processInfo(out[out.length - 1])?.ppid;
    if (!ppid || ppid <= 1) break;
    out.push(ppid);
  }
  return out;
}

function install(): void {
  // One probe per thread even when NODE_OPTIONS names it twice or under two paths.
  const g = globalThis as Record<symbol, unknown>;
  if (g[GUARD]) return;
  g[GUARD] = true;

  const config = readProbeConfig(process.env);
  if (!config) return;

  // Installed before the probe file exists, so that a parent that sees the file can rely on it (see
  // probe-workers.ts): until the probe is running it only answers with the marker.
  let flushForTerminate: (() => void) | undefined;
  g[FLUSH_SYMBOL] = (): void => {
    try {
      flushForTerminate?.();
    } finally {
      writeFlushMarker(config.dir, process.pid, threadId);
    }
  };

  const startTime = performance.timeOrigin + performance.now();
  const monotonicStartUs = Number(process.hrtime.bigint() / 1000n);
  const t = (): number => Math.round((performance.timeOrigin + performance.now() - startTime) * 1000) / 1000;
  const writer = new ProbeWriter(path.join(config.dir, probeFileName(process.pid, threadId)));
  const start: ProbeStartRecord = {
    type: 'start',
    schema: PROBE_SCHEMA,
    pid: process.pid,
    ppid: process.ppid,
    ancestors: isMainThread ? ancestors() : [process.ppid],
    threadId,
    isMainThread,
    argv: process.argv,
    execArgv: process.execArgv,
    nodeVersion: process.version,
    cwd: process.cwd(),
    startTime,
    timeOrigin: performance.timeOrigin,
    monotonicStartUs,
    intervalMs: config.intervalMs,
    delayResolutionMs: config.delayResolutionMs,
    cpuProfile: config.cpuProfile,
    cpuScope: 'process',
  };
  const tid = currentTid();
  if (tid !== undefined) start.tid = tid;
  // Threads before the profiler's: on the main thread, V8's and Node's own (no workload code has run yet).
  const tidsBefore = processTids();
  if (isMainThread && tid !== undefined) start.runtimeTids = tidsBefore.filter((t) => t !== tid);

  let errorRecords = 0;
  const report = (where: string, e: unknown): void => {
    if (errorRecords++ >= MAX_ERROR_RECORDS) return;
    try {
      writer.write({ type: 'probe-error', t: t(), where, message: e instanceof Error ? e.message : String(e) });
    } catch {
      /* nothing left to tell */
    }
  };

  // Main threads only: measure.ts reads the loop's waiting from the workload's main thread.
  let operations: IoOperations | undefined;
  if (isMainThread) {
    try {
      operations = new IoOperations(report);
      operations.install();
    } catch (e) {
      report('io channels', e);
    }
  }
  const sampler = new IntervalSampler({
    intervalMs: config.intervalMs,
    delayResolutionMs: config.delayResolutionMs,
    isMainThread,
    startTime,
    readTasks: isMainThread,
    operations,
  });
  try {
    hookPostMessage(() => sampler.bytes, report);
  } catch (e) {
    report('hookPostMessage', e);
  }

  let profiler: CpuProfileRecorder | undefined;
  if (config.cpuProfile) {
    try {
      profiler = new CpuProfileRecorder(path.join(config.dir, cpuProfileFileName(process.pid, threadId)), config.cpuSamplingUs);
    } catch (e) {
      report('cpu-profile start', e);
    }
    if (tid !== undefined) {
      const before = new Set(tidsBefore);
      const added = processTids().filter((t) => !before.has(t));
      if (added.length > 0) start.probeTids = added;
    }
  }
  writer.write(start);
  // Written at once: a worker ended by terminate() never gets to run 'exit' handlers.
  writer.flush();

  // Main thread only: Node 20 has no NodeWorker domain in a worker's own inspector, so workers of workers
  // still lose their last data to terminate().
  let workers: WorkerFlusher | undefined;
  if (isMainThread) {
    try {
      workers = new WorkerFlusher(config.dir, (id) => probeFileName(process.pid, id), WORKER_FLUSH_WAIT_MS);
    } catch (e) {
      report('worker flusher', e);
    }
  }
  const stopProfile = (): void => {
    try {
      if (profiler?.stop()) saveProfiledSourceMaps(config.dir, path.join(config.dir, cpuProfileFileName(process.pid, threadId)), process.pid);
    } catch (e) {
      report('cpu-profile stop', e);
    }
    profiler = undefined;
  };

  const tick = (final = false): void => {
    try {
      writer.write(sampler.sample(final));
    } catch (e) {
      report('sample', e);
    }
  };
  const flushWorkers = (): void => {
    try {
      workers?.flushAll();
    } catch (e) {
      report('worker flush', e);
    }
  };
  const timer = setInterval(tick, config.intervalMs);
  timer.unref();

  let finished = false;
  const finish = (exitCode: number | null, signal?: string, terminated = false): void => {
    if (finished) return;
    finished = true;
    // This thread's own workers first: Node stops them right after this thread, without their 'exit' handlers.
    flushWorkers();
    workers?.close();
    clearInterval(timer);
    tick(true);
    stopProfile();
    try {
      const end: ProbeEndRecord = { type: 'end', t: t(), exitCode };
      if (signal) end.signal = signal;
      if (terminated) end.terminated = true;
      writer.write(end);
      writer.flush();
    } finally {
      writer.close();
      sampler.stop();
    }
  };
  // Called by the parent thread's probe, through the inspector, just before it terminates this worker.
  if (!isMainThread) flushForTerminate = () => finish(null, undefined, true);

  process.on('exit', (code) => {
    try {
      finish(typeof code === 'number' ? code : null);
    } catch {
      /* exiting anyway */
    }
  });

  // Signals reach only the main thread. The data and the profile are written first; then, if the
  // workload has no handler of its own, the signal is raised again with Node's default disposition
  // restored, so the process still dies by that signal exactly as it would without the probe. A
  // workload with its own handler decides for itself; its eventual 'exit' writes the end record.
  if (isMainThread) {
    for (const signal of STOP_SIGNALS) {
      const onSignal = (): void => {
        try {
          flushWorkers();
          tick(true);
          stopProfile();
          writer.write({ type: 'signal', t: t(), signal });
          writer.flush();
        } catch (e) {
          report('signal', e);
        }
        if (process.listenerCount(signal) > 1) return;
        try {
          finish(null, signal);
        } catch {
          /* dying anyway */
        }
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      };
      process.on(signal, onSignal);
    }
  }
}

try {
  install();
} catch {
  // The workload runs as if the probe were not there.
}
