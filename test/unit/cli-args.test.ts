import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';

function usageError(argv: string[], message: RegExp): void {
  assert.throws(
    () => parseCommandLine(argv),
    (err: unknown) => err instanceof UsageError && message.test(err.message),
    `expected a usage error matching ${message} for ${JSON.stringify(argv)}`,
  );
}

describe('parseCommandLine', () => {
  it('check has the documented defaults', () => {
    assert.deepEqual(parseCommandLine(['check']), {
      kind: 'check',
      args: { paths: ['.'], format: 'text', failOn: 'error', types: 'auto', include: [], exclude: [], entries: [], severity: {}, unknownReach: false },
    });
  });

  it('check takes paths and every option, in both --flag value and --flag=value forms', () => {
    assert.deepEqual(
      parseCommandLine([
        'check',
        'src',
        '--format',
        'sarif',
        'lib/a.ts',
        '--fail-on=warning',
        '--types',
        'off',
        '--exclude',
        '**/*.spec.ts',
        '--exclude=fixtures/**',
        '--include',
        'src/**',
        '--entry',
        'bot.command',
        '--rule=no-sequential-await-in-loop=off',
        '--rule',
        'no-sync-io-in-hot-path=error',
        '--unknown-reach',
      ]),
      {
        kind: 'check',
        args: {
          paths: ['src', 'lib/a.ts'],
          format: 'sarif',
          failOn: 'warning',
          types: 'off',
          unknownReach: true,
          include: ['src/**'],
          exclude: ['**/*.spec.ts', 'fixtures/**'],
          entries: ['bot.command'],
          severity: { 'no-sequential-await-in-loop': 'off', 'no-sync-io-in-hot-path': 'error' },
        },
      },
    );
  });

  it('accepts every documented value', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const parsed = parseCommandLine(['check', '--format', format]);
      assert.equal(parsed.kind === 'check' && parsed.args.format, format);
    }
    for (const failOn of ['error', 'warning', 'info', 'never']) {
      const parsed = parseCommandLine(['check', '--fail-on', failOn]);
      assert.equal(parsed.kind === 'check' && parsed.args.failOn, failOn);
    }
    for (const types of ['auto', 'on', 'off']) {
      const parsed = parseCommandLine(['check', '--types', types]);
      assert.equal(parsed.kind === 'check' && parsed.args.types, types);
    }
  });

  it('rejects malformed or unknown --rule overrides', () => {
    assert.throws(() => parseCommandLine(['check', '--rule', 'no-busy-wait']), /RULE=LEVEL/);
    assert.throws(() => parseCommandLine(['check', '--rule', 'no-such-rule=off']), /unknown rule 'no-such-rule'/);
    assert.throws(() => parseCommandLine(['check', '--rule', 'no-busy-wait=fatal']), /--rule must be one of error, warning, info, off/);
  });

  it('treats everything after -- as paths', () => {
    const parsed = parseCommandLine(['check', '--', '--format', '-weird']);
    assert.deepEqual(parsed.kind === 'check' && parsed.args.paths, ['--format', '-weird']);
  });

  it('rejects bad values with the allowed ones in the message', () => {
    usageError(['check', '--format', 'xml'], /^--format must be one of text, json, sarif \(got 'xml'\)$/);
    usageError(['check', '--fail-on', 'warn'], /^--fail-on must be one of error, warning, info, never \(got 'warn'\)$/);
    usageError(['check', '--types', 'yes'], /^--types must be one of auto, on, off \(got 'yes'\)$/);
    usageError(['check', '--exclude', ''], /^--exclude needs a glob$/);
  });

  it('rejects unknown options and missing values', () => {
    usageError(['check', '--colour'], /Unknown option '--colour'/);
    usageError(['check', '--format'], /--format/);
    usageError(['check', '-x'], /Unknown option '-x'/);
  });

  it('handles help and version', () => {
    assert.deepEqual(parseCommandLine(['--help']), { kind: 'help' });
    assert.deepEqual(parseCommandLine(['-h']), { kind: 'help' });
    assert.deepEqual(parseCommandLine(['help']), { kind: 'help' });
    assert.deepEqual(parseCommandLine(['help', 'check']), { kind: 'help', topic: 'check' });
    assert.deepEqual(parseCommandLine(['check', '--help']), { kind: 'help', topic: 'check' });
    assert.deepEqual(parseCommandLine(['check', 'src', '-h']), { kind: 'help', topic: 'check' });
    assert.deepEqual(parseCommandLine(['--version']), { kind: 'version' });
    assert.deepEqual(parseCommandLine(['-v']), { kind: 'version' });
    usageError(['help', 'frobnicate'], /^unknown command 'frobnicate'$/);
  });

  it('parses bench: suites in the documented order, format, quick, saving', () => {
    assert.deepEqual(parseCommandLine(['bench']), { kind: 'bench', args: { suites: ['io', 'cpu', 'serialization', 'hybrid'], format: 'text', quick: false, save: true } });
    assert.deepEqual(parseCommandLine(['bench', '--suite', 'hybrid,io', '--suite', 'cpu', '--quick', '--format', 'json', '--no-save']), {
      kind: 'bench',
      args: { suites: ['io', 'cpu', 'hybrid'], format: 'json', quick: true, save: false },
    });
    assert.deepEqual(parseCommandLine(['bench', '--results-dir', 'r', '--save']), { kind: 'bench', args: { suites: ['io', 'cpu', 'serialization', 'hybrid'], format: 'text', quick: false, save: true, resultsDir: 'r' } });
    assert.deepEqual(parseCommandLine(['bench', '-h']), { kind: 'help', topic: 'bench' });
    usageError(['bench', '--suite', 'io,gpu'], /^--suite must be a list of io, cpu, serialization, hybrid \(got 'gpu'\)$/);
    usageError(['bench', '--format', 'sarif'], /^--format must be one of text, json/);
    usageError(['bench', 'fn.js'], /^bench takes no arguments/);
    usageError(['bench', '--save', '--no-save'], /contradict/);
    usageError(['bench', '--results-dir', ' '], /^--results-dir needs a directory$/);
  });

  it('rejects a missing or unknown command', () => {
    usageError([], /^missing command$/);
    usageError(['lint'], /^unknown command 'lint'$/);
    usageError(['--format', 'json', 'check'], /^unknown option '--format' \(expected a command first\)$/);
  });
});

describe('parseCommandLine: profile', () => {
  const profile = (argv: string[]) => {
    const parsed = parseCommandLine(['profile', ...argv]);
    assert.equal(parsed.kind, 'profile');
    return (parsed as Extract<typeof parsed, { kind: 'profile' }>).args;
  };

  it('takes our flags after the script too, as the DESIGN contract writes it (profile SCRIPT --format json)', () => {
    const args = profile(['app.js', '--format', 'json', '--timeout=30', '--no-static']);
    assert.deepEqual(args.command, ['app.js']);
    assert.equal(args.format, 'json');
    assert.equal(args.timeoutSeconds, 30);
    assert.equal(args.staticAnalysis, false);
  });

  it('gives the script its own words and flags, and everything after --', () => {
    const args = profile(['--format', 'json', 'app.js', 'input.txt', '--port', '3000', '--', '--format', 'x']);
    assert.deepEqual(args.command, ['app.js', 'input.txt', '--port', '3000', '--format', 'x']);
    assert.equal(args.format, 'json');
  });

  it('still refuses an unknown flag before the script, and a command-less call', () => {
    usageError(['profile', '--port', '3', 'app.js'], /port/);
    usageError(['profile', '--format', 'json'], /needs a script/);
  });
});

describe('parseCommandLine: profile options', () => {
  it('has the documented defaults and takes every option', () => {
    assert.deepEqual(parseCommandLine(['profile', 'app.js']), {
      kind: 'profile',
      args: { command: ['app.js'], format: 'text', timeoutSeconds: 120, blockThresholdMs: 50, staticAnalysis: true, defaultThresholds: false },
    });
    assert.deepEqual(
      parseCommandLine(['profile', '--duration', '5', '--load=npx autocannon localhost:3000', '--flamegraph', 'fg', '--block-threshold', '20', '--sample-interval', '10', '--json-out', 'p.json', '--results-dir', 'r', '--default-thresholds', '--', 'npm', 'run', 'serve']),
      {
        kind: 'profile',
        args: {
          command: ['npm', 'run', 'serve'],
          format: 'text',
          timeoutSeconds: 120,
          durationSeconds: 5,
          load: 'npx autocannon localhost:3000',
          flamegraphDir: 'fg',
          blockThresholdMs: 20,
          sampleIntervalMs: 10,
          jsonOut: 'p.json',
          resultsDir: 'r',
          staticAnalysis: true,
          defaultThresholds: true,
        },
      },
    );
    assert.deepEqual(parseCommandLine(['profile', '-h']), { kind: 'help', topic: 'profile' });
    usageError(['profile', '--sample-interval', '2', 'app.js'], /^--sample-interval must be between 5 and 1000 ms$/);
    usageError(['profile', '--duration', '200', 'app.js'], /^--duration \(200 s\) is longer than --timeout \(120 s\)$/);
    usageError(['profile', '--json-out', '', 'app.js'], /^--json-out needs a file$/);
    usageError(['profile', '--out', 'x.html', 'app.js'], /out/);
  });
});

describe('parseCommandLine: report', () => {
  const report = (argv: string[]) => {
    const parsed = parseCommandLine(['report', ...argv]);
    assert.equal(parsed.kind, 'report');
    return (parsed as Extract<typeof parsed, { kind: 'report' }>).args;
  };

  it('defaults: the built-in example (no command), the HTML file in the current folder, benchmarks included', () => {
    assert.deepEqual(parseCommandLine(['report']), {
      kind: 'report',
      args: { out: 'concurrency-lens-report.html', bench: true, timeoutSeconds: 120, blockThresholdMs: 50, staticAnalysis: true, defaultThresholds: false },
    });
  });

  it('takes SCRIPT and its arguments with our options before or after it', () => {
    const expected = {
      command: ['app.js', '300'],
      out: 'r/x.html',
      markdown: 'r/x.md',
      json: 'r/x.json',
      resultsDir: 'res',
      bench: false,
      timeoutSeconds: 30,
      blockThresholdMs: 50,
      staticAnalysis: false,
      defaultThresholds: true,
    };
    assert.deepEqual(report(['app.js', '300', '--out', 'r/x.html', '--markdown=r/x.md', '--json', 'r/x.json', '--results-dir', 'res', '--no-bench', '--timeout', '30', '--no-static', '--default-thresholds']), expected);
    assert.deepEqual(report(['--out', 'r/x.html', '--markdown=r/x.md', '--json', 'r/x.json', '--results-dir', 'res', '--no-bench', '--timeout', '30', '--no-static', '--default-thresholds', 'app.js', '300']), expected);
  });

  it('takes the profile options that make sense for a report', () => {
    const args = report(['--duration', '5', '--load', 'npx autocannon localhost:3000', '--block-threshold', '20', '--flamegraph', 'fg', 'server.js']);
    assert.deepEqual(args.command, ['server.js']);
    assert.equal(args.durationSeconds, 5);
    assert.equal(args.load, 'npx autocannon localhost:3000');
    assert.equal(args.blockThresholdMs, 20);
    assert.equal(args.flamegraphDir, 'fg');
  });

  it('a command after --, with words spelt like our options left to the workload', () => {
    const args = report(['--out', 'x.html', '--', 'npm', 'run', 'crunch', '--out', 'theirs']);
    assert.deepEqual(args.command, ['npm', 'run', 'crunch', '--out', 'theirs']);
    assert.equal(args.out, 'x.html');
    assert.deepEqual(report(['app.js', '--', '--json', 'theirs.json']).command, ['app.js', '--json', 'theirs.json']);
    assert.equal(report(['app.js', '--', '--json', 'theirs.json']).json, undefined);
  });

  it('help, and bad flags or values as usage errors', () => {
    assert.deepEqual(parseCommandLine(['report', '--help']), { kind: 'help', topic: 'report' });
    assert.deepEqual(parseCommandLine(['help', 'report']), { kind: 'help', topic: 'report' });
    usageError(['report', '--format', 'json'], /format/);
    usageError(['report', '--frobnicate'], /frobnicate/);
    usageError(['report', '--out'], /out/);
    usageError(['report', '--out', ' '], /^--out needs an HTML file$/);
    usageError(['report', '--markdown', ''], /^--markdown needs a file$/);
    usageError(['report', '--timeout', '0'], /^--timeout must be a positive number \(got '0'\)$/);
    usageError(['report', '--out', 'same.html', '--json', 'same.html'], /^--out, --markdown and --json must name different files$/);
    usageError(['report', '--json-out', 'x.json'], /json-out/);
  });
});
