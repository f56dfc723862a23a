// The editor's settings as analyser options. Settings are user-edited JSON, so every value is checked:
// what is wrong is dropped and named, and the rest still applies.
import * as path from 'node:path';
import type { Severity } from './findings';
import type { AnalyzerOptions, TypeMode } from './options';
import { isRuleId } from './rules';

export interface AnalysisSettings {
  rules?: unknown;
  include?: unknown;
  exclude?: unknown;
  entryPatterns?: unknown;
  types?: unknown;
  baselineFile?: unknown;
}

const LEVELS = new Set(['error', 'warning', 'info', 'off']);
const TYPE_MODES = new Set(['auto', 'on', 'off']);

const strings = (name: string, v: unknown, problems: string[]): string[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`${name} must be a list of strings`);
    return [];
  }
  const ok = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  if (ok.length !== v.length) problems.push(`${name}: ${v.length - ok.length} entries are not non-empty strings and were ignored`);
  return ok;
};

export function optionsFromSettings(root: string, settings: AnalysisSettings): { options: AnalyzerOptions; problems: string[] } {
  const problems: string[] = [];
  const severity: Record<string, Severity | 'off'> = {};
  if (settings.rules !== undefined && settings.rules !== null) {
    if (typeof settings.rules !== 'object' || Array.isArray(settings.rules)) problems.push('rules must be an object of rule id → error, warning, info or off');
    else {
      for (const [rule, level] of Object.entries(settings.rules as Record<string, unknown>)) {
        if (!isRuleId(rule)) problems.push(`rules: unknown rule '${rule}'`);
        else if (typeof level !== 'string' || !LEVELS.has(level)) problems.push(`rules: '${rule}' must be error, warning, info or off (got ${JSON.stringify(level)})`);
        else severity[rule] = level as Severity | 'off';
      }
    }
  }
  let types: TypeMode = 'auto';
  if (settings.types !== undefined) {
    if (typeof settings.types === 'string' && TYPE_MODES.has(settings.types)) types = settings.types as TypeMode;
    else problems.push(`types must be auto, on or off (got ${JSON.stringify(settings.types)})`);
  }
  let baselineFile: string | undefined;
  if (typeof settings.baselineFile === 'string' && settings.baselineFile.trim() !== '') {
    // Relative to the workspace folder, like the CLI's --baseline run from the repository root.
    baselineFile = path.resolve(root, settings.baselineFile.trim());
  } else if (settings.baselineFile !== undefined && settings.baselineFile !== null && settings.baselineFile !== '') {
    problems.push(`baselineFile must be a file path (got ${JSON.stringify(settings.baselineFile)})`);
  }
  return {
    options: {
      ...(baselineFile !== undefined && { baselineFile }),
      paths: [root],
      cwd: root,
      types,
      include: strings('include', settings.include, problems),
      exclude: strings('exclude', settings.exclude, problems),
      extraEntryCallees: strings('entryPatterns', settings.entryPatterns, problems),
      severity,
    },
    problems,
  };
}
