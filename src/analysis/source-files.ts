// Finds the files to analyse under the given paths and reads them, refusing what is not source code:
// binary files, files over the size limit and minified bundles are skipped with a reason, never parsed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { SourceLanguage } from './findings';
import { DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_BYTES, SOURCE_EXTENSIONS, type AnalyzerOptions } from './options';

export type ReadOutcome = { ok: true; text: string } | { ok: false; reason: string };

const ALWAYS_EXCLUDED = /(^|\/)(node_modules|\.git)\//;

/** A line longer than this, or a file whose average line is longer than this, is treated as minified. */
const MINIFIED_LINE = 10_000;
const MINIFIED_AVERAGE = 300;

export class FileFilter {
  private readonly defaultExcluded = picomatch(DEFAULT_EXCLUDES, { dot: true });
  private readonly userExcluded: ((p: string) => boolean) | undefined;
  private readonly included: ((p: string) => boolean) | undefined;

  constructor(private readonly cwd: string, options: Pick<AnalyzerOptions, 'include' | 'exclude'>) {
    this.userExcluded = options.exclude && options.exclude.length > 0 ? picomatch(options.exclude, { dot: true }) : undefined;
    this.included = options.include && options.include.length > 0 ? picomatch(options.include, { dot: true }) : undefined;
  }

  isSource(file: string): boolean {
    return SOURCE_EXTENSIONS.includes(path.extname(file).toLowerCase());
  }

  /** A folder whose every file would be excluded (node_modules/, dist/, ...) is not walked at all. */
  excludesDir(dir: string, root: string): boolean {
    if (dir === root) return false;
    const probe = (rel: string): string => rel + '/probe';
    const rel = toPosix(path.relative(root, dir));
    // With --include, only dependency folders are pruned here; the include globs decide file by file.
    const byDefault = this.included ? ALWAYS_EXCLUDED.test(probe(rel)) : this.defaultExcluded(probe(rel));
    return byDefault || (this.userExcluded?.(probe(this.userRelative(dir, root))) ?? false);
  }

  /**
   * The default excludes match below the path that was asked for, so `check build/tools` analyses that folder
   * while node_modules inside it stays out. The user's globs match relative to the working folder, as written
   * on the command line, or relative to the asked-for path for files outside the working folder.
   */
  accepts(file: string, root: string = this.cwd): boolean {
    const rel = this.userRelative(file, root);
    const fromRoot = toPosix(path.relative(root, file));
    // An --include glob that names a default-excluded file (a test, a build output) brings it back;
    // dependencies and .git never come back.
    if (this.defaultExcluded(fromRoot) && (ALWAYS_EXCLUDED.test(fromRoot) || !this.included?.(rel))) return false;
    if (this.userExcluded?.(rel)) return false;
    return !this.included || this.included(rel);
  }

  private userRelative(file: string, root: string): string {
    const fromCwd = path.relative(this.cwd, file);
    const inside = !fromCwd.startsWith('..') && !path.isAbsolute(fromCwd);
    return toPosix(inside ? fromCwd : path.relative(root, file));
  }
}

/** Which front end a file belongs to, by its extension. */
export function languageOf(file: string): SourceLanguage {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py') return 'python';
  return ['.ts', '.tsx', '.mts', '.cts'].includes(ext) ? 'typescript' : 'javascript';
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Walks the given paths. Missing paths throw: the caller asked for them by name. */
export function discoverFiles(paths: string[], cwd: string, filter: FileFilter): string[] {
  const found = new Set<string>();
  const walk = (dir: string, root: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name === '.git') continue;
        if (!filter.excludesDir(full, root)) walk(full, root);
      } else if (entry.isFile() && filter.isSource(full) && filter.accepts(full, root)) {
        found.add(full);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const stat = fs.statSync(abs); // throws ENOENT with the path in the message
    if (stat.isDirectory()) walk(abs, abs);
    else if (stat.isFile()) found.add(abs); // named explicitly: analysed even if the extension is odd
  }
  return [...found].sort();
}

/** Reads a file and decides whether it is analysable source. */
export function readSource(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadOutcome {
  let buf: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.size > maxBytes) return { ok: false, reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(stat.size)})` };
    buf = fs.readFileSync(file);
  } catch (err) {
    return { ok: false, reason: `cannot be read: ${(err as Error).message}` };
  }
  return checkText(buf);
}

export function checkText(buf: Buffer | string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadOutcome {
  if (typeof buf !== 'string') {
    if (buf.length > maxBytes) return { ok: false, reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(buf.length)})` };
    const head = buf.subarray(0, 8192);
    if (head.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  }
  let text = typeof buf === 'string' ? buf : buf.toString('utf8');
  if (typeof buf === 'string' && text.length > maxBytes) return { ok: false, reason: `larger than ${formatBytes(maxBytes)}` };
  if (typeof buf === 'string' && text.slice(0, 8192).includes('\0')) return { ok: false, reason: 'binary content (contains NUL characters)' };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const minified = minifiedReason(text);
  if (minified) return { ok: false, reason: minified };
  return { ok: true, text };
}

function minifiedReason(text: string): string | undefined {
  if (text.length < 20_000) return undefined;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines++;
      longest = Math.max(longest, i - start);
      start = i + 1;
    }
  }
  longest = Math.max(longest, text.length - start);
  if (longest > MINIFIED_LINE) return `minified or generated (a line of ${longest} characters)`;
  if (text.length / lines > MINIFIED_AVERAGE) return `minified or generated (average line of ${Math.round(text.length / lines)} characters)`;
  return undefined;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

