// Decides, for every sample of a V8 CPU profile, which line of the user's own code its time belongs to.
// Time spent below the user's code (Node internals such as execSync or pbkdf2Sync, native code, libraries
// in node_modules) is charged to the nearest user frame above it, naming the outermost such call as `via`:
// that is what turns "spawn (native) 840 ms" into "next() in sync-shell.js blocked 840 ms via execSync".
// The probe's own work is overhead, apart from everything else; but its postMessage hook stands in for the
// API the workload called, so its frame counts as that API (probe-wrappers.ts).
//
// V8 records no call sites (the inspector's profiler only separates line numbers of leaf frames), so time
// charged through `via` lands on the user function's definition line; only a user frame that was itself
// the leaf gets its hottest line, from the node's `positionTicks` (present in Node 20 profiles for every
// node with hits; `line` is 1-based, unlike `callFrame.lineNumber`).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from './profile-busy';
import { PROBE_WRAPPER_NAMES } from './probe-wrappers';
import { SourceMapCache } from './source-maps';
import { FunctionRanges } from './function-ranges';

export interface PositionTick {
  /** 1-based line in the frame's script. */
  line: number;
  ticks: number;
}

type CallFrame = CpuProfile['nodes'][number]['callFrame'];
/** A profile node as V8 writes it, with the line ticks that `CpuProfile` does not declare. */
export type ProfileNode = CpuProfile['nodes'][number] & { positionTicks?: PositionTick[] };

/**
 * What a frame is. `user`: a file (file: URL or absolute path) outside node_modules; `library`: a file in
 * node_modules; `node`: Node's own JavaScript (`node:` URLs); `native`: V8 builtins and C++ bindings (no
 * URL); `probe`: the profiler's own probe, whose time is overhead of the measurement; `probe-wrapper`: a
 * probe function that stands in for an API the workload called (the postMessage hook), whose time is that
 * API's; `other`: anything else with a URL (eval code, wasm). The rest are V8's pseudo-frames.
 */
export type FrameClass = 'user' | 'library' | 'node' | 'native' | 'probe' | 'probe-wrapper' | 'other' | 'root' | 'idle' | 'program' | 'gc';

/** A place in the user's code that profile time is charged to. */
export interface SourceSite {
  /** Absolute path (the original source when `mapped`). */
  absFile: string;
  /** 1-based: the function's hottest line when it was the leaf, else its definition line. */
  line: number;
  /** 1-based; on a hottest line, where that line's code starts when known, else 1. */
  column: number;
  /** V8's name; `(anonymous)` for unnamed functions, `(top level)` for a module's own code. */
  function: string;
  /** 1-based definition position of the function in `absFile`. */
  functionLine: number;
  functionColumn: number;
  /** `line` went through a source map. */
  mapped: boolean;
  /** The position in the JavaScript V8 ran (1-based), kept when `mapped`; a hottest line has no column. */
  generated?: { file: string; line: number; column?: number };
}

/** The outermost non-user function a user frame called, where the time was actually spent. */
export interface ViaCall {
  /** V8's function name, e.g. `execSync`, `pbkdf2Sync`, `readFileSync`, or a library function. */
  name: string;
  /** `node:child_process` for Node's modules, the package name for node_modules; absent for native code. */
  module?: string;
}

/**
 * Where the self time of one profile node goes. `idle`: the thread waited in the event loop; `gc`: V8's
 * garbage collector; `program`: V8/Node native work outside any JavaScript; `probe`: the profiler's own
 * probe; `unattributed`: JavaScript with no user frame on the stack (Node internals such as module loading
 * or timer bookkeeping, or a library called by nothing of the user's).
 */
export type Attribution =
  | { kind: 'user'; site: SourceSite; /** The user frame itself was running, not something it called. */ leaf: boolean; via?: ViaCall }
  | { kind: 'idle' | 'gc' | 'program' | 'probe' | 'unattributed' };

export interface AttributedSample {
  /** Monotonic µs when the sample was taken (the clock of `process.hrtime` and the probe's `monotonicStartUs`). */
  atUs: number;
  /**
   * The time it stands for: until the next sample (the last one: until the profile's end). Sampling is
   * irregular under load, so counts times the nominal interval would be wrong by 10 % and more.
   */
  ms: number;
  attribution: Attribution;
}

export interface AttributedProfile {
  /** In profile order (time order). */
  samples: AttributedSample[];
  /** Monotonic µs. */
  startUs: number;
  endUs: number;
}

export interface AttributionOptions {
  /** Shared across profiles so each generated file's map is read once. */
  sourceMaps?: SourceMapCache;
  /** Shared across profiles so each source file is parsed once. */
  functionRanges?: FunctionRanges;
  /** Directories whose files are the probe itself (direct children only). */
  probeDirs?: readonly string[];
  /**
   * Directories whose files are the user's even inside node_modules (at any depth): this package's own
   * examples, which `report` profiles from an installed copy (node_modules/concurrency-lens/examples).
   * A node_modules folder below such a directory holds libraries again.
   */
  userDirs?: readonly string[];
}

const SPECIAL: Record<string, FrameClass> = { '(root)': 'root', '(idle)': 'idle', '(program)': 'program', '(garbage collector)': 'gc' };

/** The file a frame's URL names, if it names one. */
export function frameFile(url: string): string | undefined {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(url) || /^[a-z]:[\\/]/i.test(url) ? url : undefined;
}

const pathParts = (file: string): string[] => file.split(/[\\/]/);

/** The package a file in node_modules belongs to (`lodash`, `@scope/pkg`), or undefined outside it. */
export function packageOf(file: string): string | undefined {
  const parts = pathParts(file);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const first = parts[at + 1];
  return first.startsWith('@') && at + 2 < parts.length ? `${first}/${parts[at + 2]}` : first;
}

export function classifyFrame(callFrame: CallFrame, probeDirs: readonly string[] = [], userDirs: readonly string[] = []): FrameClass {
  const { url, functionName } = callFrame;
  if (url === '') return SPECIAL[functionName] ?? 'native';
  if (url.startsWith('node:')) return 'node';
  const file = frameFile(url);
  if (!file) return 'other';
  if (probeDirs.some((d) => path.dirname(file) === d)) return PROBE_WRAPPER_NAMES.has(functionName) ? 'probe-wrapper' : 'probe';
  // ...but not the packages those examples depend on (examples/workloads/node_modules/piscina).
  if (userDirs.some((d) => file.startsWith(d + path.sep) && !pathParts(file.slice(d.length)).includes('node_modules'))) return 'user';
  // Yarn Plug'n'Play keeps packages under .yarn (cache zips, unplugged, __virtual__).
  const parts = pathParts(file);
  return parts.includes('node_modules') || parts.includes('.yarn') ? 'library' : 'user';
}

function viaCall(node: ProfileNode, cls: FrameClass): ViaCall {
  const name = node.callFrame.functionName || '(anonymous)';
  if (cls === 'node') return { name, module: node.callFrame.url };
  if (cls === 'library') {
    const pkg = packageOf(frameFile(node.callFrame.url) ?? '');
    return pkg ? { name, module: pkg } : { name };
  }
  return { name };
}

const displayName = (cf: CallFrame): string => cf.functionName || (cf.lineNumber === 0 && cf.columnNumber === 0 ? '(top level)' : '(anonymous)');

/** A node's ticked lines (1-based), hottest first; ties go to the earlier line. */
export function linesByHeat(ticks: readonly PositionTick[] | undefined): number[] {
  return [...(ticks ?? [])].sort((a, b) => b.ticks - a.ticks || a.line - b.line).map((t) => t.line);
}

/** Source sites of user frames, through the source maps. */
class SiteResolver {
  constructor(
    private readonly sourceMaps: SourceMapCache,
    private readonly ranges: FunctionRanges,
  ) {}

  definition(node: ProfileNode, file: string): SourceSite {
    const cf = node.callFrame;
    const line = cf.lineNumber + 1;
    const column = cf.columnNumber + 1;
    let pos = this.sourceMaps.originalPosition(file, line, column);
    // A module's own code starts at 1:1 of the generated file, before any mapping (tsc puts "use strict"
    // and export helpers there); with a single source its start is that source's start.
    const single = !pos.mapped && line === 1 && column === 1 ? this.sourceMaps.singleSource(file) : undefined;
    if (single) pos = { file: single, line: 1, column: 1, mapped: true };
    return {
      absFile: pos.file,
      line: pos.line,
      column: pos.column,
      function: displayName(cf),
      functionLine: pos.line,
      functionColumn: pos.column,
      mapped: pos.mapped,
      ...(pos.mapped ? { generated: { file, line, column } } : {}),
    };
  }

  /**
   * The node's hottest line among its line ticks that map into its own function (the same file, within the
   * function's lines): ticks elsewhere are code V8 inlined into it, numbered by the inlined function's file.
   */
  hotLine(node: ProfileNode, file: string, definition: SourceSite): SourceSite {
    const lines = linesByHeat(node.positionTicks);
    if (lines.length === 0) return definition;
    const span = this.ranges.spanAt(definition.absFile, definition.functionLine, definition.functionColumn);
    for (const line of lines) {
      const pos = this.sourceMaps.originalPosition(file, line);
      if (pos.file !== definition.absFile) continue;
      if (span && (pos.line < span.first || pos.line > span.last)) continue;
      const { generated: _definitionPosition, ...rest } = definition;
      return { ...rest, line: pos.line, column: pos.column, mapped: pos.mapped, ...(pos.mapped ? { generated: { file, line } } : {}) };
    }
    return definition;
  }
}

interface WalkContext {
  /** Nearest user frame above, and its file; none below the probe's own work. */
  user?: { node: ProfileNode; file: string };
  /** Outermost non-user frame below `user` on this path (a probe wrapper counts as the API it wraps). */
  via?: ViaCall;
  /** A probe frame is on the path (and no user frame below it). */
  probe: boolean;
}

/** How each node's self time is attributed, by node id. */
export function attributeNodes(profile: CpuProfile, options: AttributionOptions = {}): Map<number, Attribution> {
  const probeDirs = options.probeDirs ?? [];
  const userDirs = options.userDirs ?? [];
  const resolver = new SiteResolver(options.sourceMaps ?? new SourceMapCache(), options.functionRanges ?? new FunctionRanges());
  const nodes = profile.nodes as ProfileNode[];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hasParent = new Set(nodes.flatMap((n) => n.children ?? []));
  const out = new Map<number, Attribution>();
  const simple = (kind: 'idle' | 'gc' | 'program' | 'probe' | 'unattributed'): Attribution => ({ kind });
  // One attribution object per user node and role, so samples share them.
  const definitions = new Map<number, { site: SourceSite; callees: Map<string, Attribution> }>();
  const definitionOf = (user: { node: ProfileNode; file: string }) => {
    let d = definitions.get(user.node.id);
    if (!d) {
      d = { site: resolver.definition(user.node, user.file), callees: new Map() };
      definitions.set(user.node.id, d);
    }
    return d;
  };
  const calleeAttribution = (user: { node: ProfileNode; file: string }, via: ViaCall): Attribution => {
    const d = definitionOf(user);
    const key = viaKey(via);
    let a = d.callees.get(key);
    if (!a) {
      a = { kind: 'user', site: d.site, leaf: false, via };
      d.callees.set(key, a);
    }
    return a;
  };

  const stack: { node: ProfileNode; ctx: WalkContext }[] = nodes.filter((n) => !hasParent.has(n.id)).map((node) => ({ node, ctx: { probe: false } }));
  while (stack.length > 0) {
    const { node, ctx } = stack.pop()!;
    const cls = classifyFrame(node.callFrame, probeDirs, userDirs);
    let self: Attribution;
    let childCtx: WalkContext;
    switch (cls) {
      case 'root':
        self = simple('unattributed');
        childCtx = { probe: false };
        break;
      case 'idle':
      case 'gc':
      case 'program':
        self = simple(cls);
        childCtx = ctx;
        break;
      case 'user': {
        const file = frameFile(node.callFrame.url)!;
        const user = { node, file };
        self = { kind: 'user', site: resolver.hotLine(node, file, definitionOf(user).site), leaf: true };
        childCtx = { user, probe: false };
        break;
      }
      case 'probe':
        // The probe's own work, and whatever it calls (performance.now, fs writes, Object.keys in
        // countMessage), is overhead even when workload code is further up the stack.
        self = simple('probe');
        childCtx = { probe: true };
        break;
      // A probe wrapper is transparent: it counts as the API it wraps, called by the frame above, so its
      // self time (the native serialisation V8 charges to it) and the API's internals below it are the
      // caller's, via that API.
      case 'probe-wrapper':
      default: {
        const via = ctx.via ?? viaCall(node, cls);
        self = ctx.user ? calleeAttribution(ctx.user, via) : simple(ctx.probe ? 'probe' : 'unattributed');
        childCtx = { ...ctx, via: ctx.user ? via : undefined };
      }
    }
    out.set(node.id, self);
    for (const id of node.children ?? []) {
      const child = byId.get(id);
      if (child && !out.has(id)) stack.push({ node: child, ctx: childCtx });
    }
  }
  return out;
}

/** Every sample with its time and attribution. */
export function attributeProfile(profile: CpuProfile, options: AttributionOptions = {}): AttributedProfile {
  const byNode = attributeNodes(profile, options);
  const unattributed: Attribution = { kind: 'unattributed' };
  const n = profile.samples.length;
  const samples: AttributedSample[] = new Array(n);
  let at = profile.startTime;
  for (let i = 0; i < n; i++) {
    at += profile.timeDeltas[i] ?? 0;
    samples[i] = { atUs: at, ms: 0, attribution: byNode.get(profile.samples[i]) ?? unattributed };
  }
  // V8 can write slightly out-of-order timestamps; a negative span counts as none.
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? samples[i + 1].atUs : profile.endTime;
    samples[i].ms = Math.max(0, next - samples[i].atUs) / 1000;
  }
  return { samples, startUs: profile.startTime, endUs: profile.endTime };
}

/** ms of a sample's span inside [fromUs, toUs]. */
export function overlapMs(sample: AttributedSample, fromUs: number, toUs: number): number {
  const end = sample.atUs + sample.ms * 1000;
  return Math.max(0, Math.min(end, toUs) - Math.max(sample.atUs, fromUs)) / 1000;
}

/** Profile time by attribution kind. */
export interface ProfileTimeSplit {
  /** Charged to user frames (their own code and what they called). */
  userMs: number;
  idleMs: number;
  gcMs: number;
  programMs: number;
  probeMs: number;
  unattributedMs: number;
}

export const emptyTimeSplit = (): ProfileTimeSplit => ({ userMs: 0, idleMs: 0, gcMs: 0, programMs: 0, probeMs: 0, unattributedMs: 0 });

export function addToSplit(split: ProfileTimeSplit, attribution: Attribution, ms: number): void {
  switch (attribution.kind) {
    case 'user':
      split.userMs += ms;
      break;
    case 'idle':
      split.idleMs += ms;
      break;
    case 'gc':
      split.gcMs += ms;
      break;
    case 'program':
      split.programMs += ms;
      break;
    case 'probe':
      split.probeMs += ms;
      break;
    default:
      split.unattributedMs += ms;
  }
}

/** Identifies a site across nodes, threads and processes. */
export const siteKey = (s: SourceSite): string => `${s.absFile}\n${s.line}\n${s.function}\n${s.functionLine}:${s.functionColumn}`;
export const viaKey = (v: ViaCall): string => `${v.module ?? ''}\n${v.name}`;

/** Time charged to one site, with what it called. */
export interface SiteTime {
  site: SourceSite;
  ms: number;
  /** Of `ms`, while the user frame itself was the leaf. */
  leafMs: number;
  via: Map<string, { call: ViaCall; ms: number }>;
}

export function addToSites(sites: Map<string, SiteTime>, attribution: Attribution, ms: number): void {
  if (attribution.kind !== 'user' || ms <= 0) return;
  const key = siteKey(attribution.site);
  let s = sites.get(key);
  if (!s) {
    s = { site: attribution.site, ms: 0, leafMs: 0, via: new Map() };
    sites.set(key, s);
  }
  s.ms += ms;
  if (attribution.leaf) s.leafMs += ms;
  if (attribution.via) {
    const k = viaKey(attribution.via);
    const v = s.via.get(k);
    if (v) v.ms += ms;
    else s.via.set(k, { call: attribution.via, ms });
  }
}

// Reporting: the shapes that hotspots and blocked stretches share in the JSON report.

/** Time spent in one call made by a user line. */
export interface ViaTime extends ViaCall {
  ms: number;
}

/** Where a report points in the user's code. */
export interface CodeLocation {
  /** V8's name; `(anonymous)` for unnamed functions, `(top level)` for a module's own code. */
  function: string;
  /** Relative to the analysis `cwd` when inside it, else absolute (or a non-file source URL as the map wrote it). */
  file: string;
  absFile: string;
  /** 1-based: the function's hottest line when it ran itself, else its definition line (see SourceSite). */
  line: number;
  column: number;
  /** 1-based line of the function's definition. */
  functionLine: number;
  /** The position went through a source map (`file` is the original source). */
  mapped: boolean;
}

export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;
export const roundShare = (share: number): number => Math.round(share * 1e4) / 1e4;

/** `file` relative to `cwd` when inside it, else as given. */
export function displayPath(file: string, cwd: string | undefined): string {
  if (!cwd || !path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

export function codeLocation(site: SourceSite, cwd: string | undefined): CodeLocation {
  return {
    function: site.function,
    file: displayPath(site.absFile, cwd),
    absFile: site.absFile,
    line: site.line,
    column: site.column,
    functionLine: site.functionLine,
    mapped: site.mapped,
  };
}

/** The calls with the most time, most first. */
export function topVia(via: Iterable<{ call: ViaCall; ms: number }>, limit = 3): ViaTime[] {
  return [...via]
    .sort((a, b) => b.ms - a.ms || a.call.name.localeCompare(b.call.name))
    .slice(0, limit)
    .map((v) => ({ ...v.call, ms: roundMs(v.ms) }));
}
