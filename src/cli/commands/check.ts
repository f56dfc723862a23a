import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createBaseline, writeBaseline } from '../../analysis/baseline';
import type { AnalysisResult, Finding } from '../../analysis/findings';
import type { AnalyzerOptions } from '../../analysis/options';
import { SEVERITY_RANK } from '../../report/findings-order';
import { formatCheckJson } from '../../report/findings-json';
import { formatFindingsText } from '../../report/findings-text';
import { formatSarif } from '../../report/sarif';
import type { CheckArgs, FailOn } from '../args';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors';
import { useColor, type CliIO } from '../io';
import type { PackageInfo } from '../version';

/** The analysis core, injected so this command can be tested without ts-morph or real projects. */
export type AnalyzeFn = (options: AnalyzerOptions) => AnalysisResult;
/** Loads what analyze() cannot load synchronously (the Python parser, when there are .py files): Analyzer.prepare. */
export type PrepareFn = (options: AnalyzerOptions) => Promise<void>;

/** Synchronous without `prepare`; with it, a promise once the preparation is done. */
export function runCheck(args: CheckArgs, io: CliIO, analyze: AnalyzeFn, pkg: PackageInfo, prepare?: PrepareFn): number | Promise<number> {
  const missing = args.paths.filter((p) => !existsSync(path.resolve(io.cwd, p)));
  if (missing.length > 0) {
    throw new UsageError(`${missing.length === 1 ? 'path does not exist' : 'paths do not exist'}: ${missing.join(', ')}`);
  }

  const options: AnalyzerOptions = {
    paths: args.paths.map((p) => path.resolve(io.cwd, p)),
    cwd: io.cwd,
    types: args.types,
    include: args.include,
    exclude: args.exclude,
    extraEntryCallees: args.entries,
    severity: args.severity,
    ...(args.baseline !== undefined && { baselineFile: path.resolve(io.cwd, args.baseline) }),
    // Unknown reach is left out of the output below unless asked for; a baseline, read or written, must see it.
    skipUnknownReach: !args.unknownReach && args.baseline === undefined && args.writeBaseline === undefined,
  };
  if (prepare) return prepare(options).then(() => finishCheck(args, io, analyze(options), pkg));
  return finishCheck(args, io, analyze(options), pkg);
}

function finishCheck(args: CheckArgs, io: CliIO, analyzed: AnalysisResult, pkg: PackageInfo): number {
  if (analyzed.baseline?.error !== undefined) throw new UsageError(analyzed.baseline.error);
  if (args.writeBaseline !== undefined) {
    // Every finding, unknown reach included, so turning --unknown-reach on later adds nothing old.
    const file = path.resolve(io.cwd, args.writeBaseline);
    const baseline = createBaseline(analyzed.findings, file, io.cwd, pkg.version);
    try {
      writeBaseline(baseline, file);
    } catch (err) {
      throw new UsageError(`cannot write the baseline ${args.writeBaseline}: ${(err as Error).message}`);
    }
    io.stderr.write(`concurrency-lens: wrote ${analyzed.findings.length} finding(s) to the baseline ${args.writeBaseline}; check with --baseline ${args.writeBaseline} to see only new ones\n`);
  }
  // Unknown reach means no entry was found for the code: a note for the editor's hints, not for CI, unless asked.
  const result = args.unknownReach ? analyzed : { ...analyzed, findings: analyzed.findings.filter((f) => f.reach !== 'unknown') };

  // Formatting finishes before anything is written, so a failure leaves stdout empty rather than half a document.
  const output = render(args, result, io, pkg);
  io.stdout.write(output);

  if (result.stats.files === 0) {
    io.stderr.write(`concurrency-lens: warning: no JavaScript, TypeScript or Python files to analyse in ${args.paths.join(', ')}\n`);
  }
  if (analyzed.baseline !== undefined) {
    const { matched, unmatched } = analyzed.baseline;
    io.stderr.write(`concurrency-lens: baseline ${args.baseline}: ${matched} accepted finding(s) left out` +
      (unmatched > 0 ? `, ${unmatched} no longer found (fixed, or changed: write the baseline again to drop them)` : '') + '\n');
  }
  // A baseline just written accepts everything there is.
  if (args.writeBaseline !== undefined) return EXIT_OK;
  return reachesFailOn(result.findings, args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function render(args: CheckArgs, result: AnalysisResult, io: CliIO, pkg: PackageInfo): string {
  switch (args.format) {
    case 'json':
      return formatCheckJson(result, pkg.version);
    case 'sarif':
      return formatSarif(result, {
        toolVersion: pkg.version,
        informationUri: pkg.homepage,
        docsBaseUri: pkg.docsBaseUri,
        srcRoot: io.cwd,
        readSource: (file) => {
          try {
            return readFileSync(path.resolve(io.cwd, file), 'utf8');
          } catch {
            return undefined;
          }
        },
      });
    case 'text':
      return formatFindingsText(result, { color: useColor(io.stdout, io.env) });
  }
}

export function reachesFailOn(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold);
}
