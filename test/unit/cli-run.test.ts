// The CLI's dispatch, exit codes and stream discipline, in-process with a fake analyser. The real analyser
// and the bundle are exercised by cli.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnalysisResult } from '../../src/analysis/findings';
import type { AnalyzerOptions } from '../../src/analysis/options';
import { reachesFailOn } from '../../src/cli/commands/check';
import type { CliIO } from '../../src/cli/io';
import { run, type CliDeps } from '../../src/cli/run';
import { readPackageInfo, toInfo } from '../../src/cli/version';
import { emptyResult, sampleResult } from './sample-result';

let dir: string;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cl-run-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  calls: AnalyzerOptions[];
}

function invoke(
  argv: string[],
  result: AnalysisResult | (() => AnalysisResult) = sampleResult(),
  opts: { tty?: boolean; env?: Record<string, string> } = {},
): Captured {
  let stdout = '';
  let stderr = '';
  const calls: AnalyzerOptions[] = [];
  const io: CliIO = {
    cwd: dir,
    env: opts.env ?? {},
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
  };
  const deps: CliDeps = {
    analyze: (options) => {
      calls.push(options);
      return typeof result === 'function' ? result() : result;
    },
    packageInfo: () => ({ version: '9.8.7' }),
    profile: () => Promise.reject(new Error('profile is not used by these tests')),
    flamegraph: () => Promise.reject(new Error('flamegraph is not used by these tests')),
    bench: () => Promise.reject(new Error('bench is not used by these tests')),
  };
  const code = run(argv, io, deps);
  if (typeof code !== 'number') throw new Error(`${argv[0]} answered asynchronously`);
  return { code, stdout, stderr, calls };
}

describe('check exit codes', () => {
  it('follows --fail-on: the sample has one error, one warning and one info', () => {
    assert.equal(invoke(['check']).code, 1, 'default is error');
    assert.equal(invoke(['check', '--fail-on', 'error']).code, 1);
    assert.equal(invoke(['check', '--fail-on', 'warning']).code, 1);
    assert.equal(invoke(['check', '--fail-on', 'info']).code, 1);
    assert.equal(invoke(['check', '--fail-on', 'never']).code, 0);
  });

  it('is 0 when nothing reaches the threshold', () => {
    const infoOnly = sampleResult();
    infoOnly.findings = infoOnly.findings.filter((f) => f.severity === 'info');
    assert.equal(invoke(['check'], infoOnly).code, 0);
    assert.equal(invoke(['check', '--fail-on', 'warning'], infoOnly).code, 0);
    assert.equal(invoke(['check', '--fail-on', 'info'], infoOnly).code, 1);
    assert.equal(invoke(['check', '--fail-on', 'info'], emptyResult()).code, 0);
  });

  it('reachesFailOn compares by rank', () => {
    const [warning] = sampleResult().findings;
    assert.equal(reachesFailOn([warning], 'error'), false);
    assert.equal(reachesFailOn([warning], 'warning'), true);
    assert.equal(reachesFailOn([warning], 'info'), true);
    assert.equal(reachesFailOn([warning], 'never'), false);
    assert.equal(reachesFailOn([], 'info'), false);
  });
});

describe('check output', () => {
  it('json: the documented document on stdout and nothing on stderr', () => {
    const { code, stdout, stderr } = invoke(['check', '--format', 'json', '--fail-on', 'never']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ['tool', 'version', 'findings', 'stats', 'skipped', 'notes']);
    assert.equal(doc.tool, 'concurrency-lens');
    assert.equal(doc.version, '9.8.7');
    assert.deepEqual(doc.stats, sampleResult().stats);
    assert.deepEqual(doc.skipped, sampleResult().skipped);
    assert.deepEqual(doc.notes, sampleResult().notes);
    const findings = doc.findings as { file: string; line: number; rule: string }[];
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
      ['src/jobs/spin.ts:3 no-busy-wait', 'src/routes/files.ts:4 no-require-in-hot-path', 'src/routes/files.ts:10 no-sync-io-in-hot-path'],
    );
  });

  it('sarif: one SARIF document on stdout, with %SRCROOT% at the working directory', () => {
    const { code, stdout } = invoke(['check', '--format', 'sarif']);
    assert.equal(code, 1);
    const log = JSON.parse(stdout) as { version: string; runs: { originalUriBaseIds: Record<string, { uri: string }>; results: unknown[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].results.length, 3);
    assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, `file://${dir}/`);
  });

  it('text: colour only on a terminal and never with NO_COLOR', () => {
    assert.ok(!invoke(['check']).stdout.includes('\u001b['));
    assert.ok(invoke(['check'], sampleResult(), { tty: true }).stdout.includes('\u001b['));
    assert.ok(!invoke(['check'], sampleResult(), { tty: true, env: { NO_COLOR: '1' } }).stdout.includes('\u001b['));
    assert.ok(invoke(['check'], sampleResult(), { tty: true, env: { NO_COLOR: '' } }).stdout.includes('\u001b['));
  });

  it('passes paths (absolute), globs, entries, rule levels and the type mode to the analyser', () => {
    const { calls } = invoke(['check', 'src', '--types', 'off', '--include', 'src/**', '--exclude', '**/gen/**', '--entry', 'queue.process', '--rule', 'no-busy-wait=warning']);
    assert.deepEqual(calls, [{
      paths: [path.join(dir, 'src')], cwd: dir, types: 'off', include: ['src/**'], exclude: ['**/gen/**'],
      extraEntryCallees: ['queue.process'], severity: { 'no-busy-wait': 'warning' }, skipUnknownReach: true,
    }]);
    assert.deepEqual(invoke(['check']).calls[0].paths, [dir]);
  });

  it('asks for unknown reach only when it is shown or a baseline reads or writes it', () => {
    const skips = (args: string[]): boolean | undefined => invoke(['check', ...args]).calls[0]?.skipUnknownReach;
    assert.equal(skips([]), true);
    assert.equal(skips(['--unknown-reach']), false);
    assert.equal(skips(['--baseline', 'base.json']), false);
    assert.equal(skips(['--write-baseline', path.join(dir, 'out-base.json')]), false);
  });

  it('warns on stderr when there was nothing to analyse', () => {
    const none: AnalysisResult = { findings: [], skipped: [], notes: [], stats: { files: 0, durationMs: 1, lines: 0, typeAware: false } };
    const { code, stderr, stdout } = invoke(['check', '--format', 'json'], none);
    assert.equal(code, 0);
    assert.match(stderr, /warning: no JavaScript, TypeScript or Python files to analyse in \./);
    assert.equal((JSON.parse(stdout) as { findings: unknown[] }).findings.length, 0);
  });
});

describe('errors exit 2 with a message on stderr and nothing on stdout', () => {
  it('a missing path', () => {
    const { code, stdout, stderr, calls } = invoke(['check', 'src', 'nope', '--format', 'json']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^concurrency-lens: path does not exist: nope\n/);
    assert.equal(calls.length, 0);
  });

  it('a bad flag', () => {
    const { code, stdout, stderr } = invoke(['check', '--format', 'xml']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, "concurrency-lens: --format must be one of text, json, sarif (got 'xml')\nRun 'concurrency-lens --help' for usage.\n");
  });

  it('an analyser failure', () => {
    const boom = () => {
      throw new Error('parser exploded');
    };
    const { code, stdout, stderr } = invoke(['check', '--format', 'sarif'], boom);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^concurrency-lens: internal error: parser exploded\n/);
    assert.match(invoke(['check'], boom, { env: { CONCURRENCY_LENS_DEBUG: '1' } }).stderr, /at boom/);
  });

  it('no command: the overview on stderr', () => {
    const { code, stdout, stderr } = invoke([]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^Usage: concurrency-lens <command>/);
  });

  it('report of a script that does not exist: exit 2 before anything is profiled or measured', async () => {
    let stdout = '';
    let stderr = '';
    const fail = (what: string) => () => Promise.reject(new Error(`${what} must not run`));
    const code = await run(
      ['report', 'script.js'],
      { cwd: dir, env: {}, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
      { analyze: () => sampleResult(), packageInfo: () => ({ version: '9.8.7' }), profile: fail('profile'), flamegraph: fail('flamegraph'), bench: fail('bench') },
    );
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `concurrency-lens: Script not found: ${path.join(dir, 'script.js')}\n`);
  });
});

describe('help and version', () => {
  it('print to stdout and exit 0', () => {
    const help = invoke(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: concurrency-lens <command>/);
    const checkHelp = invoke(['check', '--help']);
    assert.equal(checkHelp.code, 0);
    assert.match(checkHelp.stdout, /--fail-on <error\|warning\|info\|never>/);
    assert.equal(checkHelp.calls.length, 0);
    assert.deepEqual(invoke(['--version']), { code: 0, stdout: '9.8.7\n', stderr: '', calls: [] });
  });

  it('reads the version from package.json', () => {
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const pkg = require(path.join(repoRoot, 'package.json')) as { version: string };
    assert.equal(readPackageInfo(__dirname).version, pkg.version);
  });

  it('turns package.json repository spellings into documentation links', () => {
    assert.deepEqual(toInfo({ version: '1.0.0', repository: { type: 'git', url: 'git+https://github.com/o/r.git' } }), {
      version: '1.0.0',
      homepage: 'https://github.com/o/r',
      docsBaseUri: 'https://github.com/o/r/blob/HEAD/',
    });
    assert.deepEqual(toInfo({ version: '1.0.0', repository: 'github:o/r', homepage: 'https://lens.example/' }), {
      version: '1.0.0',
      homepage: 'https://lens.example/',
      docsBaseUri: 'https://github.com/o/r/blob/HEAD/',
    });
    assert.deepEqual(toInfo({ version: '1.0.0', repository: 'https://gitlab.com/o/r' }), { version: '1.0.0', homepage: 'https://gitlab.com/o/r' });
    assert.deepEqual(toInfo({ version: '1.0.0' }), { version: '1.0.0' });
  });
});
