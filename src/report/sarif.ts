// SARIF 2.1.0 output for `check --format sarif`, shaped for GitHub code scanning (github/codeql-action's
// upload-sarif and the REST upload endpoint). What GitHub needs and why this file does what it does:
// - Paths are relative to the repository root and resolved against `%SRCROOT%`; they must be valid
//   uri-references (the upload validates the format), so path segments are percent-encoded.
// - Only the first location is used; the chain goes into `codeFlows` (GitHub's "Show paths") and into
//   `relatedLocations`, which GitHub links only when the message embeds them as `[text](id)`.
// - `partialFingerprints.primaryLocationLineHash` is what GitHub de-duplicates alerts by across commits.
// - info severity has no SARIF level of its own: it is `note`.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalysisResult, Category, ChainStep, Finding, Severity, SkippedFile } from '../analysis/findings';
import { RULES, ruleDocPath, type RuleInfo } from '../analysis/rules';
import { compareStrings, sortFindings } from './findings-order';
import { callerText, chainHops, hopText } from './findings-text';
import { computeLineHashes } from './line-hash';
import type {
  SarifArtifactLocation,
  SarifLevel,
  SarifLocation,
  SarifLog,
  SarifNotification,
  SarifRegion,
  SarifReportingDescriptor,
  SarifResult,
  SarifRun,
} from './sarif-types';

export const TOOL_NAME = 'concurrency-lens';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** Our own fingerprint, independent of GitHub's algorithm, for other SARIF consumers. */
export const FINGERPRINT_KEY = 'concurrencyLens/v1';
/** GitHub shows at most 1024 characters of a rule description and rejects longer names than 255. */
const MAX_DESCRIPTION = 1024;

export interface SarifFormatOptions {
  toolVersion: string;
  /** Absolute URI of the project's home page; omitted from the log when unknown. */
  informationUri?: string;
  /** Absolute URI that `docs/rules/<id>.md` resolves against (e.g. `https://github.com/o/r/blob/HEAD/`). */
  docsBaseUri?: string;
  /** Source text of a finding's file (its `file` as given). Without it, GitHub's line hash is left to the upload step. */
  readSource?: (file: string) => string | undefined;
  /** Absolute path that findings' paths are relative to; declared as `%SRCROOT%` so the log is self-describing. */
  srcRoot?: string;
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };
// GitHub's recommended `problem.severity` for non-security rules: error, warning or recommendation.
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation' };

export function formatSarif(result: AnalysisResult, options: SarifFormatOptions): string {
  return JSON.stringify(buildSarifLog(result, options), null, 2) + '\n';
}

export function buildSarifLog(result: AnalysisResult, options: SarifFormatOptions): SarifLog {
  const findings = sortFindings(result.findings);
  const rules = ruleCatalogue(findings);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const fingerprints = fingerprintAll(findings, options.readSource);

  const run: SarifRun = {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: options.toolVersion,
        ...(isSemver(options.toolVersion) && { semanticVersion: options.toolVersion }),
        ...(options.informationUri !== undefined && { informationUri: options.informationUri }),
        rules: rules.map((r) => descriptor(r, options.docsBaseUri)),
      },
    },
    ...(options.srcRoot !== undefined && {
      originalUriBaseIds: {
        [SRCROOT]: { uri: directoryUri(options.srcRoot), description: { text: 'The folder the analysed paths are relative to.' } },
      },
    }),
    invocations: [
      {
        executionSuccessful: true,
        ...(result.skipped.length + result.notes.length > 0 && { toolExecutionNotifications: fileNotifications(result) }),
      },
    ],
    results: findings.map((f, i) => toResult(f, ruleIndex.get(f.rule) ?? 0, fingerprints[i])),
    columnKind: 'utf16CodeUnits',
    properties: { stats: result.stats },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** The whole catalogue, so rule indexes are stable between runs; ids the catalogue lacks (a newer front end) go last. */
function ruleCatalogue(findings: readonly Finding[]): RuleInfo[] {
  const rules: RuleInfo[] = [...RULES];
  const known = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.rule)) continue;
    known.add(f.rule);
    rules.push({ id: f.rule, category: f.category, defaultSeverity: f.severity, title: f.rule, rationale: f.message });
  }
  return rules;
}

function descriptor(rule: RuleInfo, docsBaseUri: string | undefined): SarifReportingDescriptor {
  const helpUri = docsBaseUri !== undefined ? new URL(ruleDocPath(rule.id), docsBaseUri).href : undefined;
  const markdown = `**${rule.title}**\n\n${rule.rationale}` + (helpUri !== undefined ? `\n\n[Rule documentation](${helpUri})` : '');
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: clip(rule.title) },
    fullDescription: { text: clip(rule.rationale) },
    help: { text: rule.rationale, markdown },
    ...(helpUri !== undefined && { helpUri }),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: ruleTags(rule.category),
      category: rule.category,
      'problem.severity': PROBLEM_SEVERITY[rule.defaultSeverity],
    },
  };
}

function ruleTags(category: Category): string[] {
  return ['concurrency', 'performance', category];
}

function toResult(f: Finding, ruleIndex: number, fingerprints: Record<string, string>): SarifResult {
  const result: SarifResult = {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: messageText(f) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file), region: findingRegion(f) } }],
    partialFingerprints: fingerprints,
    properties: { category: f.category, ...(f.entry !== undefined && { entry: f.entry }) },
  };
  // A one-step chain is the flagged function itself: related locations and a path would repeat the primary location.
  // The other hot calls that lead there (Finding.callers) and the other code it is about (Finding.related) follow the
  // chain's locations, outside the code flow.
  const others = [
    ...(f.callers ?? []).map((c) => ({ ...c, text: callerText(c) })),
    ...(f.related ?? []).map((r) => ({ ...r, text: r.message })),
  ].map((c): SarifLocation => ({
    physicalLocation: { artifactLocation: artifactLocation(c.file), region: { startLine: Math.max(1, c.line), startColumn: Math.max(1, c.column) } },
    message: { text: c.text },
  }));
  if (f.chain.length > 1) {
    const steps = chainLocations(f);
    result.relatedLocations = [...steps, ...others].map((location, i) => ({ id: i + 1, ...location }));
    result.codeFlows = [
      {
        message: { text: `Hot path from ${f.chain[0].symbol} to ${f.chain[f.chain.length - 1].symbol}` },
        threadFlows: [
          {
            locations: steps.map((location, i) => ({
              location,
              nestingLevel: i,
              executionOrder: i + 1,
            })),
          },
        ],
      },
    ];
  } else if (others.length > 0) {
    result.relatedLocations = others.map((location, i) => ({ id: i + 1, ...location }));
  }
  return result;
}

/** GitHub links related locations only from the message, so the entry of the chain is embedded as `[symbol](1)`. */
function messageText(f: Finding): string {
  if (f.chain.length <= 1) return f.message;
  return `${f.message} (hot path from [${escapeLinkText(f.chain[0].symbol)}](1))`;
}

function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/**
 * The chain as locations, entry first: each call site, with the caller calling the next function as its message
 * ("showPage calls readTemplate"), then the flagged code itself, with the finding's exact span and the function it is in.
 */
function chainLocations(f: Finding): SarifLocation[] {
  const calls = chainHops(f.chain).map((hop): SarifLocation => ({
    physicalLocation: {
      artifactLocation: artifactLocation(hop.file),
      region: { startLine: Math.max(1, hop.line), startColumn: Math.max(1, hop.column) },
    },
    message: { text: hopText(hop) },
  }));
  const last: ChainStep = f.chain[f.chain.length - 1];
  return [...calls, { physicalLocation: { artifactLocation: artifactLocation(f.file), region: findingRegion(f) }, message: { text: last.symbol } }];
}

function findingRegion(f: Finding): SarifRegion {
  const region: SarifRegion = { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) };
  // endColumn is exclusive in both the findings model and SARIF; an end before the start would be rejected.
  if (f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column)) {
    region.endLine = f.endLine;
    region.endColumn = Math.max(1, f.endColumn);
  }
  return region;
}

export function artifactLocation(file: string): SarifArtifactLocation {
  if (path.isAbsolute(file) || path.win32.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: relativeUri(file), uriBaseId: SRCROOT };
}

/** `src/my file.ts` → `src/my%20file.ts`; a colon in a first segment would otherwise read as a URI scheme. */
export function relativeUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Skipped files and files analysed only in part, so a SARIF viewer can tell "no findings" from "not looked at". */
function fileNotifications(result: AnalysisResult): SarifNotification[] {
  const notify = (id: string, verb: string) => (s: SkippedFile): SarifNotification => ({
    level: 'note',
    descriptor: { id },
    message: { text: `${verb} ${s.file}: ${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.file) } }],
  });
  const byFile = (a: SkippedFile, b: SkippedFile) => compareStrings(a.file, b.file);
  return [
    ...[...result.skipped].sort(byFile).map(notify('skipped-file', 'Skipped')),
    ...[...result.notes].sort(byFile).map(notify('partial-analysis', 'Partly analysed')),
  ];
}

/**
 * GitHub's `primaryLocationLineHash` when the source can be read, plus our own key: rule, file and the flagged
 * line's text without whitespace, so it survives code moving up or down; identical keys in one file are numbered.
 */
function fingerprintAll(findings: readonly Finding[], readSource: SarifFormatOptions['readSource']): Record<string, string>[] {
  const sources = new Map<string, { lines: string[]; hashes: string[] } | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      const text = readSource?.(file);
      sources.set(file, text === undefined ? undefined : { lines: text.split(/\r\n|\r|\n/), hashes: computeLineHashes(text) });
    }
    return sources.get(file);
  };
  const occurrences = new Map<string, number>();
  return findings.map((f) => {
    const src = source(f.file);
    const lineText = src?.lines[f.line - 1];
    const content = lineText !== undefined ? `line:${lineText.replace(/\s+/g, '')}` : `message:${f.message}`;
    const digest = createHash('sha256').update(`${f.rule}\n${f.file}\n${content}`).digest('hex').slice(0, 16);
    const n = (occurrences.get(digest) ?? 0) + 1;
    occurrences.set(digest, n);
    const prints: Record<string, string> = { [FINGERPRINT_KEY]: `${digest}:${n}` };
    const lineHash = src?.hashes[f.line - 1];
    if (lineHash !== undefined) prints.primaryLocationLineHash = lineHash;
    return prints;
  });
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function clip(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

function isSemver(v: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(v);
}
