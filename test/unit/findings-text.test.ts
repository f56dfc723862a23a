import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatChain, formatFindingsText } from '../../src/report/findings-text';
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
        '    via src/jobs/spin.ts:3 spin',
        '',
        'src/routes/files.ts',
        '  4:1    info     require() inside a hot function                       no-require-in-hot-path',
        '  10:16  warning  readFileSync blocks the event loop on a request path  no-sync-io-in-hot-path',
        '    via src/server.ts:14 <request handler> → src/routes/files.ts:10 showPage',
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

  it('formats a chain entry first', () => {
    assert.equal(
      formatChain([
        { file: 'a.ts', line: 1, symbol: 'main' },
        { file: 'b.ts', line: 2, symbol: 'handler' },
        { file: 'c.ts', line: 3, symbol: 'load' },
      ]),
      'a.ts:1 main → b.ts:2 handler → c.ts:3 load',
    );
  });
});
