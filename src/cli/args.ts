// Turns argv into a command description. No I/O and no process access, so every parsing rule is unit-tested.
import { parseArgs } from 'node:util';
import type { Severity } from '../analysis/findings';
import type { TypeMode } from '../analysis/options';
import { isRuleId } from '../analysis/rules';
import { UsageError } from './errors';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const TYPE_MODES = ['auto', 'on', 'off'] as const satisfies readonly TypeMode[];

/** Commands from the design that have no implementation yet; they fail loudly instead of pretending. */
export const PLANNED_COMMANDS = ['profile', 'bench', 'report'] as const;
export type PlannedCommand = (typeof PLANNED_COMMANDS)[number];

export const COMMANDS = ['check', ...PLANNED_COMMANDS] as const;

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
}

const RULE_LEVELS = ['error', 'warning', 'info', 'off'] as const;

export type ParsedCommand =
  | { kind: 'help'; topic?: string }
  | { kind: 'version' }
  | { kind: 'check'; args: CheckArgs }
  | { kind: 'planned'; name: PlannedCommand };

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
  if (isPlanned(first)) return { kind: 'planned', name: first };
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
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return { kind: 'help', topic: 'check' };
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
    },
  };
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

function isPlanned(name: string): name is PlannedCommand {
  return (PLANNED_COMMANDS as readonly string[]).includes(name);
}
