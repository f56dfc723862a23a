// Which questions the walker puts to the type checker. Each one can cost milliseconds (the checker infers what it
// needs lazily), and on a 100k-line JavaScript service they were half the scan, so the walker asks only where the
// answer can change a finding. A recording oracle stands in for the checker: the test sees every question asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { extractFileFacts } from '../../src/analysis/file-facts';
import type { TypeOracle } from '../../src/analysis/type-oracle';

/** Walks `code` with an oracle that answers nothing and records what it was asked, by the text of the node. */
function questionsFor(code: string, projectFunctionNames: string[]): { parameterTypes: string[]; projectFunctions: string[] } {
  const asked = { parameterTypes: [] as string[], projectFunctions: [] as string[] };
  const oracle: TypeOracle = {
    resolveCallee: () => undefined,
    resolveProjectFunction: (callee) => (asked.projectFunctions.push(callee.getText()), undefined),
    isPromiseLike: () => false,
    binaryType: () => undefined,
    parameterTypeName: (p) => (asked.parameterTypes.push(p.getText()), undefined),
  };
  const sf = ts.createSourceFile('/p/app.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  extractFileFacts(sf, '/p/app.js', { resolveModule: () => undefined, extraEntryCallees: [], types: oracle, projectFunctionNames: new Set(projectFunctionNames) });
  return asked;
}

test('callbacks of array, string and promise methods and of new Promise are not asked about, a registered callback is', () => {
  const asked = questionsFor(`
    rows.map((row) => row.id);
    rows.forEach((item, index) => item);
    load().then((value) => value).catch((err) => err);
    text.replace(/x/g, (match) => match);
    new Promise((resolve, reject) => resolve());
    server.register((incoming, outgoing) => handle(incoming, outgoing));
  `, []);
  assert.deepEqual(asked.parameterTypes, ['incoming', 'outgoing']);
});

test('methods called on console or on a local array or Map are not asked about, an untracked receiver is', () => {
  const asked = questionsFor(`
    async function run(store) {
      const seen = [];
      const byId = new Map();
      console.log('x');
      seen.push(1);
      byId.get('a');
      store.push(2);
      this.repo.get('b');
      other.log('y');
    }
  `, ['push', 'get', 'log']);
  assert.deepEqual(asked.projectFunctions, ['store.push', 'this.repo.get', 'other.log']);
});

test('a dropped call on what an imported function returns is decided when linking: a client it returns, or else the checker', () => {
  const code = `
    import { getThing } from './thing';
    export async function handle() {
      getThing().save();
    }
  `;
  const sf = ts.createSourceFile('/p/app.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const oracle: TypeOracle = {
    resolveCallee: () => undefined,
    resolveProjectFunction: () => undefined,
    isPromiseLike: (e) => e.getText() === 'getThing().save()',
    binaryType: () => undefined,
    parameterTypeName: () => undefined,
  };
  const facts = extractFileFacts(sf, '/p/app.ts', { resolveModule: () => '/p/thing.ts', extraEntryCallees: [], types: oracle, projectFunctionNames: new Set() });
  const floating = facts.candidates.filter((c) => c.rule === 'no-floating-promise');
  assert.equal(floating.length, 1);
  assert.deepEqual(floating[0].requiresClient, { from: { kind: 'project-export', file: '/p/thing.ts', name: 'getThing' }, call: true, method: 'save', callbackGiven: false });
  assert.equal(floating[0].confirm?.(), true);
});
