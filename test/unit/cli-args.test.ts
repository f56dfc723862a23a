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
      args: { paths: ['.'], format: 'text', failOn: 'error', types: 'auto', include: [], exclude: [], entries: [], severity: {} },
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
      ]),
      {
        kind: 'check',
        args: {
          paths: ['src', 'lib/a.ts'],
          format: 'sarif',
          failOn: 'warning',
          types: 'off',
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

  it('recognises the planned commands without parsing their options', () => {
    assert.deepEqual(parseCommandLine(['report', 'x.js', '--format', 'json']), { kind: 'planned', name: 'report' });
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
