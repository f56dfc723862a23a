// A synthetic analysis result shared by the formatter tests: three findings in two files (one reached through
// a two-step chain, one whose entry holds the code, one with no chain), one skipped file and one file
// analysed with a caveat.
import type { AnalysisResult } from '../../src/analysis/findings';

export function sampleResult(): AnalysisResult {
  return {
    findings: [
      {
        file: 'src/routes/files.ts',
        line: 10,
        column: 16,
        endLine: 10,
        endColumn: 40,
        rule: 'no-sync-io-in-hot-path',
        category: 'sync-io',
        severity: 'warning',
        message: 'readFileSync blocks the event loop on a request path',
        chain: [
          { file: 'src/server.ts', line: 14, column: 3, symbol: '<request handler>', link: 'call' },
          { file: 'src/routes/files.ts', line: 10, column: 16, symbol: 'showPage' },
        ],
        entry: 'request-handler',
      },
      {
        file: 'src/jobs/spin.ts',
        line: 3,
        column: 3,
        endLine: 5,
        endColumn: 4,
        rule: 'no-busy-wait',
        category: 'cpu',
        severity: 'error',
        message: 'Busy-wait loop blocks the event loop',
        chain: [{ file: 'src/jobs/spin.ts', line: 3, column: 3, symbol: 'spin' }],
        entry: 'async-function',
      },
      {
        file: 'src/routes/files.ts',
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 20,
        rule: 'no-require-in-hot-path',
        category: 'sync-io',
        severity: 'info',
        message: 'require() inside a hot function',
        chain: [],
      },
    ],
    skipped: [{ file: 'vendor/huge.js', reason: 'larger than 5 MB' }],
    notes: [{ file: 'src/broken.ts', reason: 'syntax error at line 3: ; expected; analysed the parts that parse' }],
    stats: { files: 11, durationMs: 812.4, lines: 300, typeAware: false },
  };
}

export function emptyResult(): AnalysisResult {
  return { findings: [], skipped: [], notes: [], stats: { files: 2, durationMs: 5, lines: 20, typeAware: true } };
}
