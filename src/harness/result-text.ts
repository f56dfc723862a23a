// The text form of a benchmark result: one small table per suite, medians with their spread. A Python run
// names its interpreter and puts the seed article's figures beside its own.
import { ARTICLE } from './article-figures';
import type { BenchResult, CpuPoolKind, Stats } from './result-types';

const MiB = 1024 * 1024;

export function formatBenchText(r: BenchResult): string {
  const m = r.machine;
  const py = r.python;
  const runtime = py ? `Python ${py.version} (${py.implementation}${py.gil === false ? ', free-threaded' : py.gil ? ', GIL' : ''}) at ${py.executable}` : `Node ${m.node}`;
  const lines: string[] = [
    `Concurrency Lens benchmarks${py ? ' in Python' : ''}${r.quick ? ' (quick)' : ''}: ${m.cores} cores, ${m.cpuModel}, ${runtime}, ${gib(m.totalMemBytes)} GiB RAM, load ${m.loadAverage.join(' ')} before, ${r.loadAverageAfter.join(' ')} after`,
    `medians of repeated runs after warm-up, ± half the interquartile range; ${(r.durationMs / 1000).toFixed(1)} s in all`,
  ];
  if (r.io) {
    const io = r.io;
    lines.push('', `I/O fan-out: calls to a local server answering after ${io.latencyMs} ms; limit ${io.concurrencyLimit}, pool of ${io.poolSize} threads (started in ${ms(io.poolStartMs.median)})`);
    lines.push(row(['mode', 'calls', 'wall', 'memory per call in flight']));
    for (const p of io.points) {
      const memory = p.memoryPerInFlightBytes ? `${kib(p.memoryPerInFlightBytes.median)} KiB (${p.memoryBasis}, ${p.inFlight} in flight)` : '';
      lines.push(p.skipped ? row([p.mode, String(p.calls), `skipped: ${p.skipped}`]) : row([p.mode, String(p.calls), stat(p.wallMs!), memory]));
    }
  }
  if (r.cpu) {
    const cpu = r.cpu;
    const kinds = (Object.keys(cpu.workerStartupMs) as CpuPoolKind[]).filter((k) => cpu.workerStartupMs[k]);
    const startups = kinds.map((k) => `${ms(cpu.workerStartupMs[k]!.median)} (${k})`).join(', ');
    lines.push('', `CPU scaling: ${startups ? `start-up of one worker ${startups}; ` : ''}usable parallelism ${cpu.usableParallelism}x`);
    for (const w of cpu.workloads) {
      const saturation = (Object.keys(w.saturatesAt) as CpuPoolKind[]).map((k) => `${w.saturatesAt[k]} ${k}`).join(', ');
      lines.push(`${w.workload}: ${w.items} items in ${w.chunks} chunks, one thread ${stat(w.sequentialMs)}; more workers stop helping after ${saturation}`);
      const article = py && w.workload === 'tokenize';
      lines.push(row(['pool', 'workers', 'wall', 'speedup', 'start', 'memory/worker', ...(py ? ['cores used'] : []), ...(article ? ['article (4 cores)'] : [])], CPU_COLUMNS));
      for (const p of w.pools) {
        const theirs = article && (p.pool === 'threads' || p.pool === 'processes') ? ARTICLE.cpuSpeedup[p.pool].find((a) => a.workers === p.workers) : undefined;
        const extra = [...(py ? [p.coresUsed !== undefined ? p.coresUsed.toFixed(2) : ''] : []), ...(theirs ? [`${theirs.speedup.toFixed(2)}x`] : [])];
        lines.push(row([p.pool, String(p.workers), stat(p.wallMs), `${p.speedup.toFixed(2)}x`, ms(p.startMs), `${(p.memoryPerWorkerBytes / MiB).toFixed(1)} MiB`, ...extra], CPU_COLUMNS));
      }
    }
  }
  if (r.serialization) {
    const s = r.serialization;
    lines.push('', py ? `Serialisation: round trip to a pool process and back; pickle rate ${Math.round((s.cloneBytesPerMs * 1000) / MiB)} MiB/s, overhead ${ms(s.cloneOverheadMs)}` : `Serialisation: round trip to a worker and back; clone rate ${Math.round((s.cloneBytesPerMs * 1000) / MiB)} MiB/s, overhead ${ms(s.cloneOverheadMs)}`);
    lines.push(row(['mode', 'size', 'round trip', 'setup', ...(py ? ['article (dumps + loads; create + attach)'] : [])]));
    for (const p of s.points) {
      const theirs = py ? ARTICLE.serialization.find((a) => a.sizeBytes === p.sizeBytes) : undefined;
      const article = theirs ? [ms(p.mode === 'pickle' ? theirs.pickleMs : theirs.sharedSetupMs)] : [];
      lines.push(p.skipped ? row([p.mode, `${p.sizeBytes / MiB} MiB`, `skipped: ${p.skipped}`]) : row([p.mode, `${p.sizeBytes / MiB} MiB`, stat(p.roundTripMs!), p.setupMs ? stat(p.setupMs) : '', ...article]));
    }
    lines.push(`crossover (copying costs more than the computation above): ${s.crossovers.map((c) => `${c.computeMs} ms → ${(c.sizeBytes / MiB).toFixed(1)} MiB`).join(', ')}`);
  }
  if (r.hybrid) {
    const h = r.hybrid;
    lines.push('', `Hybrid RAG pipeline: ${h.queries} queries, retrieve ${h.retrieveMs} ms, preprocess ${h.preprocessItems} items, generate ${h.generateMs} ms; pool of ${h.poolSize}`);
    lines.push(row(['mode', 'wall', 'queries/s', ...(py ? ['article (4 cores)'] : [])], HYBRID_COLUMNS));
    for (const p of h.points) {
      const theirs = py ? ARTICLE.hybridQps[p.mode] : undefined;
      lines.push(row([p.mode, stat(p.wallMs), String(p.queriesPerSecond), ...(theirs !== undefined ? [String(theirs)] : [])], HYBRID_COLUMNS));
    }
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
const CPU_COLUMNS = [18, 8, 20, 9, 10, 14, 11];
const HYBRID_COLUMNS = [22, 22, 10];

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
