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
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(options, {
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
    });
    assert.deepEqual(options.severity, { 'no-redos-regex': 'info' });
    assert.deepEqual(options.include, ['src/**']);
    assert.deepEqual(options.exclude, []);
    assert.equal(options.types, 'auto');
    assert.deepEqual(problems, [
      "rules: unknown rule 'no-such-rule'",
      `rules: 'no-busy-wait' must be error, warning, info or off (got "loud")`,
      'types must be auto, on or off (got "sometimes")',
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
