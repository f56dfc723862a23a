// Source maps that exist only inside the workload. A TypeScript loader such as tsx compiles each file in
// memory and hands V8 JavaScript with an inline `//# sourceMappingURL=data:` map; the CPU profile names
// the .ts file, but its positions are positions in that JavaScript, which no file on disk holds (tsx
// writes it on a single line, so every hotspot used to land on line 2 of the .ts file). Node keeps the
// map once source maps are enabled (tsx enables them with `process.setSourceMapsEnabled(true)`; so does
// `--enable-source-maps`), and `module.findSourceMap()` returns it, but only inside that process and
// thread. So when a thread's profile is written, the probe saves the map of every script in it that
// Node has one for, beside the profile, and SourceMapCache (source-maps.ts) maps through the saved copy.
//
// Shared by the probe (writing) and the report side (reading), so it must stay light: the probe bundle
// includes it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { findSourceMap, type SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One saved map per process and generated file; the threads of a process run the same code. */
export const SAVED_SOURCE_MAP_PATTERN = /^source-map-(\d+)-([0-9a-f]{16})\.json$/;

/** What a saved map file holds. */
export interface SavedSourceMap {
  /** Absolute path of the script the profile names (for tsx, the .ts file itself). */
  file: string;
  /** The script's URL as the CPU profile has it. */
  url: string;
  /** The map as Node holds it (sources already resolved by Node, usually to file: URLs). */
  payload: SourceMapPayload;
}

/** The part of a saved map's file name that identifies the generated file, so a reader can find it by path. */
export const savedSourceMapKey = (file: string): string => createHash('sha1').update(file).digest('hex').slice(0, 16);

export const savedSourceMapFileName = (pid: number, file: string): string => `source-map-${pid}-${savedSourceMapKey(file)}.json`;

/**
 * Larger maps are left out: a map that big almost always belongs to a bundle on disk, whose own
 * `.map` file SourceMapCache reads anyway, and the copy would be written while the workload exits.
 */
const MAX_MAP_CHARS = 32 * 1024 * 1024;
/** In all, per thread. */
const MAX_TOTAL_CHARS = 64 * 1024 * 1024;
/** How a `.cpuprofile` (V8's JSON, unindented) names each frame's script. */
const URL_KEY = Buffer.from('"url":"');
const QUOTE = 0x22;

function scriptFile(url: string): string | undefined {
  if (!url.startsWith('file:')) return url;
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

/**
 * The scripts a profile's frames name, each once: file: URLs, or absolute paths on older Node versions.
 * Found by searching the bytes rather than parsing the JSON, because this runs in the workload as it
 * exits and a profile can be tens of MB, mostly sample arrays.
 */
export function profileScriptUrls(profile: Buffer): string[] {
  const urls = new Set<string>();
  for (let at = profile.indexOf(URL_KEY); at >= 0; ) {
    const start = at + URL_KEY.length;
    const end = profile.indexOf(QUOTE, start);
    if (end < 0) break;
    const url = profile.toString('utf8', start, end);
    if (url.startsWith('file://') || url.startsWith('/')) urls.add(url);
    at = profile.indexOf(URL_KEY, end);
  }
  return [...urls];
}

export interface SaveSourceMapsOptions {
  /** Scripts in these directories are skipped (the probe's own). */
  skipDirs?: readonly string[];
  /** Test seam: how a URL's map is found. Default `module.findSourceMap`. */
  find?: (url: string) => { payload: SourceMapPayload } | undefined;
}

/**
 * Saves, into `dir`, the maps Node holds for the scripts named in the profile `profileFile`, skipping
 * libraries (node_modules: their frames are named, never placed on a line) and maps this process already
 * saved from another thread. Never throws; returns how many maps it wrote.
 */
export function saveProfiledSourceMaps(dir: string, profileFile: string, pid: number, options: SaveSourceMapsOptions = {}): number {
  const find = options.find ?? findSourceMap;
  const skipDirs = options.skipDirs ?? [__dirname];
  let written = 0;
  let total = 0;
  let urls: string[];
  try {
    // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- runs once per thread as the probe stops, usually inside 'exit', where nothing asynchronous would finish
    urls = profileScriptUrls(fs.readFileSync(profileFile));
  } catch {
    return 0;
  }
  for (const url of urls) {
    try {
      const file = scriptFile(url);
      if (!file || file.split(/[\\/]/).includes('node_modules') || skipDirs.includes(path.dirname(file))) continue;
      const payload = find(url)?.payload;
      if (!payload) continue;
      const target = path.join(dir, savedSourceMapFileName(pid, file));
      if (fs.existsSync(target)) continue;
      const saved: SavedSourceMap = { file, url, payload };
      const text = JSON.stringify(saved);
      if (text.length > MAX_MAP_CHARS || total + text.length > MAX_TOTAL_CHARS) continue;
      // Written under a temporary name and renamed, so a reader never sees half a map, and two threads of
      // one process saving the same script at once leave one whole copy.
      const temp = `${target}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
      // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- runs once per thread as the probe stops, usually inside 'exit', where nothing asynchronous would finish
      fs.writeFileSync(temp, text);
      fs.renameSync(temp, target);
      total += text.length;
      written++;
    } catch {
      // A map that cannot be saved leaves that script's positions unmapped, nothing worse.
    }
  }
  return written;
}
