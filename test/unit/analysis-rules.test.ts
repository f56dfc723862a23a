// Every fixture folder under test/fixtures/rules is a small project whose expected findings are marked in
// its sources. Each is analysed with and without the type checker; the findings must match exactly, so
// both a missed finding and a false positive fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../src/analysis';
import { FIXTURES, readExpectations, key, compare } from './fixture-expectations';

const RULE_FIXTURES = path.join(FIXTURES, 'rules');

for (const name of fs.readdirSync(RULE_FIXTURES).sort()) {
  const dir = path.join(RULE_FIXTURES, name);
  for (const types of ['off', 'on'] as const) {
    test(`fixture ${name} (types ${types})`, () => {
      const result = analyzePaths({ paths: [dir], cwd: dir, types });
      const actual = result.findings.map((f) => ({ file: f.file, line: f.line, rule: f.rule })).sort(compare).map(key);
      const expected = readExpectations(dir, types === 'on' ? ['expect', 'expect-types'] : ['expect']).map(key);
      assert.deepEqual(actual, expected);
      assert.deepEqual(result.skipped, []);
      assert.equal(result.stats.typeAware, types === 'on');
    });
  }
}

test('extra hot-path entry callees from settings make their callbacks hot', () => {
  const dir = path.join(RULE_FIXTURES, 'entries');
  const result = analyzePaths({ paths: [dir], cwd: dir, types: 'off', extraEntryCallees: ['bot.command'] });
  const actual = result.findings.map((f) => ({ file: f.file, line: f.line, rule: f.rule })).sort(compare).map(key);
  assert.deepEqual(actual, readExpectations(dir, ['expect', 'expect-custom']).map(key));
  const custom = result.findings.find((f) => f.entry === 'custom');
  assert.ok(custom, 'the bot.command callback is a custom entry');
  assert.match(custom.message, /on a hot path/);
});
