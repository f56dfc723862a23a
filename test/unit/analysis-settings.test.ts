// Editor settings become analyser options; wrong values are named and dropped, the rest still applies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { optionsFromSettings } from '../../src/analysis/options-from-settings';

describe('settings to analyser options', () => {
  it('maps every setting', () => {
    const { options, problems } = optionsFromSettings('/ws', {
      rules: { 'no-sequential-await-in-loop': 'off', 'no-sync-io-in-hot-path': 'error' },
      include: ['src/**'],
      exclude: ['scripts/**'],
      entryPatterns: ['bot.command'],
      types: 'off',
      baselineFile: ' .concurrency-lens-baseline.json ',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(options, {
      baselineFile: '/ws/.concurrency-lens-baseline.json',
      paths: ['/ws'],
      cwd: '/ws',
      types: 'off',
      include: ['src/**'],
      exclude: ['scripts/**'],
      extraEntryCallees: ['bot.command'],
      severity: { 'no-sequential-await-in-loop': 'off', 'no-sync-io-in-hot-path': 'error' },
    });
  });

  it('names what is wrong and keeps the rest', () => {
    const { options, problems } = optionsFromSettings('/ws', {
      rules: { 'no-such-rule': 'off', 'no-busy-wait': 'loud', 'no-redos-regex': 'info' },
      include: ['src/**', 3, ''],
      exclude: 'scripts/**',
      types: 'sometimes',
      baselineFile: 42,
    });
    assert.equal(options.baselineFile, undefined);
    assert.deepEqual(options.severity, { 'no-redos-regex': 'info' });
    assert.deepEqual(options.include, ['src/**']);
    assert.deepEqual(options.exclude, []);
    assert.equal(options.types, 'auto');
    assert.deepEqual(problems, [
      "rules: unknown rule 'no-such-rule'",
      `rules: 'no-busy-wait' must be error, warning, info or off (got "loud")`,
      'types must be auto, on or off (got "sometimes")',
      'baselineFile must be a file path (got 42)',
      'include: 2 entries are not non-empty strings and were ignored',
      'exclude must be a list of strings',
    ]);
  });

  it('defaults to everything on, types auto', () => {
    const { options, problems } = optionsFromSettings('/ws', {});
    assert.deepEqual(problems, []);
    assert.deepEqual([options.types, options.include, options.exclude, options.extraEntryCallees, options.severity], ['auto', [], [], [], {}]);
  });
});
