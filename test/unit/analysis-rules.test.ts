// Every fixture folder under test/fixtures/rules is a small project whose expected findings are marked in
// its sources. Each is analysed with and without the type checker; the findings must match exactly, so
// both a missed finding and a false positive fail. `@expect-once` marks a finding in a lazy one-time
// initialisation and `@expect-unknown` one that no known entry reaches (both at info); they must carry that
// reach. In the folders of REACH_FIXTURES a plain `@expect` must also be plainly hot (no reach at all); the
// older detector fixtures use async functions as their hot code, which is now "unknown" reach, and test the
// detectors rather than the hot-path model.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePaths } from '../../src/analysis';
import { loadPythonParser } from '../../src/analysis/python/parser';
import { FIXTURES, readExpectations, key, compare } from './fixture-expectations';

// Folders of Python fixtures (`# @expect rule-id`) need the WebAssembly parser, which loads asynchronously.
before(() => loadPythonParser());

const RULE_FIXTURES = path.join(FIXTURES, 'rules');
const REACH_FIXTURES = new Set(['entries', 'frameworks', 'startup', 'lazy-init', 'vscode-extension', 'cpu-libraries']);
const REACH_TAGS = { 'expect-once': 'once', 'expect-unknown': 'unknown' } as const;

for (const name of fs.readdirSync(RULE_FIXTURES).sort()) {
  const dir = path.join(RULE_FIXTURES, name);
  for (const types of ['off', 'on'] as const) {
    test(`fixture ${name} (types ${types})`, () => {
      const result = analyzePaths({ paths: [dir], cwd: dir, types });
      const actual = result.findings.map((f) => ({ file: f.file, line: f.line, rule: f.rule })).sort(compare).map(key);
      const plain = types === 'on' ? ['expect', 'expect-types'] : ['expect'];
      const expected = readExpectations(dir, [...plain, ...Object.keys(REACH_TAGS)]).sort(compare).map(key);
      assert.deepEqual(actual, expected);
      const reachOf = new Map(result.findings.map((f) => [key(f), f.reach ?? 'hot']));
      for (const [tag, reach] of Object.entries(REACH_TAGS)) {
        for (const e of readExpectations(dir, [tag])) assert.equal(reachOf.get(key(e)), reach, `${key(e)} is reached ${reach}`);
      }
      if (REACH_FIXTURES.has(name)) {
        for (const e of readExpectations(dir, plain)) assert.equal(reachOf.get(key(e)), 'hot', `${key(e)} is on a hot path`);
      }
      assert.deepEqual(result.skipped, []);
      // The type checker is for JavaScript and TypeScript: a Python-only folder never starts it.
      const onlyPython = fs.readdirSync(dir, { recursive: true }).every((f) => !/\.[cm]?[jt]sx?$/.test(String(f)));
      assert.equal(result.stats.typeAware, types === 'on' && !onlyPython);
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

test('a handler a project function makes is an entry of the route it is registered on', () => {
  const dir = path.join(RULE_FIXTURES, 'entries');
  const result = analyzePaths({ paths: [dir], cwd: dir, types: 'off' });
  const chainAt = (line: number) => result.findings.find((f) => f.file === 'factories.ts' && f.line === line)?.chain.map((s) => s.symbol);
  assert.deepEqual(chainAt(12), ['GET /a']);
  assert.deepEqual(chainAt(15), ["on 'entry'"]);
  const dropped = result.findings.find((f) => f.file === 'factories.ts' && f.rule === 'no-floating-promise');
  assert.deepEqual(dropped?.chain.map((s) => s.symbol), ["on 'created'"]);
  assert.ok(dropped.related?.some((r) => r.message === 'the callback is handed to an emitter here, which drops its promise' && r.line === 25));
});

test("pdf-parse 2's getText is a warning with its measured cost; pdf-parse 1's function, unmeasured, a note", () => {
  const dir = path.join(RULE_FIXTURES, 'cpu-libraries');
  const result = analyzePaths({ paths: [dir], cwd: dir, types: 'off' });
  const at = (file: string) => result.findings.find((f) => f.file === file);
  assert.equal(at('uploads.ts')?.severity, 'warning');
  assert.match(at('uploads.ts')?.message ?? '', /^PDFParse#getText \(pdf-parse\) parses the whole PDF with pdf\.js on the event loop on a request path: about 23 ms/);
  assert.equal(at('uploads-v1.js')?.severity, 'info');
});
