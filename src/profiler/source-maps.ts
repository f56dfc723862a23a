// Maps positions in compiled JavaScript on disk back to the original sources (TypeScript, bundles), so
// that profile time lands on the lines the user wrote. Uses Node's own `SourceMap` (node:module) rather
// than a dependency. Verified on Node 20.20: `findEntry` takes and returns 0-based lines and columns,
// returns the nearest mapping at or *before* the position even when that lies on an earlier generated
// line, returns `{}` before the first mapping, leaves `originalSource` exactly as written in `sources`
// (`sourceRoot` is not applied), supports index maps (`sections`), and its constructor throws on a
// malformed payload.
//
// Code that a loader compiled in memory (tsx) has no file on disk to read a map from: the probe saves the
// maps Node held in the workload (probe-source-maps.ts), and a cache given those directories maps through
// them first.
//
// Everything here runs on profile data after the fact: a missing, unreadable or broken map only means the
// position stays where it was, so nothing throws.
import * as fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SAVED_SOURCE_MAP_PATTERN, savedSourceMapKey, type SavedSourceMap } from './probe-source-maps';

/** A position in an original source, or the generated position itself when no map applies. */
export interface OriginalPosition {
  /**
   * Absolute path of the source. A map source that is not a file (`webpack://app/src/x.ts`) is kept as
   * written, with `sourceRoot` prepended. Unmapped, the generated file; except that a line without a
   * column that cannot be placed in code compiled in memory is given as the script's file: URL, because
   * there the path names the source, not the code that ran (see `originalPosition`).
   */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The position went through a source map. */
  mapped: boolean;
}

/** A source map found for a generated file. */
export interface LoadedSourceMap {
  map: SourceMap;
  /** Where the map came from: the `.map` file, or the generated file itself for an inline map. */
  location: string;
  inline: boolean;
  /** The map's `sources`, resolved (sourceRoot applied, relative paths against the map's directory). */
  sources: string[];
  /**
   * The probe's copy of a map Node held for code compiled in memory (probe-source-maps.ts): the
   * generated code is in no file, and `location` is the script the profile names.
   */
  saved?: string;
}

export interface SourceMapCacheOptions {
  /**
   * Largest map read, in bytes: an external `.map` file above it, or an inline map whose comment line is
   * longer, is ignored. Default 64 MiB.
   */
  maxMapBytes?: number;
  /**
   * Directories where the probe saved the maps of code compiled in memory (a run's probe directory). A map
   * saved there for a file is used before the file's own `sourceMappingURL` comment: it is the map of the
   * code that actually ran.
   */
  savedMapDirs?: readonly string[];
}

const DEFAULT_MAX_MAP_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
/**
 * The comment is meant to be the last line, but some tools append another comment after it
 * (`//# sourceURL=`), so a few trailing lines are searched. Node searches the whole file; a bundle can be
 * tens of MB, so only the tail is read here.
 */
const TRAILING_LINES = 4;
const SOURCE_MAPPING_URL = /\/\/[#@][ \t]*sourceMappingURL=([^\s'"`]+)/g;
const NEWLINE = 0x0a;
/** Beyond any real line: used to look up the last mapping on a generated line. */
const MAX_COLUMN = 2 ** 30;

/**
 * The last `TRAILING_LINES` non-blank lines of a file, read backwards from its end; undefined when the
 * file cannot be read or those lines are longer than `maxBytes` together.
 */
export function readTrailingLines(file: string, maxBytes: number, lines = TRAILING_LINES): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const chunks: Buffer[] = [];
    let pos = size;
    let seenContent = false;
    let newlines = 0;
    let start = -1;
    while (pos > 0 && start < 0) {
      if (size - pos >= maxBytes) return undefined;
      const len = Math.min(CHUNK_BYTES, pos);
      pos -= len;
      const chunk = Buffer.alloc(len);
      fs.readSync(fd, chunk, 0, len, pos);
      chunks.unshift(chunk);
      for (let i = len - 1; i >= 0; i--) {
        const byte = chunk[i];
        if (byte === NEWLINE) {
          // Newlines after the last content are trailing blank lines, not line ends.
          if (seenContent && ++newlines >= lines) {
            start = i + 1;
            break;
          }
        } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) seenContent = true;
      }
    }
    const all = Buffer.concat(chunks);
    // `start` indexes the first chunk, which is the head of `all`; slicing there also avoids decoding a
    // multi-byte character cut in half by the chunk boundary.
    return all.subarray(Math.max(0, start)).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
  }
}

/** The URL of a generated file's last `//# sourceMappingURL=` comment (legacy `//@` too), if any. */
export function readSourceMappingUrl(file: string, maxBytes = DEFAULT_MAX_MAP_BYTES): string | undefined {
  const tail = readTrailingLines(file, maxBytes);
  if (tail === undefined) return undefined;
  let url: string | undefined;
  for (const m of tail.matchAll(SOURCE_MAPPING_URL)) url = m[1];
  return url;
}

const hasScheme = (s: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);

/** The JSON text of a `data:` URL, or undefined when it is not one or cannot be decoded. */
function dataUrlText(url: string): string | undefined {
  const m = /^data:([^,]*),(.*)$/s.exec(url);
  if (!m) return undefined;
  try {
    return /;base64$/i.test(m[1]) ? Buffer.from(m[2], 'base64').toString('utf8') : decodeURIComponent(m[2]);
  } catch {
    return undefined;
  }
}

/** The map file a comment points at: relative to the generated file, an absolute path, or a file: URL. */
function mapFilePath(generatedFile: string, url: string): string | undefined {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  if (hasScheme(url)) return undefined;
  const direct = path.resolve(path.dirname(generatedFile), url);
  if (!url.includes('%') || fs.existsSync(direct)) return direct;
  try {
    return path.resolve(path.dirname(generatedFile), decodeURIComponent(url));
  } catch {
    return direct;
  }
}

function parsePayload(text: string): SourceMapPayload | undefined {
  // The spec allows an XSSI guard line in front of the JSON.
  const json = text.startsWith(')]}') ? text.slice(text.indexOf('\n') + 1) : text;
  const payload = JSON.parse(json) as unknown;
  if (!payload || typeof payload !== 'object') return undefined;
  return payload as SourceMapPayload;
}

/** One `sources` entry as a path (or a non-file URL kept as written), per the source map spec. */
export function resolveSource(source: string, sourceRoot: string | undefined, mapDir: string): string {
  const root = sourceRoot ?? '';
  const joined = root === '' || hasScheme(source) || path.isAbsolute(source) ? source : root.endsWith('/') ? root + source : `${root}/${source}`;
  if (joined.startsWith('file:')) {
    try {
      return fileURLToPath(joined);
    } catch {
      return joined;
    }
  }
  if (hasScheme(joined)) return joined;
  return path.resolve(mapDir, joined);
}

function loadedFrom(payload: SourceMapPayload, location: string, inline: boolean): LoadedSourceMap {
  const map = new SourceMap(payload);
  const mapDir = path.dirname(location);
  const sources = (Array.isArray(payload.sources) ? payload.sources : []).map((s) => resolveSource(String(s), payload.sourceRoot, mapDir));
  return { map, location, inline, sources };
}

/** The source map of a generated file, or undefined when it has none that can be read and parsed. */
export function loadSourceMap(generatedFile: string, options: SourceMapCacheOptions = {}): LoadedSourceMap | undefined {
  const maxBytes = options.maxMapBytes ?? DEFAULT_MAX_MAP_BYTES;
  try {
    const url = readSourceMappingUrl(generatedFile, maxBytes);
    if (!url) return undefined;
    let text: string | undefined;
    let location: string;
    const inline = url.startsWith('data:');
    if (inline) {
      text = dataUrlText(url);
      location = generatedFile;
    } else {
      const mapFile = mapFilePath(generatedFile, url);
      if (!mapFile || fs.statSync(mapFile).size > maxBytes) return undefined;
      text = fs.readFileSync(mapFile, 'utf8');
      location = mapFile;
    }
    if (text === undefined) return undefined;
    const payload = parsePayload(text);
    if (!payload) return undefined;
    return loadedFrom(payload, location, inline);
  } catch {
    return undefined;
  }
}

/**
 * The map the probe saved in `savedFile` for `generatedFile` (probe-source-maps.ts), or undefined when it
 * cannot be read or belongs to another file. It was an inline map of the code that ran, so relative
 * sources resolve against the generated file's directory, as they would for Node.
 */
export function loadSavedSourceMap(savedFile: string, generatedFile: string, options: SourceMapCacheOptions = {}): LoadedSourceMap | undefined {
  try {
    if (fs.statSync(savedFile).size > (options.maxMapBytes ?? DEFAULT_MAX_MAP_BYTES)) return undefined;
    const saved = JSON.parse(fs.readFileSync(savedFile, 'utf8')) as Partial<SavedSourceMap> | null;
    // The file name carries only a hash of the path: the path itself must match.
    if (!saved || saved.file !== generatedFile || !saved.payload || typeof saved.payload !== 'object') return undefined;
    return { ...loadedFrom(saved.payload, generatedFile, true), saved: savedFile };
  } catch {
    return undefined;
  }
}

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64_DIGITS.length; i++) BASE64_VALUE[BASE64_DIGITS.charCodeAt(i)] = i;
const SEMICOLON = 0x3b;
const COMMA = 0x2c;

/**
 * Calls `visit` with the generated line (0-based), source index and original line of every segment of a
 * `mappings` string that has a source. Throws on a character that is not base64 VLQ.
 */
function forEachMapping(mappings: string, visit: (line: number, source: number, originalLine: number) => void): void {
  let line = 0;
  let source = 0;
  let originalLine = 0;
  let field = 0;
  let value = 0;
  let scale = 1;
  // Source, line and column come together: a segment with fewer than four fields maps to nothing.
  const endSegment = (): void => {
    if (field >= 4) visit(line, source, originalLine);
    field = 0;
  };
  for (let i = 0; i < mappings.length; i++) {
    const c = mappings.charCodeAt(i);
    if (c === SEMICOLON || c === COMMA) {
      endSegment();
      if (c === SEMICOLON) line++;
      continue;
    }
    const digit = c < 128 ? BASE64_VALUE[c] : -1;
    if (digit < 0) throw new Error(`not a base64 VLQ digit: ${mappings[i]}`);
    value += (digit & 31) * scale;
    if (digit & 32) {
      scale *= 32;
      continue;
    }
    const delta = value % 2 === 1 ? -Math.floor(value / 2) : value / 2;
    value = 0;
    scale = 1;
    // Field 0 (generated column) and 3 (original column) are not needed; the other deltas accumulate
    // across lines, as the format says.
    if (field === 1) source += delta;
    else if (field === 2) originalLine += delta;
    field++;
  }
  endSegment();
}

interface IndexMapSection {
  offset?: { line?: number };
  map?: SourceMapPayload & { sections?: IndexMapSection[] };
}

/**
 * Generated lines (0-based) whose mappings come from more than one original line. V8's line ticks carry
 * no column, so such a line cannot be placed on one line of the source: minified output, and tsx, which
 * writes each file's code on a single line, put a whole file on it.
 */
export function linesSpanningSourceLines(payload: SourceMapPayload): Set<number> {
  const firstOrigin = new Map<number, { source: number; line: number }>();
  const spanning = new Set<number>();
  let sourceBase = 0;
  const visitMap = (p: SourceMapPayload & { sections?: IndexMapSection[] }, lineOffset: number): void => {
    if (Array.isArray(p.sections)) {
      for (const s of p.sections) if (s.map) visitMap(s.map, lineOffset + (s.offset?.line ?? 0));
      return;
    }
    const base = sourceBase;
    sourceBase += Array.isArray(p.sources) ? p.sources.length : 0;
    forEachMapping(typeof p.mappings === 'string' ? p.mappings : '', (line, source, originalLine) => {
      const at = line + lineOffset;
      const first = firstOrigin.get(at);
      if (!first) firstOrigin.set(at, { source: base + source, line: originalLine });
      else if (first.source !== base + source || first.line !== originalLine) spanning.add(at);
    });
  };
  visitMap(payload, 0);
  return spanning;
}

interface MapEntry {
  generatedLine?: number;
  generatedColumn?: number;
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
}

/**
 * The first mapping on generated line `line0` (0-based), found by searching the column: `findEntry`
 * returns a mapping on that line exactly when the column is at or past the line's first mapping.
 */
function firstEntryOnLine(map: SourceMap, line0: number): MapEntry | undefined {
  const onLine = (column: number): MapEntry | undefined => {
    const e = map.findEntry(line0, column) as MapEntry;
    return e.generatedLine === line0 ? e : undefined;
  };
  if (!onLine(MAX_COLUMN)) return undefined;
  let lo = 0;
  let hi = MAX_COLUMN;
  // Invariant: a mapping exists at or before `hi`; none at or before `lo - 1`.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (onLine(mid)) hi = mid;
    else lo = mid + 1;
  }
  return onLine(lo);
}

/** Maps generated positions to original ones, loading each generated file's map once. */
export class SourceMapCache {
  private readonly maps = new Map<string, LoadedSourceMap | null>();
  /** Saved map files by the key in their name (`savedSourceMapKey`), listed on first use. */
  private savedIndex: Map<string, string[]> | undefined;
  /** Per map, its generated lines that hold code from several original lines; decoded on first use. */
  private readonly spanning = new WeakMap<LoadedSourceMap, Set<number>>();

  constructor(private readonly options: SourceMapCacheOptions = {}) {}

  /** The map of `generatedFile` (absolute path), loaded on first use: a saved one first, else the file's own. */
  mapFor(generatedFile: string): LoadedSourceMap | undefined {
    let loaded = this.maps.get(generatedFile);
    if (loaded === undefined) {
      loaded = this.savedMapFor(generatedFile) ?? loadSourceMap(generatedFile, this.options) ?? null;
      this.maps.set(generatedFile, loaded);
    }
    return loaded ?? undefined;
  }

  private savedMapFor(generatedFile: string): LoadedSourceMap | undefined {
    const dirs = this.options.savedMapDirs ?? [];
    if (dirs.length === 0) return undefined;
    if (!this.savedIndex) {
      const index = new Map<string, string[]>();
      for (const dir of dirs) {
        let names: string[];
        try {
          names = fs.readdirSync(dir).sort();
        } catch {
          continue;
        }
        for (const name of names) {
          const key = SAVED_SOURCE_MAP_PATTERN.exec(name)?.[2];
          if (key) index.set(key, [...(index.get(key) ?? []), path.join(dir, name)]);
        }
      }
      this.savedIndex = index;
    }
    // Each process that ran the file saved a copy (a forked child running it too); a loader makes the
    // same code of one file in each, so the first readable copy serves.
    for (const saved of this.savedIndex.get(savedSourceMapKey(generatedFile)) ?? []) {
      const loaded = loadSavedSourceMap(saved, generatedFile, this.options);
      if (loaded) return loaded;
    }
    return undefined;
  }

  /** Whether generated line `line0` (0-based) of `loaded` holds code from more than one original line. */
  private spansSourceLines(loaded: LoadedSourceMap, line0: number): boolean {
    let lines = this.spanning.get(loaded);
    if (!lines) {
      try {
        lines = linesSpanningSourceLines(loaded.map.payload);
      } catch {
        lines = new Set();
      }
      this.spanning.set(loaded, lines);
    }
    return lines.has(line0);
  }

  /**
   * The original position of 1-based `line`/`column` in `generatedFile`. Without a column (V8's line ticks
   * have none) the line's first mapping is used, when every mapping on that line comes from the same
   * original line; a line holding several (minified or one-line output) cannot be placed and stays
   * unmapped. In code compiled in memory (a saved map) the path is the source's own, so such a line is
   * given as the script's file: URL instead: no caller may read it as a line of the source, and
   * frame-attribution then keeps the function's definition line. A position on a generated line without
   * mappings (helper code such as `exports.x = void 0`) stays unmapped, as does everything in a file
   * without a usable map.
   */
  originalPosition(generatedFile: string, line: number, column?: number): OriginalPosition {
    const unmapped: OriginalPosition = { file: generatedFile, line, column: column ?? 1, mapped: false };
    const loaded = this.mapFor(generatedFile);
    if (!loaded) return unmapped;
    try {
      const line0 = line - 1;
      let entry: MapEntry | undefined;
      if (column !== undefined) {
        const e = loaded.map.findEntry(line0, column - 1) as MapEntry;
        // An entry from an earlier line means the position precedes every mapping on its own line.
        entry = e.generatedLine === line0 ? e : undefined;
      } else if (this.spansSourceLines(loaded, line0)) {
        return loaded.saved ? { ...unmapped, file: pathToFileURL(generatedFile).href } : unmapped;
      }
      entry ??= firstEntryOnLine(loaded.map, line0);
      if (!entry || entry.originalSource === undefined || entry.originalLine === undefined) return unmapped;
      const index = loaded.map.payload.sources?.indexOf(entry.originalSource) ?? -1;
      const file = index >= 0 ? loaded.sources[index] : resolveSource(entry.originalSource, loaded.map.payload.sourceRoot, path.dirname(loaded.location));
      return { file, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, mapped: true };
    } catch {
      return unmapped;
    }
  }

  /** The original file of `generatedFile` when its map has exactly one source (the usual tsc output). */
  singleSource(generatedFile: string): string | undefined {
    const loaded = this.mapFor(generatedFile);
    return loaded?.sources.length === 1 ? loaded.sources[0] : undefined;
  }
}
