// End to end: the bundled CLI (dist/cli.js, built by `npm run build`, which `npm test` runs first) on a small
// project with one synchronous read in a request handler (shaped like one: (req, res)).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sarifSchemaErrors } from './sarif-schema';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const pkgVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

const SOURCE = "import { readFileSync } from 'fs';\nexport async function h(req: any, res: any) { return readFileSync('x'); }\n";

let project: string;

before(() => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  project = mkdtempSync(path.join(tmpdir(), 'cl-cli-'));
  mkdirSync(path.join(project, 'src'));
  writeFileSync(path.join(project, 'src', 'h.ts'), SOURCE);
});
after(() => rmSync(project, { recursive: true, force: true }));

function cl(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CONCURRENCY_LENS_DEBUG;
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: project, encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(r.error, undefined);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonDoc {
  tool: string;
  version: string;
  findings: {
    file: string; line: number; column: number; rule: string; category: string; severity: string; message: string;
    chain: { file: string; line: number; column?: number; symbol: string; link?: string }[];
  }[];
  stats: { files: number; durationMs: number };
  skipped: unknown[];
  notes: unknown[];
}

describe('concurrency-lens check (bundled CLI)', () => {
  it('prints the documented JSON document, and only that, on stdout', () => {
    const { code, stdout, stderr } = cl('check', '.', '--format', 'json');
    assert.equal(stderr, '');
    assert.equal(code, 0, 'a warning does not reach the default --fail-on error');
    const doc = JSON.parse(stdout) as JsonDoc;
    assert.deepEqual(Object.keys(doc), ['tool', 'version', 'findings', 'stats', 'skipped', 'notes']);
    assert.equal(doc.tool, 'concurrency-lens');
    assert.equal(doc.version, pkgVersion);
    assert.equal(typeof doc.stats.files, 'number');
    assert.equal(doc.stats.files, 1);
    assert.equal(typeof doc.stats.durationMs, 'number');
    assert.deepEqual(doc.skipped, []);
    assert.deepEqual(doc.notes, []);
    assert.equal(doc.findings.length, 1, JSON.stringify(doc.findings));
    const [f] = doc.findings;
    assert.equal(f.file, 'src/h.ts');
    assert.equal(f.line, 2);
    assert.equal(f.column, 54);
    assert.equal(f.rule, 'no-sync-io-in-hot-path');
    assert.equal(f.category, 'sync-io');
    assert.equal(f.severity, 'warning');
    assert.ok(f.chain.length >= 1);
    assert.deepEqual(f.chain.at(-1), { file: 'src/h.ts', line: 2, column: 54, symbol: 'h' });
  });

  it('exits by --fail-on', () => {
    assert.equal(cl('check', '--fail-on', 'error', '--format', 'json').code, 0);
    assert.equal(cl('check', '--fail-on', 'warning', '--format', 'json').code, 1);
    assert.equal(cl('check', '--fail-on', 'info', '--format', 'json').code, 1);
    assert.equal(cl('check', '--fail-on', 'never', '--format', 'json').code, 0);
  });

  it('writes SARIF with a relative location and GitHub’s line hash', () => {
    const { code, stdout } = cl('check', 'src', '--format', 'sarif', '--fail-on', 'warning');
    assert.equal(code, 1);
    const log = JSON.parse(stdout) as {
      version: string;
      runs: {
        tool: { driver: { version: string } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].tool.driver.version, pkgVersion);
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'no-sync-io-in-hot-path');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'src/h.ts', uriBaseId: '%SRCROOT%' });
    assert.match(result.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]+:1$/);
  });

  it('writes text without colour when stdout is not a terminal', () => {
    const { code, stdout } = cl('check', '--types', 'off');
    assert.equal(code, 0);
    assert.ok(!stdout.includes('\u001b['));
    assert.match(stdout, /^src\/h\.ts\n {2}2:54 {2}warning {2}.+ {2}no-sync-io-in-hot-path\n {4}in h\n/);
    assert.match(stdout, /✖ 1 problem \(0 errors, 1 warning, 0 info\)/);
  });

  it('exits 2 with a message and an empty stdout on a missing path', () => {
    const { code, stdout, stderr } = cl('check', 'does-not-exist', '--format', 'json');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /path does not exist: does-not-exist/);
  });

  it('exits 2 on a bad flag or value', () => {
    for (const args of [['check', '--frobnicate'], ['check', '--format', 'xml'], ['check', '--fail-on']]) {
      const { code, stdout, stderr } = cl(...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, /^concurrency-lens: /);
    }
  });

  it('prints the version, and checks report, bench and profile arguments before measuring', () => {
    assert.deepEqual(cl('--version'), { code: 0, stdout: `${pkgVersion}\n`, stderr: '' });
    const report = cl('report', 'no-such-script.js');
    assert.equal(report.code, 2);
    assert.equal(report.stdout, '');
    assert.match(report.stderr, /Script not found: .*no-such-script\.js/);
    const bench = cl('bench', '--suite', 'gpu');
    assert.equal(bench.code, 2);
    assert.equal(bench.stdout, '');
    assert.match(bench.stderr, /--suite must be a list of io, cpu, serialization, hybrid/);
    const missing = cl('profile', 'x.js', '--format', 'json');
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /Script not found: .*x\.js/);
  });
});
