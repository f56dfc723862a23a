// Turns argv into a command description. No I/O and no process access, so every parsing rule is unit-tested.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Severity } from '../analysis/findings';
import type { TypeMode } from '../analysis/options';
import { isRuleId } from '../analysis/rules';
import { SUITES, type SuiteName } from '../harness/result-types';
import { DEFAULT_PYTHON } from '../profiler/python/python-command';
import { UsageError } from './errors';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const TYPE_MODES = ['auto', 'on', 'off'] as const satisfies readonly TypeMode[];

export const COMMANDS = ['check', 'profile', 'bench', 'report'] as const;

export const PROFILE_FORMATS = ['text', 'json'] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

export interface ProfileArgs {
  /** The workload: `[SCRIPT, ...ARGS]` or any command given after `--`. */
  command: string[];
  format: ProfileFormat;
  timeoutSeconds: number;
  /** For servers: profile this long, then stop the workload cleanly. */
  durationSeconds?: number;
  /** Shell command run alongside the workload once it listens, e.g. `npx autocannon -d 5 localhost:3000`. */
  load?: string;
  /** Also run the workload under 0x (a separate run) and leave its flamegraph here. */
  flamegraphDir?: string;
  /** A loop delay at least this long is a blocked stretch. */
  blockThresholdMs: number;
  sampleIntervalMs?: number;
  /** Cross-check hotspots with the static analysis of the workload's folder. */
  staticAnalysis: boolean;
  /** Also write the JSON report to this file (any format on stdout). */
  jsonOut?: string;
  /** Where saved benchmark results are read from, for machine-measured thresholds (default: bench's own). */
  resultsDir?: string;
  /** Ignore saved benchmark results and use the documented default thresholds. */
  defaultThresholds: boolean;
  /** The Python interpreter for a `.py` script (default: python3 on PATH). */
  python?: string;
}

export const PROFILE_DEFAULTS = { timeoutSeconds: 120, blockThresholdMs: 50 } as const;

/** How a workload is run and judged: what `profile` and `report` share. */
export type WorkloadRunArgs = Omit<ProfileArgs, 'format' | 'jsonOut'>;

export interface ReportArgs extends Omit<WorkloadRunArgs, 'command'> {
  /** The workload as `profile` takes it; undefined: the package's built-in example. */
  command?: string[];
  /** The HTML file, as typed (resolved by the command). */
  out: string;
  markdown?: string;
  json?: string;
  /** Add the newest saved benchmark result (running the quick suite when there is none); `--no-bench` leaves it out. */
  bench: boolean;
}

export const REPORT_DEFAULTS = { out: 'concurrency-lens-report.html' } as const;

export const BENCH_FORMATS = ['text', 'json'] as const;
export type BenchFormat = (typeof BENCH_FORMATS)[number];

export interface BenchArgs {
  /** In the documented order, whatever order they were given in. */
  suites: SuiteName[];
  format: BenchFormat;
  quick: boolean;
  /** Save the result as JSON (default); `--no-save` prints it only. */
  save: boolean;
  /** Where results are saved; as typed (resolved by the command). Default: ~/.concurrency-lens/bench. */
  resultsDir?: string;
  /** `--function path/to/module.js#exportName` with `--input path/to/input.js`: the user's own function. */
  function?: { ref: string; input: string };
  /** `--python [PATH]`: the suites in Python, run by this interpreter. */
  python?: string;
}

export interface CheckArgs {
  /** As typed; resolved against the working directory by the command. */
  paths: string[];
  format: OutputFormat;
  failOn: FailOn;
  types: TypeMode;
  include: string[];
  exclude: string[];
  /** Extra hot-path entry callees (`--entry bot.command`). */
  entries: string[];
  /** Per-rule severity overrides (`--rule no-sequential-await-in-loop=off`). */
  severity: Record<string, Severity | 'off'>;
  /** Also report findings of "unknown reach" (async code no known entry reaches), at info. */
  unknownReach: boolean;
  /** Leave out the findings this baseline file accepts (as typed). */
  baseline?: string;
  /** Write every current finding into this baseline file (as typed). */
  writeBaseline?: string;
}

const RULE_LEVELS = ['error', 'warning', 'info', 'off'] as const;

export type ParsedCommand =
  | { kind: 'help'; topic?: string }
  | { kind: 'version' }
  | { kind: 'check'; args: CheckArgs }
  | { kind: 'profile'; args: ProfileArgs }
  | { kind: 'bench'; args: BenchArgs }
  | { kind: 'report'; args: ReportArgs };

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command');
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command '${topic}'`);
    return topic === undefined ? { kind: 'help' } : { kind: 'help', topic };
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}' (expected a command first)`);
  if (first === 'check') return parseCheck(rest);
  if (first === 'profile') return parseProfile(rest);
  if (first === 'bench') return parseBench(rest);
  if (first === 'report') return parseReport(rest);
  throw new UsageError(`unknown command '${first}'`);
}

function parseCheck(argv: readonly string[]): ParsedCommand {
  const { values, positionals } = parseOrThrow(argv, {
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    types: { type: 'string' },
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    entry: { type: 'string', multiple: true },
    rule: { type: 'string', multiple: true },
    'unknown-reach': { type: 'boolean' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return { kind: 'help', topic: 'check' };
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) {
    throw new UsageError('--baseline and --write-baseline do not go together: write a baseline from every finding, or check against one');
  }
  for (const flag of ['baseline', 'write-baseline'] as const) {
    if (values[flag] === '') throw new UsageError(`--${flag} needs a file name`);
  }
  return {
    kind: 'check',
    args: {
      paths: positionals.length > 0 ? positionals : ['.'],
      format: oneOf('--format', values.format, FORMATS, 'text'),
      failOn: oneOf('--fail-on', values['fail-on'], FAIL_ON, 'error'),
      types: oneOf('--types', values.types, TYPE_MODES, 'auto'),
      include: nonEmpty('--include', values.include),
      exclude: nonEmpty('--exclude', values.exclude),
      entries: nonEmpty('--entry', values.entry),
      severity: ruleLevels(values.rule),
      unknownReach: values['unknown-reach'] === true,
      ...(values.baseline !== undefined && { baseline: values.baseline }),
      ...(values['write-baseline'] !== undefined && { writeBaseline: values['write-baseline'] }),
    },
  };
}

/** The options of a workload run, shared by `profile` and `report`. */
const WORKLOAD_OPTIONS = {
  timeout: { type: 'string' },
  duration: { type: 'string' },
  load: { type: 'string' },
  flamegraph: { type: 'string' },
  'block-threshold': { type: 'string' },
  'sample-interval': { type: 'string' },
  'results-dir': { type: 'string' },
  'default-thresholds': { type: 'boolean' },
  'no-static': { type: 'boolean' },
  python: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/**
 * `profile SCRIPT [ARGS...] [-- MORE ARGS]` or `profile [options] -- COMMAND...`. Our options come
 * before the script or the `--`; everything from the script on belongs to the workload, so a workload's
 * own `--format` is never taken for ours.
 */
function parseProfile(argv: readonly string[]): ParsedCommand {
  const { values, command } = parseWorkloadCommandLine(argv, { ...WORKLOAD_OPTIONS, format: { type: 'string' }, 'json-out': { type: 'string' } });
  if (values.help === true) return { kind: 'help', topic: 'profile' };
  if (command.length === 0) throw new UsageError('profile needs a script or a command after --, e.g. profile app.js or profile -- npm run serve');
  const args: ProfileArgs = { ...workloadRunArgs(command, values), format: oneOf('--format', values.format, PROFILE_FORMATS, 'text') };
  if (values['json-out'] !== undefined) {
    if (values['json-out'].trim() === '') throw new UsageError('--json-out needs a file');
    args.jsonOut = values['json-out'];
  }
  return { kind: 'profile', args };
}

/** `report [SCRIPT [ARGS...]] [options] [-- COMMAND...]`: the workload as `profile` takes it, or none for the built-in example. */
function parseReport(argv: readonly string[]): ParsedCommand {
  const { values, command } = parseWorkloadCommandLine(argv, {
    ...WORKLOAD_OPTIONS,
    out: { type: 'string' },
    markdown: { type: 'string' },
    json: { type: 'string' },
    'no-bench': { type: 'boolean' },
  });
  if (values.help === true) return { kind: 'help', topic: 'report' };
  const { command: workload, ...run } = workloadRunArgs(command, values);
  const args: ReportArgs = { ...run, out: nonEmptyValue('--out', 'an HTML file', values.out) ?? REPORT_DEFAULTS.out, bench: values['no-bench'] !== true };
  if (workload.length > 0) args.command = workload;
  const markdown = nonEmptyValue('--markdown', 'a file', values.markdown);
  if (markdown !== undefined) args.markdown = markdown;
  const json = nonEmptyValue('--json', 'a file', values.json);
  if (json !== undefined) args.json = json;
  const files = [args.out, args.markdown, args.json].filter((f) => f !== undefined);
  // As written, but `./r.html` and `r.html` are one file (an absolute spelling is caught by the command).
  if (new Set(files.map((f) => path.normalize(f))).size < files.length) throw new UsageError('--out, --markdown and --json must name different files');
  return { kind: 'report', args };
}

/**
 * Splits argv into our options and the workload's command. The first bare word is the script. Our own
 * flags count wherever they stand before `--` (the DESIGN contract writes `profile SCRIPT [-- ARGS...]
 * [--format ...]`); any other word after the script is the script's own argument. A script argument
 * spelt like one of our flags goes after `--`.
 */
function parseWorkloadCommandLine<T extends OptionSpec>(argv: readonly string[], spec: T) {
  const dashDash = argv.indexOf('--');
  const ours = dashDash >= 0 ? argv.slice(0, dashDash) : [...argv];
  const after = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  const flags = (type: 'string' | 'boolean'): Set<string> =>
    new Set(Object.entries(spec).flatMap(([name, o]) => (o.type === type ? [`--${name}`, ...(o.short ? [`-${o.short}`] : [])] : [])));
  const valueFlags = flags('string');
  const booleanFlags = flags('boolean');
  const options: string[] = [];
  const scriptWords: string[] = [];
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i];
    const name = a.startsWith('--') ? a.split('=')[0] : a;
    if (valueFlags.has(name)) {
      options.push(a);
      if (!a.includes('=') && i + 1 < ours.length) options.push(ours[++i]);
    } else if (booleanFlags.has(a)) options.push(a);
    else if (scriptWords.length > 0 || !a.startsWith('-')) scriptWords.push(a);
    else options.push(a); // an unknown flag before the script: parseOrThrow names it
  }
  const { values } = parseOrThrow(options, spec);
  return { values, command: [...scriptWords, ...after] };
}

type WorkloadValues = { [K in keyof typeof WORKLOAD_OPTIONS]?: (typeof WORKLOAD_OPTIONS)[K]['type'] extends 'string' ? string : boolean };

function workloadRunArgs(command: string[], values: WorkloadValues): WorkloadRunArgs {
  const args: WorkloadRunArgs = {
    command,
    timeoutSeconds: positiveNumber('--timeout', values.timeout) ?? PROFILE_DEFAULTS.timeoutSeconds,
    blockThresholdMs: positiveNumber('--block-threshold', values['block-threshold']) ?? PROFILE_DEFAULTS.blockThresholdMs,
    staticAnalysis: values['no-static'] !== true,
    defaultThresholds: values['default-thresholds'] === true,
  };
  const duration = positiveNumber('--duration', values.duration);
  if (duration !== undefined) args.durationSeconds = duration;
  const interval = positiveNumber('--sample-interval', values['sample-interval']);
  if (interval !== undefined) {
    if (interval < 5 || interval > 1000) throw new UsageError('--sample-interval must be between 5 and 1000 ms');
    args.sampleIntervalMs = interval;
  }
  if (values.load !== undefined) {
    if (values.load.trim() === '') throw new UsageError('--load needs a command');
    args.load = values.load;
  }
  const flamegraph = nonEmptyValue('--flamegraph', 'a directory', values.flamegraph);
  if (flamegraph !== undefined) args.flamegraphDir = flamegraph;
  const resultsDir = nonEmptyValue('--results-dir', 'a directory', values['results-dir']);
  if (resultsDir !== undefined) args.resultsDir = resultsDir;
  const python = nonEmptyValue('--python', 'an interpreter', values.python);
  if (python !== undefined) args.python = python;
  if (args.durationSeconds !== undefined && args.durationSeconds > args.timeoutSeconds) {
    throw new UsageError(`--duration (${args.durationSeconds} s) is longer than --timeout (${args.timeoutSeconds} s)`);
  }
  return args;
}

function nonEmptyValue(flag: string, what: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs ${what}`);
  return value;
}

function parseBench(argv: readonly string[]): ParsedCommand {
  const { values, positionals } = parseOrThrow(withDefaultPython(argv), {
    python: { type: 'string' },
    suite: { type: 'string', multiple: true },
    format: { type: 'string' },
    quick: { type: 'boolean' },
    save: { type: 'boolean' },
    'no-save': { type: 'boolean' },
    'results-dir': { type: 'string' },
    function: { type: 'string' },
    input: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return { kind: 'help', topic: 'bench' };
  if (positionals.length > 0) throw new UsageError(`bench takes no arguments (got '${positionals[0]}'); your own function goes in --function path/to/module.js#exportName`);
  if ((values.function === undefined) !== (values.input === undefined)) throw new UsageError('--function and --input go together: --function path/to/module.js#exportName --input path/to/inputs.js');
  if (values.function !== undefined && (values.function.trim() === '' || values.input!.trim() === '')) throw new UsageError('--function and --input need a path');
  if (values.save === true && values['no-save'] === true) throw new UsageError('--save and --no-save contradict each other');
  if (values.python !== undefined && values.function !== undefined) throw new UsageError('--function measures a JavaScript function; it does not go with --python');
  const args: BenchArgs = {
    // With --function only the function is measured, unless suites are asked for as well.
    suites: values.function !== undefined && values.suite === undefined ? [] : suiteList(values.suite),
    format: oneOf('--format', values.format, BENCH_FORMATS, 'text'),
    quick: values.quick === true,
    save: values['no-save'] !== true,
  };
  const resultsDir = nonEmptyValue('--results-dir', 'a directory', values['results-dir']);
  if (resultsDir !== undefined) args.resultsDir = resultsDir;
  if (values.function !== undefined) args.function = { ref: values.function, input: values.input! };
  const python = nonEmptyValue('--python', 'an interpreter', values.python);
  if (python !== undefined) args.python = python;
  return { kind: 'bench', args };
}

/** `bench --python` with no path (last, or followed by another option) means python3 on PATH. */
function withDefaultPython(argv: readonly string[]): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === '--') break;
    if (out[i] === '--python' && (i + 1 >= out.length || out[i + 1]!.startsWith('-'))) out.splice(i + 1, 0, DEFAULT_PYTHON);
  }
  return out;
}

/** `--suite io,cpu` and `--suite io --suite cpu` both work; no --suite means all of them. */
function suiteList(values: string[] | undefined): SuiteName[] {
  if (values === undefined) return [...SUITES];
  const asked = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const name of asked) {
    if (!(SUITES as readonly string[]).includes(name)) throw new UsageError(`--suite must be a list of ${SUITES.join(', ')} (got '${name}')`);
  }
  return SUITES.filter((s) => asked.includes(s));
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number (got '${value}')`);
  return n;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

function parseOrThrow<T extends OptionSpec>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    // parseArgs explains well ("Unknown option '--x'", "Option '--format <value>' argument missing"); keep its words.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function oneOf<const V extends readonly string[]>(flag: string, value: unknown, allowed: V, fallback: V[number]): V[number] {
  if (value === undefined) return fallback;
  // `multiple` is off for these flags, so a repeated flag keeps the last value, as most CLIs do.
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as V[number];
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${String(value)}')`);
}

function nonEmpty(flag: string, values: string[] | undefined): string[] {
  for (const v of values ?? []) if (v.trim() === '') throw new UsageError(`${flag} needs a glob`);
  return values ?? [];
}

function ruleLevels(values: string[] | undefined): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const v of values ?? []) {
    const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(v.trim());
    if (!m) throw new UsageError(`--rule expects RULE=LEVEL, e.g. no-sequential-await-in-loop=off (got '${v}')`);
    if (!isRuleId(m[1])) throw new UsageError(`--rule: unknown rule '${m[1]}'`);
    out[m[1]] = oneOf('--rule', m[2], RULE_LEVELS, 'warning');
  }
  return out;
}

function isCommand(name: string): boolean {
  return (COMMANDS as readonly string[]).includes(name);
}
