// Source maps of compiled code on disk: real tsc output (separate and inline maps), sourceRoot, the tail
// of large files, and every way a map can be missing or broken (which must leave positions unmapped).
// Then maps of code compiled in memory (tsx): saved by the probe from the workload, and used before
// anything on disk; and lines that hold code from several source lines, which a line alone cannot place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { SourceMapPayload } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { SAVED_SOURCE_MAP_PATTERN, saveProfiledSourceMaps, savedSourceMapFileName } from '../../src/profiler/probe-source-maps';
import { linesSpanningSourceLines, loadSourceMap, readSourceMappingUrl, resolveSource, SourceMapCache } from '../../src/profiler/source-maps';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/hotspots/hot-loop.ts');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-maps-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** tsc output of the fixture in `dir`: src/hot-loop.ts compiled to out/hot-loop.js + out/hot-loop.js.map. */
function compileFixture(dir: string): { ts: string; js: string; map: string } {
  const ts = path.join(dir, 'src/hot-loop.ts');
  fs.mkdirSync(path.dirname(ts), { recursive: true });
  fs.copyFileSync(FIXTURE, ts);
  // --noCheck: only the emitted code and map matter here, and type checking doubles tsc's time.
  execFileSync(process.execPath, [TSC, '--noCheck', '--sourceMap', '--target', 'ES2022', '--module', 'commonjs', '--outDir', path.join(dir, 'out'), '--rootDir', path.join(dir, 'src'), ts]);
  return { ts, js: path.join(dir, 'out/hot-loop.js'), map: path.join(dir, 'out/hot-loop.js.map') };
}

/** 1-based line of the first line containing `needle`. */
function lineOf(file: string, needle: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} in ${file}`);
  return i + 1;
}

const VLQ_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += VLQ_CHARS[digit];
  } while (v > 0);
  return out;
}

/** `mappings` from [generatedLine, generatedColumn, originalLine, originalColumn] (0-based, source 0, in order). */
function mappings(segments: [number, number, number, number][]): string {
  const lines: string[][] = [];
  let prevOrigLine = 0;
  let prevOrigCol = 0;
  for (let line = 0, i = 0; i < segments.length; line++) {
    const parts: string[] = [];
    let prevGenCol = 0;
    for (; i < segments.length && segments[i][0] === line; i++) {
      const [, gc, ol, oc] = segments[i];
      parts.push(vlq(gc - prevGenCol) + vlq(0) + vlq(ol - prevOrigLine) + vlq(oc - prevOrigCol));
      prevGenCol = gc;
      prevOrigLine = ol;
      prevOrigCol = oc;
    }
    lines.push(parts);
  }
  return lines.map((p) => p.join(',')).join(';');
}

test('a tsc-compiled file maps back to the TypeScript line, through a .map file and inline', (t) => {
  const dir = tempDir(t);
  const { ts, js, map } = compileFixture(dir);
  const hotTs = lineOf(ts, '// HOT LINE');
  const hotJs = lineOf(js, '// HOT LINE');
  // Interfaces and types vanish, so the lines differ: the map is what brings them together.
  assert.notEqual(hotJs, hotTs);

  const maps = new SourceMapCache();
  assert.deepEqual(maps.originalPosition(js, hotJs), { file: ts, line: hotTs, column: lineAt(ts, hotTs).indexOf('acc.total +=') + 1, mapped: true });
  // V8 places a function at its parameter list: `function spendBudget(` in the .js.
  const fnJs = lineOf(js, 'function spendBudget(');
  const fnCol = lineAt(js, fnJs).indexOf('(') + 1;
  const fn = maps.originalPosition(js, fnJs, fnCol);
  assert.equal(fn.file, ts);
  assert.equal(fn.line, lineOf(ts, 'export function spendBudget('));
  assert.equal(fn.column, lineAt(ts, fn.line).indexOf('(') + 1);
  // "use strict" and the export helpers have no mappings.
  assert.deepEqual(maps.originalPosition(js, 1, 1), { file: js, line: 1, column: 1, mapped: false });
  // Column 1 on an indented line lies before the line's first mapping: the line's first mapping is used.
  assert.equal(maps.originalPosition(js, hotJs, 1).line, hotTs);
  assert.equal(maps.singleSource(js), ts);
  assert.equal(readSourceMappingUrl(js), 'hot-loop.js.map');
  assert.equal(loadSourceMap(js)?.location, map);

  const code = fs.readFileSync(js, 'utf8').replace(/\/\/# sourceMappingURL=.*\n?$/, '');
  const json = fs.readFileSync(map, 'utf8');
  const base64 = path.join(dir, 'out/inline-base64.js');
  fs.writeFileSync(base64, `${code}//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(json).toString('base64')}\n`);
  const encoded = path.join(dir, 'out/inline-encoded.js');
  fs.writeFileSync(encoded, `${code}//# sourceMappingURL=data:application/json,${encodeURIComponent(json)}`);
  for (const inline of [base64, encoded]) {
    const loaded = loadSourceMap(inline);
    assert.equal(loaded?.inline, true);
    assert.equal(loaded?.location, inline);
    // Relative sources of an inline map resolve against the generated file's directory.
    assert.deepEqual(loaded?.sources, [ts]);
    assert.equal(maps.originalPosition(inline, hotJs).line, hotTs);
    assert.equal(maps.originalPosition(inline, hotJs).file, ts);
  }
});

function lineAt(file: string, line: number): string {
  return fs.readFileSync(file, 'utf8').split('\n')[line - 1];
}

test('sources resolve with sourceRoot against the map file, not the generated file', (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'out'));
  fs.mkdirSync(path.join(dir, 'maps'));
  const js = path.join(dir, 'out/app.js');
  fs.writeFileSync(js, 'a();\n  b();\nc();\n//# sourceMappingURL=../maps/app.js.map\n');
  const map = {
    version: 3,
    sources: ['app.ts'],
    sourceRoot: '../src',
    names: [],
    mappings: mappings([
      [0, 0, 4, 0],
      [1, 2, 9, 4],
      [2, 0, 20, 0],
    ]),
  };
  fs.writeFileSync(path.join(dir, 'maps/app.js.map'), JSON.stringify(map));
  const maps = new SourceMapCache();
  const src = path.join(dir, 'src/app.ts');
  assert.deepEqual(maps.originalPosition(js, 1, 1), { file: src, line: 5, column: 1, mapped: true });
  assert.deepEqual(maps.originalPosition(js, 2), { file: src, line: 10, column: 5, mapped: true });
  assert.deepEqual(maps.originalPosition(js, 2, 1), { file: src, line: 10, column: 5, mapped: true });
  assert.deepEqual(maps.originalPosition(js, 3, 3), { file: src, line: 21, column: 1, mapped: true });
  // Past the last mapped line: nothing on that line maps.
  assert.equal(maps.originalPosition(js, 4, 1).mapped, false);

  assert.equal(resolveSource('a.ts', 'src/', '/m'), path.resolve('/m/src/a.ts'));
  assert.equal(resolveSource('/abs/a.ts', 'src', '/m'), '/abs/a.ts');
  assert.equal(resolveSource('a.ts', 'file:///root/src', '/m'), '/root/src/a.ts');
  assert.equal(resolveSource('./src/a.ts', 'webpack://app/', '/m'), 'webpack://app/./src/a.ts');
});

test('the comment is found in the tail of a large file, past a long inline map and a later comment', (t) => {
  const dir = tempDir(t);
  const js = path.join(dir, 'bundle.js');
  // 1 MB of code, then an inline map longer than one read chunk (a big sourcesContent), then a sourceURL.
  const body = 'x();\n'.repeat(200_000);
  const map = { version: 3, sources: ['big.ts'], sourcesContent: ['y'.repeat(300_000)], names: [], mappings: mappings([[199_999, 0, 41, 2]]) };
  fs.writeFileSync(js, `${body}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n//# sourceURL=bundle.js\n\n`);
  assert.deepEqual(new SourceMapCache().originalPosition(js, 200_000, 1), { file: path.join(dir, 'big.ts'), line: 42, column: 3, mapped: true });
  // A map over the size limit is not read at all.
  assert.equal(new SourceMapCache({ maxMapBytes: 100_000 }).originalPosition(js, 200_000, 1).mapped, false);
  // Legacy `//@` comments count too.
  const legacy = path.join(dir, 'legacy.js');
  fs.writeFileSync(legacy, `x();\n//@ sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ ...map, mappings: 'AAAA' })).toString('base64')}`);
  assert.equal(new SourceMapCache().originalPosition(legacy, 1, 1).line, 1);
  assert.equal(new SourceMapCache().originalPosition(legacy, 1, 1).mapped, true);
});

test('missing, unreadable or broken maps leave positions unmapped and never throw', (t) => {
  const dir = tempDir(t);
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const cases = [
    write('no-comment.js', 'a();\n'),
    write('missing.js', 'a();\n//# sourceMappingURL=missing.js.map\n'),
    write('bad-json.js', 'a();\n//# sourceMappingURL=bad-json.js.map\n'),
    write('bad-mappings.js', 'a();\n//# sourceMappingURL=bad-mappings.js.map\n'),
    write('not-object.js', 'a();\n//# sourceMappingURL=not-object.js.map\n'),
    write('bad-base64.js', 'a();\n//# sourceMappingURL=data:application/json;base64,@@@@\n'),
    write('bad-encoding.js', 'a();\n//# sourceMappingURL=data:application/json,%E0%A4%A\n'),
    write('remote.js', 'a();\n//# sourceMappingURL=https://example.com/remote.js.map\n'),
    write('empty.js', ''),
    path.join(dir, 'does-not-exist.js'),
    dir,
  ];
  write('bad-json.js.map', '{"version":3,');
  write('bad-mappings.js.map', JSON.stringify({ version: 3, sources: ['a.ts'] }));
  write('not-object.js.map', '42');
  const maps = new SourceMapCache();
  for (const file of cases) {
    assert.deepEqual(maps.originalPosition(file, 1, 1), { file, line: 1, column: 1, mapped: false }, file);
    assert.deepEqual(maps.originalPosition(file, 3), { file, line: 3, column: 1, mapped: false }, file);
    assert.equal(maps.singleSource(file), undefined);
  }
});

/**
 * What tsx makes of a .ts file (its esbuild options: one line of code, names kept) and the map Node then
 * holds for it, whose sources Node has resolved to file: URLs.
 */
function compileLikeTsx(ts: string): { code: string; payload: SourceMapPayload } {
  const out = transformSync(fs.readFileSync(ts, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: 'external', minifyWhitespace: true, keepNames: true, sourcefile: ts });
  const payload = JSON.parse(out.map) as SourceMapPayload;
  return { code: out.code, payload: { ...payload, sources: [pathToFileURL(ts).href], sourcesContent: [] } };
}

/** 1-based line and column of the first `needle` in `code`, plus `offset` characters. */
function positionOf(code: string, needle: string, offset = 0): { line: number; column: number } {
  const lines = code.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return { line: line + 1, column: lines[line].indexOf(needle) + offset + 1 };
}

test('a map saved from the workload maps one-line loader output back to the TypeScript lines', (t) => {
  const dir = tempDir(t);
  const ts = path.join(dir, 'src/hot-loop.ts');
  fs.mkdirSync(path.dirname(ts), { recursive: true });
  fs.copyFileSync(FIXTURE, ts);
  const probeDir = path.join(dir, 'probe');
  fs.mkdirSync(probeDir);
  const { code, payload } = compileLikeTsx(ts);
  const url = pathToFileURL(ts).href;

  // The probe's side: the profile names the .ts file, and Node holds a map for it.
  const profile = path.join(probeDir, 'cpu-4242-0.cpuprofile');
  fs.writeFileSync(profile, JSON.stringify({ nodes: [{ id: 1, callFrame: { functionName: 'spendBudget', url, lineNumber: 0, columnNumber: 9 } }] }));
  assert.equal(saveProfiledSourceMaps(probeDir, profile, 4242, { find: (u) => (u === url ? { payload } : undefined) }), 1);
  const saved = fs.readdirSync(probeDir).filter((f) => SAVED_SOURCE_MAP_PATTERN.test(f));
  assert.deepEqual(saved, [savedSourceMapFileName(4242, ts)]);
  // Copies that cannot be used are passed over: broken JSON, and a hash that matches but a path that does not.
  fs.writeFileSync(path.join(probeDir, savedSourceMapFileName(1, ts)), '{"file":');
  fs.writeFileSync(path.join(probeDir, savedSourceMapFileName(2, ts)), JSON.stringify({ file: path.join(dir, 'other.ts'), url, payload }));

  // The report's side. V8 places a function at its parameter list; the whole program is on one line.
  const fn = positionOf(code, 'function spendBudget(', 'function spendBudget'.length);
  const hot = positionOf(code, 'acc.total+=');
  assert.equal(fn.line, hot.line, 'one line of JavaScript');
  const maps = new SourceMapCache({ savedMapDirs: [probeDir] });
  assert.equal(maps.mapFor(ts)?.saved, path.join(probeDir, saved[0]));
  const def = maps.originalPosition(ts, fn.line, fn.column);
  assert.deepEqual([def.file, def.line, def.mapped], [ts, lineOf(ts, 'export function spendBudget('), true]);
  const loop = maps.originalPosition(ts, hot.line, hot.column);
  assert.deepEqual([loop.file, loop.line, loop.mapped], [ts, lineOf(ts, '// HOT LINE'), true]);
  assert.equal(maps.singleSource(ts), ts);
  // A line tick has no column, and this line holds the whole file: it is not placed, and it is not
  // given as a line of the .ts file either (the fault: every hotspot on line 2 of the .ts, a comment).
  assert.deepEqual(maps.originalPosition(ts, hot.line), { file: url, line: hot.line, column: 1, mapped: false });

  // Without the saved map the .ts file on disk has no map, and the positions stay those of the JavaScript.
  assert.deepEqual(new SourceMapCache().originalPosition(ts, fn.line, fn.column), { file: ts, line: fn.line, column: fn.column, mapped: false });
  assert.deepEqual(new SourceMapCache({ savedMapDirs: [path.join(dir, 'missing')] }).originalPosition(ts, fn.line, fn.column).mapped, false);
});

test('a saved map comes before the file\'s own comment: it is the map of the code that ran', (t) => {
  const dir = tempDir(t);
  const js = path.join(dir, 'app.js');
  const onDisk = { version: 3, sources: ['disk.ts'], names: [], mappings: mappings([[0, 0, 4, 0]]) };
  fs.writeFileSync(js, `a();\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(onDisk)).toString('base64')}\n`);
  const inMemory = { version: 3, sources: ['memory.ts'], names: [], mappings: mappings([[0, 0, 9, 0]]) } as unknown as SourceMapPayload;
  fs.writeFileSync(path.join(dir, savedSourceMapFileName(7, js)), JSON.stringify({ file: js, url: pathToFileURL(js).href, payload: inMemory }));
  assert.deepEqual(new SourceMapCache({ savedMapDirs: [dir] }).originalPosition(js, 1, 1), { file: path.join(dir, 'memory.ts'), line: 10, column: 1, mapped: true });
  assert.deepEqual(new SourceMapCache().originalPosition(js, 1, 1), { file: path.join(dir, 'disk.ts'), line: 5, column: 1, mapped: true });
});

test('the probe saves the maps of profiled scripts only: not libraries, Node, its own files, or twice', (t) => {
  const dir = tempDir(t);
  const app = path.join(dir, 'app.ts');
  const lib = path.join(dir, 'node_modules/lib/index.js');
  const probeOwn = path.join(dir, 'probe/probe.js');
  const noMap = path.join(dir, 'plain.js');
  const urls = [pathToFileURL(app).href, pathToFileURL(lib).href, pathToFileURL(probeOwn).href, pathToFileURL(noMap).href, 'node:internal/timers', ''];
  const profile = path.join(dir, 'cpu-1-0.cpuprofile');
  fs.writeFileSync(profile, JSON.stringify({ nodes: urls.map((url, id) => ({ id, callFrame: { functionName: 'f', url, lineNumber: 0, columnNumber: 0 } })) }));
  const asked: string[] = [];
  const find = (url: string) => {
    asked.push(url);
    return url === pathToFileURL(noMap).href ? undefined : { payload: { version: 3, sources: ['x.ts'], names: [], mappings: 'AAAA' } as unknown as SourceMapPayload };
  };
  const options = { find, skipDirs: [path.dirname(probeOwn)] };
  assert.equal(saveProfiledSourceMaps(dir, profile, 1, options), 1);
  assert.deepEqual(asked, [pathToFileURL(app).href, pathToFileURL(noMap).href]);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('source-map-')), [savedSourceMapFileName(1, app)]);
  // Another thread of the same process finds the copy there; a missing profile saves nothing, quietly.
  assert.equal(saveProfiledSourceMaps(dir, profile, 1, options), 0);
  assert.equal(saveProfiledSourceMaps(dir, path.join(dir, 'missing.cpuprofile'), 1, options), 0);
  assert.equal(saveProfiledSourceMaps(dir, profile, 1, { ...options, find: () => { throw new Error('boom'); } }), 0);
});

test('a line without a column that holds code from several source lines is not placed; one source line is', (t) => {
  const dir = tempDir(t);
  const js = path.join(dir, 'app.js');
  fs.writeFileSync(js, 'a();b();\nc();d();\n//# sourceMappingURL=app.js.map\n');
  const map = { version: 3, sources: ['app.ts'], names: [], mappings: mappings([[0, 0, 2, 0], [0, 4, 6, 0], [1, 0, 9, 0], [1, 4, 9, 6]]) };
  fs.writeFileSync(path.join(dir, 'app.js.map'), JSON.stringify(map));
  const maps = new SourceMapCache();
  const ts = path.join(dir, 'app.ts');
  assert.deepEqual(maps.originalPosition(js, 1), { file: js, line: 1, column: 1, mapped: false });
  assert.deepEqual(maps.originalPosition(js, 1, 5), { file: ts, line: 7, column: 1, mapped: true });
  assert.deepEqual(maps.originalPosition(js, 2), { file: ts, line: 10, column: 1, mapped: true });
  assert.deepEqual([...linesSpanningSourceLines(map as unknown as SourceMapPayload)], [0]);
  // Index maps: sections from two sources on one line, and a line with one.
  const indexMap = {
    version: 3,
    sections: [
      { offset: { line: 0, column: 0 }, map: { version: 3, sources: ['a.ts'], names: [], mappings: mappings([[0, 0, 3, 0]]) } },
      { offset: { line: 0, column: 10 }, map: { version: 3, sources: ['b.ts'], names: [], mappings: mappings([[0, 0, 3, 0]]) } },
      { offset: { line: 1, column: 0 }, map: { version: 3, sources: ['c.ts'], names: [], mappings: mappings([[0, 0, 5, 0], [0, 6, 5, 2]]) } },
    ],
  };
  assert.deepEqual([...linesSpanningSourceLines(indexMap as unknown as SourceMapPayload)], [0]);
  assert.throws(() => linesSpanningSourceLines({ version: 3, sources: ['a.ts'], names: [], mappings: 'A!' } as unknown as SourceMapPayload));
});
