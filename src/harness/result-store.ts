// Saves results as JSON files named by their timestamp, so they survive restarts and sort by time, and
// reads the newest back for the advisor. Asynchronous, because the editor calls both on the extension
// host's loop (a result is ~100 KB; a folder of them is read newest first).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchLanguage, BenchResult } from './result-types';

export function defaultResultsDir(home: string = os.homedir()): string {
  return path.join(home, '.concurrency-lens', 'bench');
}

/**
 * Writes `<prefix>-<createdAt>.json` (colons replaced, for file systems that refuse them); returns its
 * path. Only `bench-` files are read back for thresholds; runs of a user's function are `function-`.
 * Python runs are `bench-python-`: they judge Python profiles, never Node ones.
 */
export async function saveResult(result: BenchResult, dir: string, prefix: 'bench' | 'function' = 'bench'): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = resultFile(result, dir, prefix);
  // Write then rename, so a reader never sees half a file.
  await fs.writeFile(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await fs.rename(`${file}.tmp`, file);
  return file;
}

/** Where saveResult puts a result: also where a loaded result came from, when it was saved under its own name. */
export function resultFile(result: Pick<BenchResult, 'createdAt' | 'language'>, dir: string, prefix: 'bench' | 'function' = 'bench'): string {
  return path.join(dir, `${prefix}${result.language === 'python' ? '-python' : ''}-${result.createdAt.replace(/:/g, '-')}.json`);
}

/** The benchmarks a profile of this language is judged by: Python's for Python, Node's for everything else. */
export function benchLanguageOf(profiled: string | undefined): BenchLanguage {
  return profiled === 'python' ? 'python' : 'node';
}

/** The newest saved result of a language, or undefined when there is none. Files that are not bench results are ignored. */
export async function loadLatestResult(dir: string, language: BenchLanguage = 'node'): Promise<BenchResult | undefined> {
  const named = language === 'python' ? /^bench-python-.*\.json$/ : /^bench-\d.*\.json$/;
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => named.test(n));
  } catch {
    return undefined;
  }
  for (const name of names.sort().reverse()) {
    try {
      const parsed = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as Partial<BenchResult>;
      if (parsed.tool === 'concurrency-lens' && parsed.kind === 'bench' && (parsed.language ?? 'node') === language) return parsed as BenchResult;
    } catch {
      // A damaged file should not hide the older good ones.
    }
  }
  return undefined;
}
