// We ship what we preach: the extension host is one event loop shared by every extension, so our own
// analyser, run on our own src/, must report no warning (info notes are allowed). A warning that is
// accepted needs a suppression that says why, in the comment itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe('our own code', () => {
  it('has no warning from our own check, on extension-host paths or anywhere else in src/', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', 'src', '--format', 'json', '--fail-on', 'never'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      findings: { severity: string; rule: string; file: string; line: number; chain: { symbol: string }[] }[];
      stats: { files: number };
    };
    assert.ok(report.stats.files > 100, `the whole of src/ was checked (${report.stats.files} files)`);
    const warnings = report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.file}:${f.line} ${f.rule} via ${f.chain[0]?.symbol}`);
    assert.deepEqual(warnings, []);
  });

  it('gives a reason with every suppression in src/', () => {
    const bare: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = /\/\/\s*concurrency-lens-disable-(?:next-line|line)\b(.*)$/.exec(line);
        // The directive's own description in a comment ("concurrency-lens-disable-next-line [rule...]") is not one.
        if (m && !/\[rule/.test(m[1]) && !/ -- \S.{10,}/.test(m[1])) bare.push(`${path.relative(ROOT, file)}:${i + 1}`);
      });
    }
    assert.deepEqual(bare, []);
  });
});
