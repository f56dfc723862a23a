// Saves results as JSON files named by their timestamp, so they survive restarts and sort by time, and
// reads the newest back for the advisor. Asynchronous, because the editor calls both on the extension
// host's loop (a result is ~100 KB; a folder of them is read newest first).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchResult } from './result-types';

export function defaultResultsDir(home: string = os.homedir()): string {
  return path.join(home, '.concurrency-lens', 'bench');
}

/**
 * Writes `<prefix>-<createdAt>.json` (colons replaced, for file systems that refuse them); returns its
 * path. Only `bench-` files are read back for thresholds; runs of a user's function are `function-`.
 */
export async function saveResult(result: BenchResult, dir: string, prefix: 'bench' | 'function' = 'bench'): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${prefix}-${result.createdAt.replace(/:/g, '-')}.json`);
  // Write then rename, so a reader never sees half a file.
  await fs.writeFile(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await fs.rename(`${file}.tmp`, file);
  return file;
}

/** The newest saved result, or undefined when there is none. Files that are not bench results are ignored. */
export async function loadLatestResult(dir: string): Promise<BenchResult | undefined> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => /^bench-.*\.json$/.test(n));
  } catch {
    return undefined;
  }
  for (const name of names.sort().reverse()) {
    try {
      const parsed = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as Partial<BenchResult>;
      if (parsed.tool === 'concurrency-lens' && parsed.kind === 'bench') return parsed as BenchResult;
    } catch {
      // A damaged file should not hide the older good ones.
    }
  }
  return undefined;
}
