// Saves results as JSON files named by their timestamp, so they survive restarts and sort by time, and
// reads the newest back for the advisor.
import * as fs from 'node:fs';
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
export function saveResult(result: BenchResult, dir: string, prefix: 'bench' | 'function' = 'bench'): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${prefix}-${result.createdAt.replace(/:/g, '-')}.json`);
  // Write then rename, so a reader never sees half a file.
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** The newest saved result, or undefined when there is none. Files that are not bench results are ignored. */
export function loadLatestResult(dir: string): BenchResult | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^bench-.*\.json$/.test(n));
  } catch {
    return undefined;
  }
  for (const name of names.sort().reverse()) {
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Partial<BenchResult>;
      if (parsed.tool === 'concurrency-lens' && parsed.kind === 'bench') return parsed as BenchResult;
    } catch {
      // A damaged file should not hide the older good ones.
    }
  }
  return undefined;
}
