import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisResult } from '../../src/analysis/findings';
import { RULES } from '../../src/analysis/rules';
import { computeLineHashes } from '../../src/report/line-hash';
import { buildSarifLog, FINGERPRINT_KEY, formatSarif, relativeUri, SARIF_SCHEMA_URI, type SarifFormatOptions } from '../../src/report/sarif';
import type { SarifLog, SarifResult } from '../../src/report/sarif-types';
import { emptyResult, sampleResult } from './sample-result';
import { sarifSchemaErrors, validateSarif as validate } from './sarif-schema';

function assertValidSarif(log: unknown): void {
  assert.deepEqual(sarifSchemaErrors(log), []);
}

const OPTIONS: SarifFormatOptions = {
  toolVersion: '1.2.3',
  informationUri: 'https://github.com/example/concurrency-lens',
  docsBaseUri: 'https://github.com/example/concurrency-lens/blob/HEAD/',
};

const FILES_TS = [
  "import { readFileSync } from 'fs';",
  '',
  'export function load() {',
  "  return require('./x');",
  '}',
  '',
  'export function showPage(name: string) {',
  '  // a comment',
  '',
  "  return readFileSync(`pages/${name}`, 'utf8');",
  '}',
  '',
].join('\n');

function byRule(log: SarifLog, rule: string): SarifResult {
  const r = log.runs[0].results.find((x) => x.ruleId === rule);
  assert.ok(r, `no result for ${rule}`);
  return r;
}

describe('SARIF output', () => {
  it('is valid against the SARIF 2.1.0 schema, with and without findings', () => {
    assertValidSarif(JSON.parse(formatSarif(sampleResult(), OPTIONS)));
    assertValidSarif(JSON.parse(formatSarif(emptyResult(), OPTIONS)));
    assertValidSarif(buildSarifLog(sampleResult(), { ...OPTIONS, srcRoot: '/home/me/project', readSource: () => FILES_TS }));
    assertValidSarif(buildSarifLog(sampleResult(), { toolVersion: '0.1.0-dev' }));
  });

  it('the validator does reject what GitHub rejects', () => {
    const log = buildSarifLog(sampleResult(), OPTIONS);
    const badLevel = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    badLevel.runs[0].results[0].level = 'info';
    assert.equal(validate(badLevel), false);
    const badUri = structuredClone(log);
    badUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'src/my file.ts';
    assert.equal(validate(badUri), false);
  });

  it('describes the tool and every rule of the catalogue', () => {
    const log = buildSarifLog(sampleResult(), OPTIONS);
    assert.equal(log.$schema, SARIF_SCHEMA_URI);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'concurrency-lens');
    assert.equal(driver.version, '1.2.3');
    assert.equal(driver.semanticVersion, '1.2.3');
    assert.equal(driver.informationUri, 'https://github.com/example/concurrency-lens');
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      RULES.map((r) => r.id),
    );

    const busy = driver.rules.find((r) => r.id === 'no-busy-wait');
    assert.deepEqual(busy, {
      id: 'no-busy-wait',
      name: 'NoBusyWait',
      shortDescription: { text: 'Busy-wait loop' },
      fullDescription: { text: RULES.find((r) => r.id === 'no-busy-wait')?.rationale },
      help: {
        text: RULES.find((r) => r.id === 'no-busy-wait')?.rationale,
        markdown: `**Busy-wait loop**\n\n${RULES.find((r) => r.id === 'no-busy-wait')?.rationale}\n\n[Rule documentation](https://github.com/example/concurrency-lens/blob/HEAD/docs/rules/no-busy-wait.md)`,
      },
      helpUri: 'https://github.com/example/concurrency-lens/blob/HEAD/docs/rules/no-busy-wait.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['concurrency', 'performance', 'cpu'], category: 'cpu', 'problem.severity': 'error' },
    });
    const levels = Object.fromEntries(driver.rules.map((r) => [r.id, r.defaultConfiguration?.level]));
    assert.equal(levels['no-sync-io-in-hot-path'], 'warning');
    assert.equal(levels['no-require-in-hot-path'], 'note');
  });

  it('stays within the limits GitHub documents for rules', () => {
    for (const rule of buildSarifLog(emptyResult(), OPTIONS).runs[0].tool.driver.rules) {
      assert.ok((rule.name ?? '').length <= 255, rule.id);
      assert.ok((rule.shortDescription?.text ?? '').length <= 1024, rule.id);
      assert.ok((rule.fullDescription?.text ?? '').length <= 1024, rule.id);
      assert.ok((rule.properties?.tags ?? []).length <= 10, rule.id);
      assert.ok(rule.properties?.tags?.includes(RULES.find((r) => r.id === rule.id)?.category ?? ''), rule.id);
    }
  });

  it('maps findings to results with relative locations, levels and rule indexes', () => {
    const log = buildSarifLog(sampleResult(), OPTIONS);
    const { results, tool } = log.runs[0];
    assert.equal(results.length, 3);
    for (const r of results) {
      assert.equal(tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.equal(r.locations.length, 1);
      const loc = r.locations[0].physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, '%SRCROOT%');
      assert.ok(!loc.uri.startsWith('/') && !/^[a-z]+:/i.test(loc.uri), `relative uri: ${loc.uri}`);
    }
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.level]),
      [
        ['no-busy-wait', 'error'],
        ['no-require-in-hot-path', 'note'],
        ['no-sync-io-in-hot-path', 'warning'],
      ],
    );

    const sync = byRule(log, 'no-sync-io-in-hot-path');
    assert.deepEqual(sync.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/routes/files.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 10, startColumn: 16, endLine: 10, endColumn: 40 },
    });
    assert.deepEqual(sync.properties, { category: 'sync-io', entry: 'request-handler' });
    const busy = byRule(log, 'no-busy-wait');
    assert.deepEqual(busy.locations[0].physicalLocation.region, { startLine: 3, startColumn: 3, endLine: 5, endColumn: 4 });
  });

  it('puts the chain into relatedLocations, an embedded link and a code flow, each call at its line and column', () => {
    const sync = byRule(buildSarifLog(sampleResult(), OPTIONS), 'no-sync-io-in-hot-path');
    assert.equal(sync.message.text, 'readFileSync blocks the event loop on a request path (hot path from [<request handler>](1))');
    assert.deepEqual(sync.relatedLocations, [
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'src/server.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 14, startColumn: 3 } },
        message: { text: '<request handler> calls showPage' },
      },
      {
        id: 2,
        physicalLocation: {
          artifactLocation: { uri: 'src/routes/files.ts', uriBaseId: '%SRCROOT%' },
          region: { startLine: 10, startColumn: 16, endLine: 10, endColumn: 40 },
        },
        message: { text: 'showPage' },
      },
    ]);
    assert.equal(sync.codeFlows?.length, 1);
    const flow = sync.codeFlows?.[0];
    assert.equal(flow?.message?.text, 'Hot path from <request handler> to showPage');
    assert.deepEqual(
      flow?.threadFlows[0].locations.map((l) => [
        l.location.physicalLocation.artifactLocation.uri,
        l.location.physicalLocation.region?.startLine,
        l.location.physicalLocation.region?.startColumn,
        l.location.message?.text,
        l.nestingLevel,
        l.executionOrder,
      ]),
      [
        ['src/server.ts', 14, 3, '<request handler> calls showPage', 0, 1],
        ['src/routes/files.ts', 10, 16, 'showPage', 1, 2],
      ],
    );
  });

  it('lists the other hot calls that lead to the finding after the chain, as related locations outside the code flow', () => {
    const result = sampleResult();
    const f = result.findings.find((x) => x.rule === 'no-sync-io-in-hot-path')!;
    f.callers = [{ file: 'src/jobs/render.ts', line: 7, column: 5, symbol: 'queue job', callee: 'showPage' }];
    const log = buildSarifLog(result, OPTIONS);
    assertValidSarif(log);
    const sync = byRule(log, 'no-sync-io-in-hot-path');
    const related = sync.relatedLocations?.map((l) => [l.id, l.physicalLocation.artifactLocation.uri, l.physicalLocation.region?.startLine, l.message?.text]);
    assert.deepEqual(related, [
      [1, 'src/server.ts', 14, '<request handler> calls showPage'],
      [2, 'src/routes/files.ts', 10, 'showPage'],
      [3, 'src/jobs/render.ts', 7, 'also: queue job calls showPage'],
    ]);
    assert.equal(sync.codeFlows?.[0].threadFlows[0].locations.length, 2);
  });

  it("lists the other code a finding is about (a loop's other awaits) as related locations too", () => {
    const result = sampleResult();
    const f = result.findings.find((x) => x.rule === 'no-sync-io-in-hot-path')!;
    f.related = [{ file: 'src/routes/files.ts', line: 12, column: 7, message: 'also awaited in this loop, once per item' }];
    const log = buildSarifLog(result, OPTIONS);
    assertValidSarif(log);
    const related = byRule(log, 'no-sync-io-in-hot-path').relatedLocations?.map((l) => [l.id, l.physicalLocation.region?.startLine, l.message?.text]);
    assert.deepEqual(related?.slice(-1), [[3, 12, 'also awaited in this loop, once per item']]);
  });

  it('leaves the message alone and adds no flow when the entry holds the flagged code', () => {
    const log = buildSarifLog(sampleResult(), OPTIONS);
    const busy = byRule(log, 'no-busy-wait');
    assert.equal(busy.message.text, 'Busy-wait loop blocks the event loop');
    assert.equal(busy.relatedLocations, undefined);
    assert.equal(busy.codeFlows, undefined);
    assert.equal(byRule(log, 'no-require-in-hot-path').codeFlows, undefined);
  });

  it('escapes brackets in a linked symbol', () => {
    const result = sampleResult();
    result.findings[0].chain[0].symbol = 'handlers[0]';
    assert.equal(
      byRule(buildSarifLog(result, OPTIONS), 'no-sync-io-in-hot-path').message.text,
      'readFileSync blocks the event loop on a request path (hot path from [handlers\\[0\\]](1))',
    );
  });

  it('computes GitHub’s primaryLocationLineHash from the source, as codeql-action would', () => {
    const log = buildSarifLog(sampleResult(), { ...OPTIONS, readSource: (f) => (f === 'src/routes/files.ts' ? FILES_TS : undefined) });
    const hashes = computeLineHashes(FILES_TS);
    assert.equal(byRule(log, 'no-sync-io-in-hot-path').partialFingerprints.primaryLocationLineHash, hashes[9]);
    assert.equal(byRule(log, 'no-require-in-hot-path').partialFingerprints.primaryLocationLineHash, hashes[3]);
    // Unreadable source: leave the key to the upload step instead of guessing.
    assert.equal(byRule(log, 'no-busy-wait').partialFingerprints.primaryLocationLineHash, undefined);
    assert.match(byRule(log, 'no-busy-wait').partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{16}:1$/);
  });

  it('keeps its own fingerprint when code moves, and tells identical lines apart', () => {
    const fp = (source: string, result: AnalysisResult = sampleResult()) =>
      buildSarifLog(result, { ...OPTIONS, readSource: (f) => (f === 'src/routes/files.ts' ? source : undefined) }).runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);

    const moved = sampleResult();
    for (const f of moved.findings) if (f.file === 'src/routes/files.ts') f.line += 2;
    const before = fp(FILES_TS);
    const after = fp('// header\n\n' + FILES_TS.replace('  return readFileSync', '    return  readFileSync'), moved);
    assert.deepEqual(after, before, 'unchanged by moving two lines down and re-indenting');

    const twice = sampleResult();
    twice.findings.push({ ...twice.findings[0], line: 12, column: 16, endLine: 12, endColumn: 40 });
    const source = FILES_TS + "  return readFileSync(`pages/${name}`, 'utf8');\n";
    const prints = fp(source, twice);
    const syncPrints = prints.slice(2);
    assert.equal(syncPrints.length, 2);
    assert.equal(syncPrints[0].split(':')[0], syncPrints[1].split(':')[0]);
    assert.deepEqual(
      syncPrints.map((p) => p.split(':')[1]),
      ['1', '2'],
    );
  });

  it('encodes paths as URI references and keeps absolute paths absolute', () => {
    assert.equal(relativeUri('src/my file[1].ts'), 'src/my%20file%5B1%5D.ts');
    assert.equal(relativeUri('c:odd/name#1.ts'), 'c%3Aodd/name%231.ts');
    assert.equal(relativeUri('src\\win\\path.ts'), 'src/win/path.ts');
    const result = sampleResult();
    result.findings[0].file = 'src/my routes/files.ts';
    result.findings[0].chain[1].file = 'src/my routes/files.ts';
    result.findings[1].file = '/elsewhere/spin.ts';
    const log = buildSarifLog(result, OPTIONS);
    assertValidSarif(log);
    assert.deepEqual(byRule(log, 'no-sync-io-in-hot-path').locations[0].physicalLocation.artifactLocation, {
      uri: 'src/my%20routes/files.ts',
      uriBaseId: '%SRCROOT%',
    });
    assert.deepEqual(byRule(log, 'no-busy-wait').locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/spin.ts' });
  });

  it('declares %SRCROOT% when the source root is known', () => {
    const log = buildSarifLog(emptyResult(), { ...OPTIONS, srcRoot: '/home/me/my project' });
    assert.deepEqual(log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri, 'file:///home/me/my%20project/');
    assert.equal(buildSarifLog(emptyResult(), OPTIONS).runs[0].originalUriBaseIds, undefined);
  });

  it('reports skipped and partly analysed files as tool notifications and keeps results present when empty', () => {
    const run = buildSarifLog(sampleResult(), OPTIONS).runs[0];
    assert.deepEqual(run.invocations, [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'note',
            descriptor: { id: 'skipped-file' },
            message: { text: 'Skipped vendor/huge.js: larger than 5 MB' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'vendor/huge.js', uriBaseId: '%SRCROOT%' } } }],
          },
          {
            level: 'note',
            descriptor: { id: 'partial-analysis' },
            message: { text: 'Partly analysed src/broken.ts: syntax error at line 3: ; expected; analysed the parts that parse' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' } } }],
          },
        ],
      },
    ]);
    // codeql-action refuses a run without a results array.
    assert.deepEqual(buildSarifLog(emptyResult(), OPTIONS).runs[0].results, []);
  });

  it('omits helpUri and informationUri when the project has no URL, and semanticVersion for non-semver versions', () => {
    const log = buildSarifLog(sampleResult(), { toolVersion: 'dev' });
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.informationUri, undefined);
    assert.equal(driver.semanticVersion, undefined);
    assert.ok(driver.rules.every((r) => r.helpUri === undefined));
  });

  it('describes rule ids the catalogue does not know instead of failing', () => {
    const result = sampleResult();
    result.findings[2].rule = 'py-blocking-call';
    const log = buildSarifLog(result, OPTIONS);
    assertValidSarif(log);
    const r = byRule(log, 'py-blocking-call');
    assert.equal(r.ruleIndex, RULES.length);
    assert.equal(log.runs[0].tool.driver.rules[RULES.length].id, 'py-blocking-call');
  });
});

describe('computeLineHashes (GitHub code scanning fingerprints)', () => {
  // Expected values from github/codeql-action's own fingerprint tests.
  it('matches codeql-action for line endings, whitespace and repeated lines', () => {
    assert.deepEqual(computeLineHashes(''), ['c129715d7a2bc9a3:1']);
    assert.deepEqual(computeLineHashes(' a\nb\n  \t\tc\n d'), ['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']);
    const expected = ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'];
    assert.deepEqual(computeLineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n'), expected);
    assert.deepEqual(computeLineHashes(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r'), expected);
    assert.deepEqual(computeLineHashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n'), expected);
    assert.deepEqual(computeLineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10)), [
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });
});
