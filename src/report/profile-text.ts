// The `profile` report for people: the verdict first, then the evidence and the decision path that led
// to it, the hotspots with file:line, the blocked stretches, what to change and how, and caveats last.
import { bytes, cores, duration, percent } from '../advisor/units';
import { painter, type Paint } from './ansi';
import type { HotspotProcess, ProfileReport } from './profile-report';
import type { Measurements } from '../advisor/measurements';
import { closestCallText, scopeWords, staticFindings, verdictView } from './views/profile-view';

export interface ProfileTextOptions {
  color: boolean;
  /** Hotspot rows to print. */
  hotspots?: number;
  /** Show the workload's output tails (the CLI does when the output was not shown live). */
  outputTails?: boolean;
}

const MODEL_NAMES: Record<ProfileReport['recommendation']['model'], string> = {
  async: 'async I/O',
  'worker-pool': 'a worker pool',
  'shared-memory': 'shared memory',
  hybrid: 'hybrid: async I/O plus a worker pool',
};

export function formatProfileText(report: ProfileReport, options: ProfileTextOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  const rec = report.recommendation;

  out.push(paint('bold', `Concurrency Lens profile: ${report.command.join(' ')}`));
  const python = report.language === 'python';
  // A Python report's runtime is already named ("Python 3.11.7").
  out.push(paint('dim', `${duration(report.metrics.wallMs)} on ${report.machine.cores} cores, ${python ? '' : 'Node '}${report.machine.node}, ${runOutcome(report)}`));
  out.push('');
  const closest = closestCallText(verdictView(report));
  out.push(`${paint('bold', 'Workload:')}        ${paint('cyan', report.workload.type)}${closest ? paint('dim', ` (${closest})`) : ''}`);
  const keep = rec.alreadyRight ? paint('green', ' — already in place, keep it') : '';
  out.push(`${paint('bold', 'Recommendation:')}  ${paint('cyan', rec.model)} (${MODEL_NAMES[rec.model]})${keep}`);
  out.push(`                 ${rec.title}`);
  out.push('');
  out.push(...wrap(rec.summary, 100, '  '));

  out.push('', paint('bold', 'Evidence'));
  out.push(...(python ? pythonEvidence(report) : nodeEvidence(report)));

  out.push('', paint('bold', 'Decision path'));

  rec.path.forEach((step, i) => {
    out.push(`  ${i + 1}. ${step.question} ${paint(step.answer === 'yes' ? 'green' : 'yellow', step.answer)}`);
    out.push(...wrap(step.evidence, 100, '       ').map((l) => paint('dim', l)));
  });
  out.push(`  → ${rec.title}`);

  hotspotTable(out, report, paint, options.hotspots ?? 8);
  stretchList(out, report, paint);

  if (rec.lines.length > 0) {
    out.push('', paint('bold', 'Lines to change'));
    for (const l of rec.lines) out.push(`  ${paint('underline', `${l.file}:${l.line}`)}${l.function ? ` ${l.function}` : ''} — ${l.why}${l.source === 'both' ? paint('green', ' [static finding confirmed]') : l.source === 'static' ? paint('dim', ' [static finding]') : ''}`);
  }
  out.push('', paint('bold', `How: ${rec.idiom.title}`));
  out.push(...rec.idiom.code.split('\n').map((l) => paint('dim', `  ${l}`)));

  // As the panel counts them: the findings in the files the workload loads (else its folder), then how many the rest has.
  const { staticFindings: inFolder, staticScope } = staticFindings(report);
  if (inFolder.length > 0 || staticScope.elsewhere > 0) {
    const confirmed = inFolder.filter((f) => f.runtimeMs !== undefined);
    const elsewhere = staticScope.elsewhere > 0 ? `; ${staticScope.elsewhere} more elsewhere in the workspace` : '';
    out.push('', paint('bold', 'Static findings'));
    out.push(`  ${inFolder.length} in ${scopeWords(staticScope)}, ${confirmed.length} confirmed by the profile${elsewhere}${confirmed.length ? ':' : ''}`);
    for (const f of confirmed.slice(0, 5)) out.push(`  ${f.file}:${f.line} ${f.rule} — ${duration(f.runtimeMs ?? 0)} measured`);
  }
  if (report.flamegraph) {
    out.push('', paint('bold', 'Flamegraph'));
    out.push(`  ${report.flamegraph.htmlFile ?? `not written: ${report.flamegraph.error ?? 'unknown error'}`}`);
  }
  if (options.outputTails) tails(out, report, paint);
  if (report.notes.length > 0) {
    out.push('', paint('bold', 'Notes'));
    for (const n of report.notes) out.push(...wrap(n, 100, '  ').map((l) => paint('yellow', l)));
  }
  return `${out.join('\n')}\n`;
}

const MAX_THREADS_LISTED = 8;

/** Each worker's and child process's utilisation, e.g. ` (worker 1: 92%, worker 2: 88%)`. */
function threadLoads(report: ProfileReport): string {
  const others = report.threads.filter((t) => t.role !== 'main');
  if (others.length === 0) return '';
  const worker = report.language === 'python' ? 'thread' : 'worker';
  const shown = others.slice(0, MAX_THREADS_LISTED).map((t) => `${t.role === 'worker' ? `${worker} ${t.threadId}` : `pid ${t.pid}`}: ${percent(t.busy)}`);
  return ` (${shown.join(', ')}${others.length > shown.length ? `, +${others.length - shown.length} more` : ''})`;
}

function runOutcome(report: ProfileReport): string {
  const r = report.run;
  switch (r.stoppedBy) {
    case 'duration':
      return 'stopped after the profiling window';
    case 'interrupt':
      return 'interrupted';
    case 'timeout':
      return 'stopped by the timeout';
    case 'exit':
      return r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
  }
}

const PROCESS_HEADINGS: Record<HotspotProcess, string> = {
  workload: 'in the workload process',
  child: 'in child processes it started',
  other: 'in other processes of the command (a launcher, a load client): not the workload, % of their own time',
};

const waitingLine = (m: Measurements): string => {
  const timers = m.io.timerWaitShare ? ` (${percent(m.io.timerWaitShare)} on awaited timers only)` : '';
  return `  waiting (idle with work pending) ${percent(m.io.waitShare)} of the time${timers} · ${m.io.meanInFlight.toFixed(1)} I/O operations outstanding on average, ${m.io.maxInFlight} at most`;
};

function nodeEvidence(report: ProfileReport): string[] {
  const m = report.metrics.details;
  const out = [
    `  wall ${duration(m.wallMs)} · CPU ${duration(m.cpu.ms)} (${cores(m.cpu.perWall)}) · main loop busy ${percent(m.main.busy)}${m.main.cpuWhileBusy !== null ? `, ${percent(Math.min(1, m.main.cpuWhileBusy))} of it CPU` : ''}`,
    `  loop delay p50 ${duration(m.main.delayMs.p50)} · p99 ${duration(m.main.delayMs.p99)} · max ${duration(m.main.delayMs.max)} · ${m.main.blocked.count} ${m.main.blocked.count === 1 ? 'stretch' : 'stretches'} blocked ≥ ${duration(report.thresholds.blockMs.value)} (${duration(m.main.blocked.totalMs)})`,
    waitingLine(m),
    `  workers ${m.offload.workers} · child processes ${m.offload.childProcesses} · busy ${cores(m.offload.busyCores)} off the main thread${threadLoads(report)}`,
  ];
  const threads = threadCpuLine(m.threadCpu);
  if (threads) out.push(threads);
  out.push(`  postMessage: ${m.messages.count} messages, ${bytes(m.messages.clonedBytes)} cloned, ${bytes(m.messages.transferredBytes)} transferred, ${bytes(m.messages.sharedBytes)} shared${m.messages.serializeMs !== undefined ? `, ${duration(m.messages.serializeMs)} serialising in the senders` : ''}`);
  out.push(`  GC ${duration(m.gc.ms)} in ${m.gc.count} pauses · heap peak ${bytes(m.memory.peakHeapUsed)} · RSS peak ${bytes(m.memory.peakRss)}`);
  return out;
}

/** The same measurements in Python's terms: threads and processes, the asyncio loop, the GIL, pickling. */
function pythonEvidence(report: ProfileReport): string[] {
  const m = report.metrics.details;
  const gil = m.gil?.contendedShare;
  const out = [
    `  wall ${duration(m.wallMs)} · CPU ${duration(m.cpu.ms)} (${cores(m.cpu.perWall)}) · main thread busy ${percent(m.main.busy)}${gil !== null && gil !== undefined ? ` · two or more threads wanted the GIL in ${percent(gil)} of the samples` : ''}`,
    m.main.delayMs.max > 0 || m.main.blocked.count > 0
      ? `  asyncio loop lag p50 ${duration(m.main.delayMs.p50)} · p99 ${duration(m.main.delayMs.p99)} · max ${duration(m.main.delayMs.max)} · ${m.main.blocked.count} ${m.main.blocked.count === 1 ? 'stall' : 'stalls'} ≥ ${duration(report.thresholds.blockMs.value)} (${duration(m.main.blocked.totalMs)})`
      : '  no asyncio loop ran on the main thread',
    waitingLine(m),
    `  threads ${m.offload.workers} · processes ${m.offload.childProcesses} · busy ${cores(m.offload.busyCores)} off the main thread${threadLoads(report)}`,
  ];
  const threads = threadCpuLine(m.threadCpu, true);
  if (threads) out.push(threads);
  out.push(`  pickled for other processes: ${m.messages.count} ${m.messages.count === 1 ? 'object' : 'objects'}, ${bytes(m.messages.clonedBytes)}${m.messages.serializeMs !== undefined ? ` (${duration(m.messages.serializeMs)} pickling, sending and loading)` : ''} · ${bytes(m.messages.sharedBytes)} placed in shared_memory`);
  out.push(`  GC ${duration(m.gc.ms)} in ${m.gc.count} ${m.gc.count === 1 ? 'collection' : 'collections'} · RSS peak ${bytes(m.memory.peakRss)}`);
  return out;
}

function hotspotTable(out: string[], report: ProfileReport, paint: Paint, limit: number): void {
  const rows = report.hotspots.slice(0, limit);
  out.push('', paint('bold', 'Hotspots'));
  if (rows.length === 0) {
    out.push(paint('dim', '  none: no user code took measurable CPU-profile time'));
    return;
  }
  const cells = rows.map((h) => ({
    time: duration(h.selfMs),
    share: percent(h.share),
    where: `${h.file}:${h.staticFinding?.line ?? h.line}`,
    fn: h.function,
    extra: [h.via.length ? `in ${h.via.map((v) => v.name).join(', ')}` : '', h.blockedMs > 0 ? `${duration(h.blockedMs)} blocking` : '', h.threads !== 'main' ? `on ${h.threads === 'both' ? 'main and workers' : 'workers'}` : '', h.staticFinding ? `[${h.staticFinding.rule}]` : '']
      .filter(Boolean)
      .join(' · '),
  }));
  const w = (k: 'time' | 'share' | 'where' | 'fn'): number => Math.max(...cells.map((c) => c[k].length));
  // Grouped by process when there is more than the workload's own: a load client's or a launcher's time is
  // not the workload's, and its share is of its own process.
  const grouped = new Set(rows.map((h) => h.process ?? 'workload')).size > 1;
  let group: string | undefined;
  for (const [i, c] of cells.entries()) {
    const g = rows[i].process ?? 'workload';
    if (grouped && g !== group) out.push(paint('dim', `  ${PROCESS_HEADINGS[g]}`));
    group = g;
    out.push(`  ${c.time.padStart(w('time'))}  ${c.share.padStart(w('share'))}  ${paint('underline', c.where)}${' '.repeat(w('where') - c.where.length)}  ${c.fn.padEnd(w('fn'))}  ${paint('dim', c.extra)}`.trimEnd());
  }
}

function stretchList(out: string[], report: ProfileReport, paint: Paint): void {
  const { summary, stretches } = report.blocked;
  if (summary.count === 0) return;
  out.push('', paint('bold', `Blocked stretches (≥ ${duration(report.thresholds.blockMs.value)})`));
  out.push(`  ${summary.count} ${summary.count === 1 ? 'stretch' : 'stretches'}, ${duration(summary.totalMs)} in all${summary.longest ? `, longest ${duration(summary.longest.durationMs)}` : ''}${summary.startupCount ? ` (${summary.startupCount} before the event loop started)` : ''}`);
  const worst = [...stretches].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
  for (const s of worst) {
    const top = s.frames[0];
    const at = top ? ` ${top.function} (${top.file}:${top.line}${top.via.length ? `, in ${top.via[0].name}` : ''})` : '';
    out.push(`  at ${duration(s.startMs)}: ${duration(s.durationMs)}, CPU ${percent(Math.min(1, s.cpuShare))}${s.kind === 'startup' ? ', module loading' : ''}${at}`);
  }
}

function tails(out: string[], report: ProfileReport, paint: Paint): void {
  for (const [name, text] of [
    ['stdout', report.run.stdoutTail],
    ['stderr', report.run.stderrTail],
  ] as const) {
    if (text.trim() === '') continue;
    out.push('', paint('bold', `Workload ${name} (last lines)`));
    out.push(...text.trimEnd().split('\n').slice(-10).map((l) => paint('dim', `  ${l}`)));
  }
}

/** Word wrap at `width`, every line indented. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

const THREAD_ROLE_NAMES: Record<keyof NonNullable<Measurements['threadCpu']>['byRole'], string> = {
  main: 'main',
  worker: 'workers',
  native: 'libuv pool and native',
  runtime: 'V8 and Node helpers (GC, compiler)',
  probe: 'the probe',
};

/** CPU by thread role (Linux, from /proc): which threads did the computing, beside the process total above. */
function threadCpuLine(t: Measurements['threadCpu'], python = false): string | undefined {
  if (!t) return undefined;
  const names: Record<string, string> = python ? { ...THREAD_ROLE_NAMES, worker: 'threads', native: 'native threads' } : THREAD_ROLE_NAMES;
  const parts = (Object.keys(THREAD_ROLE_NAMES) as Array<keyof typeof THREAD_ROLE_NAMES>)
    .filter((role) => role === 'main' || t.byRole[role].threads > 0)
    .map((role) => {
      const r = t.byRole[role];
      return `${names[role]}${role === 'main' ? '' : ` ×${r.threads}`} ${duration(r.cpuMs)}`;
    });
  return `  CPU by thread: ${parts.join(' · ')}`;
}
