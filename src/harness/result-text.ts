// The text form of a benchmark result: one small table per suite, medians with their spread.
import type { BenchResult, Stats } from './result-types';

const MiB = 1024 * 1024;

export function formatBenchText(r: BenchResult): string {
  const m = r.machine;
  const lines: string[] = [
    `Concurrency Lens benchmarks${r.quick ? ' (quick)' : ''}: ${m.cores} cores, ${m.cpuModel}, Node ${m.node}, ${gib(m.totalMemBytes)} GiB RAM, load ${m.loadAverage.join(' ')} before, ${r.loadAverageAfter.join(' ')} after`,
    `medians of repeated runs after warm-up, ± half the interquartile range; ${(r.durationMs / 1000).toFixed(1)} s in all`,
  ];
  if (r.io) {
    const io = r.io;
    lines.push('', `I/O fan-out: calls to a local server answering after ${io.latencyMs} ms; limit ${io.concurrencyLimit}, pool of ${io.poolSize} threads (started in ${ms(io.poolStartMs.median)})`);
    lines.push(row(['mode', 'calls', 'wall', 'memory per call in flight']));
    for (const p of io.points) {
      lines.push(p.skipped ? row([p.mode, String(p.calls), `skipped: ${p.skipped}`]) : row([p.mode, String(p.calls), stat(p.wallMs!), `${kib(p.memoryPerInFlightBytes!.median)} KiB (${p.memoryBasis}, ${p.inFlight} in flight)`]));
    }
  }
  if (r.cpu) {
    const cpu = r.cpu;
    lines.push('', `CPU scaling: start-up per worker ${ms(cpu.workerStartupMs['worker-threads'].median)} (thread), ${ms(cpu.workerStartupMs['child-process'].median)} (process); usable parallelism ${cpu.usableParallelism}x`);
    for (const w of cpu.workloads) {
      lines.push(`${w.workload}: ${w.items} items in ${w.chunks} chunks, main thread ${stat(w.sequentialMs)}; more workers stop helping after ${w.saturatesAt['worker-threads']} threads, ${w.saturatesAt['child-process']} processes`);
      lines.push(row(['pool', 'workers', 'wall', 'speedup', 'start', 'memory/worker']));
      for (const p of w.pools) lines.push(row([p.pool, String(p.workers), stat(p.wallMs), `${p.speedup.toFixed(2)}x`, ms(p.startMs), `${(p.memoryPerWorkerBytes / MiB).toFixed(1)} MiB`]));
    }
  }
  if (r.serialization) {
    const s = r.serialization;
    lines.push('', `Serialisation: round trip to a worker and back; clone rate ${Math.round((s.cloneBytesPerMs * 1000) / MiB)} MiB/s, overhead ${ms(s.cloneOverheadMs)}`);
    lines.push(row(['mode', 'size', 'round trip', 'setup']));
    for (const p of s.points) {
      lines.push(p.skipped ? row([p.mode, `${p.sizeBytes / MiB} MiB`, `skipped: ${p.skipped}`]) : row([p.mode, `${p.sizeBytes / MiB} MiB`, stat(p.roundTripMs!), p.setupMs ? stat(p.setupMs) : '']));
    }
    lines.push(`crossover (copying costs more than the computation above): ${s.crossovers.map((c) => `${c.computeMs} ms → ${(c.sizeBytes / MiB).toFixed(1)} MiB`).join(', ')}`);
  }
  if (r.hybrid) {
    const h = r.hybrid;
    lines.push('', `Hybrid RAG pipeline: ${h.queries} queries, retrieve ${h.retrieveMs} ms, preprocess ${h.preprocessItems} items, generate ${h.generateMs} ms; pool of ${h.poolSize}`);
    lines.push(row(['mode', 'wall', 'queries/s'], HYBRID_COLUMNS));
    for (const p of h.points) lines.push(row([p.mode, stat(p.wallMs), String(p.queriesPerSecond)], HYBRID_COLUMNS));
  }
  if (r.function) {
    const f = r.function;
    lines.push('', `Your function ${f.exportName} (${f.module}) on ${f.inputs} inputs (${(f.inputBytes / MiB).toFixed(1)} MiB per pass${f.binary ? ', typed arrays' : ''}): one thread ${stat(f.mainThreadMs)}`);
    lines.push(row(['mode', 'workers', 'wall', 'speedup', 'start']));
    for (const p of f.points) lines.push(row([p.mode, String(p.workers), stat(p.wallMs), `${p.speedup.toFixed(2)}x`, ms(p.startMs)]));
    if (f.sharedSetupMs !== undefined) lines.push(`copying the inputs into shared memory, once: ${ms(f.sharedSetupMs)}`);
    lines.push(`best: ${f.best.mode} × ${f.best.workers}, ${f.best.speedup.toFixed(2)}x${f.best.speedup < 1.1 ? ' — no model beats one thread for this function here' : ''}`);
    for (const n of f.notes ?? []) lines.push(n);
  }
  return `${lines.join('\n')}\n`;
}

const COLUMNS = [22, 8, 22, 10, 10];
const HYBRID_COLUMNS = [22, 22];

function row(cells: string[], widths = COLUMNS): string {
  return `  ${cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] ?? 12) : c)).join(' ')}`;
}

function stat(s: Stats): string {
  return `${ms(s.median)} ±${ms(s.iqr / 2)}`;
}

function ms(v: number): string {
  return v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function gib(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(1);
}
