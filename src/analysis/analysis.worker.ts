// The editor's analysis worker (dist/workers/analysis-worker.js), a small loader. The analyser is three files beside
// it (scripts/build.mjs): TypeScript (typescript.js, 3.5 MB minified), the analyser itself (analysis-core.js, from
// analysis-service.ts) and TypeScript's lib files (analysis-ts-libs.js, 3 MB), which the analyser loads only for the
// type checker (ts-libs-lazy.ts). Most of the time to start the worker is V8 compiling them. With a
// cache folder from the client (workerData.codeCacheDir) each is compiled with a V8 code cache kept there, written
// once after the first analysis (so it holds the functions the analysis compiled too) and used by every later
// start; a stale cache (another build, another Node) is rejected by V8 and rewritten. Without the folder they are
// plain requires. See BENCHMARKS.md, "First diagnostics".
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { workerData } from 'node:worker_threads';
import type { CodeCacheOutcome, serve as Serve } from './analysis-service';

const started = performance.now();
const cacheDir: string | undefined = (() => {
  const dir: unknown = (workerData as { codeCacheDir?: unknown } | undefined)?.codeCacheDir;
  return typeof dir === 'string' && dir !== '' ? dir : undefined;
})();

/** Scripts compiled here, for writing their caches. */
const compiled: Array<{ script: vm.Script; cacheFile: string; used: boolean }> = [];
const outcomes: CodeCacheOutcome[] = [];

/** Loads a CommonJS file through the code cache and registers it, so that a later require() of it finds it. */
function load(path_: string): unknown {
  // require.cache is keyed by real path, as require() resolves it.
  const file = fs.realpathSync(path_);
  const known = require.cache[file];
  if (known) return known.exports;
  if (!cacheDir) return require(file);
  const stat = fs.statSync(file);
  // One cache file per build of the file and per Node version; V8 checks the rest (source hash, flags).
  const cacheFile = path.join(cacheDir, `${path.basename(file, '.js')}-${stat.size}-${Math.round(stat.mtimeMs)}-${process.version}-${process.arch}.bin`);
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData: cached,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const used = cached !== undefined && !script.cachedDataRejected;
  outcomes.push(cached === undefined ? 'none' : used ? 'used' : 'rejected');
  compiled.push({ script, cacheFile, used });
  const mod = new Module(file);
  mod.filename = file;
  require.cache[file] = mod;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (err) {
    delete require.cache[file];
    throw err;
  }
  mod.loaded = true;
  return mod.exports;
}

/** Writes the caches not used at this start. Off the analysis' way: the worker is idle by now. A failure only costs the next start its speed-up. */
function saveCaches(dir: string): void {
  if (compiled.every((c) => c.used)) return;
  void (async () => {
    try {
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const keep = new Set(compiled.map((c) => path.basename(c.cacheFile)));
      for (const c of compiled) {
        if (c.used) continue;
        const tmp = `${c.cacheFile}.${process.pid}.tmp`;
        await fs.promises.writeFile(tmp, c.script.createCachedData(), { mode: 0o600 });
        await fs.promises.rename(tmp, c.cacheFile);
      }
      // Caches of earlier builds of the same files.
      const stems = new Set(compiled.map((c) => path.basename(c.cacheFile).replace(/-\d+-\d+-v[\d.]+-\w+\.bin$/, '-')));
      for (const name of await fs.promises.readdir(dir)) {
        if (name.endsWith('.bin') && !keep.has(name) && [...stems].some((s) => name.startsWith(s))) await fs.promises.rm(path.join(dir, name), { force: true });
      }
    } catch {
      /* read-only or full disk: start without the cache next time */
    }
  })();
}

load(path.join(__dirname, 'typescript.js'));
const { serve } = load(path.join(__dirname, 'analysis-core.js')) as { serve: typeof Serve };
const codeCache: CodeCacheOutcome = !cacheDir ? 'off' : outcomes.includes('rejected') ? 'rejected' : outcomes.every((o) => o === 'used') ? 'used' : 'none';
serve({
  loadMs: performance.now() - started,
  codeCache,
  load,
  afterFirstAnalysis: cacheDir ? () => saveCaches(cacheDir) : undefined,
});
