// Turns a walk of the decision tree into the recommendation: the model, a summary that names the lines
// to change (from the runtime hotspots, confirmed by static findings where they agree) and the idiom.
// What each leaf says and which lines it points at is a table, like the tree itself.
import { BLOCKING_APIS } from '../analysis/blocking-apis';
import type { AdviceLanguage } from './advice-language';
import type { LeafNode } from './decision-tree';
import { IDIOMS, type Idiom } from './idioms';
import type { Measurements, Model, WorkloadType } from './measurements';
import type { Thresholds } from './thresholds';
import { cores, duration, percent } from './units';
import { walkMeasured, type PathStep } from './walk-tree';

/** A runtime hotspot as the advisor needs it (the profiler's own type carries more). */
export interface HotLine {
  file: string;
  line: number;
  function: string;
  /** Time attributed to this line's function, including the Node internals it called. */
  ms: number;
  /** Of `ms`, the time inside stretches where the event loop was blocked. */
  blockedMs: number;
  /** Node or library functions the time went into, biggest first (e.g. `execSync`, `postMessage`). */
  via: string[];
  thread: 'main' | 'worker' | 'both';
  /** The static finding at this place, when the analyser flagged it too. */
  rule?: string;
  /**
   * Most of `ms` went into loading modules (`require`): start-up cost, paid once per process. Not a line to
   * change for the run's concurrency model, whatever its size.
   */
  loading?: boolean;
}

/** A static finding in the workload's folder, for the verdicts whose fix a profile cannot place (serial awaits). */
export interface StaticHint {
  file: string;
  line: number;
  rule: string;
  category: string;
  message: string;
}

export interface LineToChange {
  file: string;
  line: number;
  function?: string;
  why: string;
  /** `runtime`: from the profile; `static`: from the analyser; `both`: the two agree. */
  source: 'runtime' | 'static' | 'both';
}

export interface Verdict {
  workload: { type: WorkloadType; confidence: number };
  recommendation: {
    model: Model;
    title: string;
    alreadyRight: boolean;
    summary: string;
    path: PathStep[];
    leaf: string;
    lines: LineToChange[];
    idiom: Idiom;
  };
}

type HotFilter = (h: HotLine) => boolean;

export interface LeafAdvice {
  /** Which runtime hotspots point at the code to change, biggest first. */
  hot?: HotFilter;
  /** Share of the run a hotspot needs to be named (default MIN_SHARE_OF_WALL). */
  minShareOfWall?: number;
  /** Static-finding categories that point at the code to change. */
  categories: string[];
  summary(m: Measurements, lines: string): string;
}

const SYNC_APIS = new Set(BLOCKING_APIS.map((a) => a.name));
const onMain: HotFilter = (h) => h.thread !== 'worker';
const blocking: HotFilter = (h) => onMain(h) && h.via.some((v) => SYNC_APIS.has(v));
const posting: HotFilter = (h) => h.via.includes('postMessage');
const insteadOf = (via: string[]): string | undefined => {
  const api = BLOCKING_APIS.find((a) => via.includes(a.name));
  return api ? `${api.name} → ${api.instead}` : undefined;
};
const where = (lines: string): string => (lines ? ` Start with ${lines}.` : '');

const ADVICE: Record<string, LeafAdvice> = {
  idle: { categories: [], summary: () => 'The program mostly waits on timers or nothing at all: there is no concurrency problem to fix.' },
  light: {
    hot: onMain,
    categories: [],
    summary: (m) => `The event loop was busy ${percent(m.main.busy)} of the time and rarely waited on I/O: it has headroom, so the current model is fine.`,
  },
  'large-data-copied': {
    hot: posting,
    // The sender's serialisation is credited to the function that posted (via postMessage), but the
    // deserialisation runs in the receiving worker before any of its JavaScript and is credited to no line.
    // Any line that posts is the line to change, however little profile time it shows.
    minShareOfWall: 0,
    categories: ['serialization'],
    summary: (m, lines) =>
      `postMessage copies the data by structured clone on every call: put it in a SharedArrayBuffer once (workers get indices) or pass a transfer list (postMessage(buf, [buf.buffer])) so nothing is copied.${where(lines)}`,
  },
  'sync-io': {
    // By all the time spent in the blocking call: each call may stay under the stretch threshold.
    hot: blocking,
    categories: ['sync-io'],
    summary: (m, lines) =>
      `The event loop is busy ${percent(m.main.busy)} of the time, but only ${percent(Math.min(1, m.main.cpuWhileBusy ?? 0))} of that is CPU: it waits inside synchronous calls, and a worker would only move the wait. Use the async forms so the loop keeps serving while the OS waits.${where(lines)}`,
  },
  'mixed-on-main': {
    hot: onMain,
    categories: ['cpu'],
    summary: (m, lines) =>
      `It waits ${percent(m.io.waitShare)} of the time and computes on the main thread ${percent(m.main.busy)} of it: keep the I/O async with a concurrency limit and move the CPU stages into a pool of worker_threads, so waits and computation overlap.${where(lines)}`,
  },
  'cpu-on-main': {
    hot: onMain,
    categories: ['cpu'],
    summary: (m, lines) =>
      `The main thread computes ${percent(m.main.busy)} of the time, so everything else queues behind it. Move the CPU work into a pool of worker_threads (os.availableParallelism() - 1 workers, here ${Math.max(1, m.cores - 1)}), with small messages and tasks of at least a few milliseconds.${where(lines)}`,
  },
  'hybrid-in-place': {
    categories: [],
    summary: (m) => `Already hybrid: the main thread waits on I/O while ${m.offload.workers + m.offload.childProcesses} workers carry ${cores(m.offload.busyCores)} of CPU work. Keep it.`,
  },
  'shared-in-place': { categories: [], summary: () => 'Large data already moves by transfer or shared memory, without copies. Keep it.' },
  'pool-in-place': {
    categories: [],
    summary: (m) =>
      `Already a worker pool: ${m.offload.workers + m.offload.childProcesses} workers busy ${cores(m.offload.busyCores)} on ${m.cores} cores while the main loop stays free (${percent(m.main.busy)} busy). Keep it; more workers than cores will not help.`,
  },
  'io-serial': {
    categories: ['sequential-await'],
    summary: (m, lines) =>
      `The loop waits ${percent(m.io.waitShare)} of the time with about one call outstanding: the calls are awaited one after another. Start them together with a concurrency limit (8-64 in flight) and await the results.${where(lines)}`,
  },
  'io-unbounded': {
    categories: ['unbounded-concurrency'],
    summary: (m, lines) =>
      `Up to ${m.io.maxInFlight} I/O operations were outstanding at once: an unbounded fan-out. Cap it with a concurrency limit so sockets, memory and the remote rate limit hold.${where(lines)}`,
  },
  'io-concurrent': {
    categories: [],
    summary: (m) =>
      `Already async with bounded concurrency: the loop waits ${percent(m.io.waitShare)} of the time with ${m.io.meanInFlight.toFixed(m.io.meanInFlight < 10 ? 1 : 0)} operations outstanding on average (at most ${m.io.maxInFlight}). Keep it.`,
  },
};

const MAX_LINES = 3;
/** A line worth changing carries a real share of the cost: of the run, or of the biggest hotspot. */
const MIN_SHARE_OF_WALL = 0.03;
const MIN_SHARE_OF_TOP = 0.1;

function linesFor(
  m: Measurements,
  blockMs: number,
  leaf: LeafNode,
  advice: LeafAdvice,
  hotspots: readonly HotLine[],
  hints: readonly StaticHint[],
): LineToChange[] {
  if (leaf.alreadyRight) return [];
  const out: LineToChange[] = [];
  if (advice.hot) {
    const ranked = hotspots.filter((h) => !h.loading && advice.hot!(h)).sort((a, b) => b.ms - a.ms);
    const floor = Math.max((advice.minShareOfWall ?? MIN_SHARE_OF_WALL) * m.wallMs, MIN_SHARE_OF_TOP * (ranked[0]?.ms ?? 0));
    // One line once: a function's hotspots on two threads, or two hotspots a static finding gave the same line.
    const picked = ranked.filter((h, i) => h.ms >= floor && ranked.findIndex((o) => o.file === h.file && o.line === h.line) === i).slice(0, MAX_LINES);
    for (const h of picked) {
      const via = h.via.length ? ` in ${h.via[0]}` : '';
      const alt = leaf.id === 'sync-io' ? insteadOf(h.via) : undefined;
      // Blocked time counts stalls of at least the threshold only; calls just under it block as surely.
      const time =
        h.blockedMs > 0 ? `${duration(h.ms)}${via}, ${duration(h.blockedMs)} of it in stalls of ${duration(blockMs)} or more` : `${duration(h.ms)}${via}`;
      out.push({ file: h.file, line: h.line, function: h.function, why: alt ? `${time}; ${alt}` : time, source: h.rule ? 'both' : 'runtime' });
    }
  }
  for (const f of hints) {
    if (out.length >= MAX_LINES) break;
    if (!advice.categories.includes(f.category)) continue;
    if (out.some((l) => l.file === f.file && l.line === f.line)) continue;
    out.push({ file: f.file, line: f.line, why: `${f.rule}: ${f.message}`, source: 'static' });
  }
  return out;
}

const describeLine = (l: LineToChange): string => `${l.function ? `${l.function} ` : ''}(${l.file}:${l.line}, ${l.why})`;

/** `language`: another runtime's tree, evidence wording, advice and idioms (Python's); Node's when absent. */
export function recommend(
  m: Measurements,
  th: Thresholds,
  hotspots: readonly HotLine[] = [],
  hints: readonly StaticHint[] = [],
  language?: AdviceLanguage,
): Verdict {
  const walk = walkMeasured(m, th, language?.tree, language?.deciders);
  const leaf = walk.leaf;
  const advice = (language?.advice ?? ADVICE)[leaf.id];
  if (!advice) throw new Error(`no advice for decision-tree leaf ${leaf.id}`);
  const lines = linesFor(m, th.blockMs.value, leaf, advice, hotspots, hints);
  return {
    workload: { type: leaf.type, confidence: walk.confidence },
    recommendation: {
      model: leaf.model,
      title: leaf.title,
      alreadyRight: leaf.alreadyRight,
      summary: advice.summary(m, lines.map(describeLine).join('; ')),
      path: walk.path,
      leaf: leaf.id,
      lines,
      idiom: (language?.idioms ?? IDIOMS)[leaf.id] ?? IDIOMS.idle,
    },
  };
}

/** Every leaf has advice and an idiom: checked by tests so the tree and the tables cannot drift apart. */
export const ADVICE_LEAVES: readonly string[] = Object.keys(ADVICE);
