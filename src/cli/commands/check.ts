import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
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

export function runCheck(args: CheckArgs, io: CliIO, analyze: AnalyzeFn, pkg: PackageInfo): number {
  const missing = args.paths.filter((p) => !existsSync(path.resolve(io.cwd, p)));
  if (missing.length > 0) {
    throw new UsageError(`${missing.length === 1 ? 'path does not exist' : 'paths do not exist'}: ${missing.join(', ')}`);
  }

  const analysed = analyze({
    paths: args.paths.map((p) => path.resolve(io.cwd, p)),
    cwd: io.cwd,
    types: args.types,
    include: args.include,
    exclude: args.exclude,
    extraEntryCallees: args.entries,
    severity: args.severity,
  });
  // Unknown reach means no entry was found for the code: a note for the editor's hints, not for CI, unless asked.
  const result = args.unknownReach ? analysed : { ...analysed, findings: analysed.findings.filter((f) => f.reach !== 'unknown') };

  // Formatting finishes before anything is written, so a failure leaves stdout empty rather than half a document.
  const output = render(args, result, io, pkg);
  io.stdout.write(output);

  if (result.stats.files === 0) {
    io.stderr.write(`concurrency-lens: warning: no JavaScript or TypeScript files to analyse in ${args.paths.join(', ')}\n`);
  }
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
