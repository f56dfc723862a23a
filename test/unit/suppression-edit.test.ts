// "Suppress <rule> on this line": the exact text the edit produces, and, through the real analyser, that
// the finding is gone afterwards while other rules on the same line still report.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzePaths } from '../../src/analysis';
import { applyLineEdit, suppressionEdit } from '../../src/analysis/suppression-edit';
import { tempProject } from './temp-project';

const SERVER = `const http = require('node:http');
const fs = require('node:fs');
http.createServer((req, res) => {
  if (req.url === '/a') {
    res.end(fs.readFileSync('a.txt'));
  }
}).listen(3000);
`;

describe('suppression edit', () => {
  it('inserts a directive above the line, indented like it', () => {
    const edit = suppressionEdit(SERVER, 5, 'no-sync-io-in-hot-path');
    assert.deepEqual(edit, { line: 5, kind: 'insert', text: '    // concurrency-lens-disable-next-line no-sync-io-in-hot-path\n' });
    assert.equal(
      applyLineEdit(SERVER, edit).split('\n').slice(3, 6).join('\n'),
      `  if (req.url === '/a') {\n    // concurrency-lens-disable-next-line no-sync-io-in-hot-path\n    res.end(fs.readFileSync('a.txt'));`,
    );
  });

  it('adds the rule to a directive that is already there, keeping its reason', () => {
    const text = `a();\n  // concurrency-lens-disable-next-line no-busy-wait -- measured, fine\n  b();\n`;
    assert.deepEqual(suppressionEdit(text, 3, 'no-sync-io-in-hot-path'), {
      line: 2,
      kind: 'replace',
      text: '  // concurrency-lens-disable-next-line no-busy-wait, no-sync-io-in-hot-path -- measured, fine',
    });
    // Already listed, or a bare directive that covers every rule: the line stays as it is.
    assert.equal(suppressionEdit(text, 3, 'no-busy-wait').text, '  // concurrency-lens-disable-next-line no-busy-wait -- measured, fine');
    assert.equal(suppressionEdit('// concurrency-lens-disable-next-line\nb();', 2, 'no-busy-wait').text, '// concurrency-lens-disable-next-line');
  });

  it('keeps CRLF line breaks', () => {
    const text = 'a();\r\n\tb();\r\n';
    const edit = suppressionEdit(text, 2, 'no-busy-wait');
    assert.equal(edit.text, '\t// concurrency-lens-disable-next-line no-busy-wait\r\n');
    assert.equal(applyLineEdit(text, edit), 'a();\r\n\t// concurrency-lens-disable-next-line no-busy-wait\r\n\tb();\r\n');
  });

  it('refuses a line outside the file', () => {
    assert.throws(() => suppressionEdit('a();', 3, 'no-busy-wait'), RangeError);
  });

  it('silences the finding for the real analyser, and only that rule', async () => {
    const project = tempProject({ 'server.js': SERVER });
    try {
      const before = await analyzePaths({ paths: [project.dir], cwd: project.dir, types: 'off' });
      const finding = before.findings.find((f) => f.rule === 'no-sync-io-in-hot-path');
      assert.ok(finding, JSON.stringify(before.findings));
      fs.writeFileSync(project.file('server.js'), applyLineEdit(SERVER, suppressionEdit(SERVER, finding.line, finding.rule)));
      const after = await analyzePaths({ paths: [project.dir], cwd: project.dir, types: 'off' });
      assert.deepEqual(after.findings.filter((f) => f.rule === 'no-sync-io-in-hot-path'), []);
      assert.equal(after.findings.length, before.findings.length - 1);
    } finally {
      project.cleanup();
    }
  });
});
