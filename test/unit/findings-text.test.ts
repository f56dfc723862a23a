import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chainHops, formatChain, formatFindingsText, formatRelated, hopText } from '../../src/report/findings-text';
import { emptyResult, sampleResult } from './sample-result';

const ESC = '\u001b[';

describe('formatFindingsText', () => {
  it('groups by file, aligns columns per file, shows chains, skipped files and a summary', () => {
    const text = formatFindingsText(sampleResult(), { color: false });
    assert.equal(
      text,
      [
        'src/jobs/spin.ts',
        '  3:3  error  Busy-wait loop blocks the event loop  no-busy-wait',
        '    in spin',
        '',
        'src/routes/files.ts',
        '  4:1    info     require() inside a hot function                       no-require-in-hot-path',
        '  10:16  warning  readFileSync blocks the event loop on a request path  no-sync-io-in-hot-path',
        '    via <request handler> (src/server.ts:14:3) calls showPage',
        '',
        'Skipped 1 file:',
        '  vendor/huge.js  larger than 5 MB',
        '',
        'Notes on 1 file:',
        '  src/broken.ts  syntax error at line 3: ; expected; analysed the parts that parse',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info)',
        'Checked 11 files in 812 ms (syntax only).',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    assert.equal(
      formatFindingsText(emptyResult(), { color: false }),
      '✔ No problems found\nChecked 2 files in 5 ms (with type information).\n',
    );
  });

  it('counts in the summary agree with the findings', () => {
    const result = sampleResult();
    result.findings = result.findings.filter((f) => f.severity !== 'error');
    result.skipped = [];
    result.notes = [];
    const lines = formatFindingsText(result, { color: false }).split('\n');
    assert.equal(lines.at(-3), '✖ 2 problems (0 errors, 1 warning, 1 info)');
  });

  it('uses no escape codes without colour and colours severities with it', () => {
    assert.ok(!formatFindingsText(sampleResult(), { color: false }).includes(ESC));
    const coloured = formatFindingsText(sampleResult(), { color: true });
    assert.ok(coloured.includes(`${ESC}31merror${ESC}39m`), 'error in red');
    assert.ok(coloured.includes(`${ESC}33mwarning${ESC}39m`), 'warning in yellow');
    assert.ok(coloured.includes(`${ESC}36minfo   ${ESC}39m`), 'info in cyan, padded inside the colour');
    assert.ok(coloured.includes(`${ESC}4msrc/routes/files.ts${ESC}24m`), 'file underlined');
    // Stripping the codes gives back exactly the plain output: colour never shifts the alignment.
    // eslint-disable-next-line no-control-regex
    assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), formatFindingsText(sampleResult(), { color: false }));
  });

  it('formats a chain entry first, each function at its call of the next, with the column', () => {
    assert.equal(
      formatChain([
        { file: 'a.ts', line: 1, column: 5, symbol: 'GET /x', link: 'call' },
        { file: 'b.ts', line: 2, column: 9, symbol: 'handler', link: 'callback' },
        { file: 'b.ts', line: 7, column: 3, symbol: '<callback of then>', link: 'nested' },
        { file: 'b.ts', line: 8, column: 5, symbol: 'parse', link: 'call' },
        { file: 'c.ts', line: 3, column: 12, symbol: 'load' },
      ]),
      'via GET /x (a.ts:1:5) calls handler (b.ts:2:9) passes <callback of then> (b.ts:7:3) defines parse (b.ts:8:5) calls load',
    );
  });

  it("lists a finding's related code under it, one line per kind", () => {
    const result = sampleResult();
    const f = result.findings[0];
    const also = 'also awaited in this loop, once per item';
    f.related = [{ file: f.file, line: 12, column: 7, message: also }, { file: f.file, line: 15, column: 7, message: also }];
    const text = formatFindingsText(result, { color: false });
    assert.match(text, /\n {4}also awaited in this loop, once per item: lines 12, 15\n/);
    assert.deepEqual(formatRelated([{ file: 'a.ts', line: 3, column: 1, message: also }], 'a.ts'), [`${also}: line 3`]);
    // Code in another file is named by its path.
    const drops = 'the callback is called here and its promise dropped';
    assert.deepEqual(formatRelated([
      { file: 'src/util/batch.ts', line: 12, column: 13, message: drops },
      { file: 'a.ts', line: 3, column: 1, message: also },
      { file: 'a.ts', line: 4, column: 1, message: also },
    ], 'a.ts'), [`${drops}: src/util/batch.ts:12`, `${also}: lines 3, 4`]);
  });

  it('does not repeat the flagged line: a chain whose entry holds the code names the entry only', () => {
    assert.equal(formatChain([{ file: 'c.ts', line: 3, column: 12, symbol: 'GET /files: listFiles' }]), 'in GET /files: listFiles');
    assert.equal(formatChain([]), '');
  });

  it('gives each link of a chain its caller, place and callee; a chain saved without columns points at column 1', () => {
    assert.deepEqual(
      chainHops([
        { file: 'server.ts', line: 58, column: 16, symbol: 'handler', link: 'call' },
        { file: 'render.ts', line: 8, column: 10, symbol: 'readTemplate' },
      ]),
      [{ caller: 'handler', file: 'server.ts', line: 58, column: 16, verb: 'calls', callee: 'readTemplate' }],
    );
    const old = chainHops([{ file: 'a.ts', line: 1, symbol: 'main' }, { file: 'b.ts', line: 2, symbol: 'load' }]);
    assert.deepEqual(old.map((h) => [h.column, hopText(h)]), [[1, 'main calls load']]);
  });
});
