// The version and project links come from package.json at run time: the bundle (dist/cli.js) and the tsc output
// used by tests (out/src/cli/) sit at different depths, so the file is found by walking up from this module.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  version: string;
  /** Absolute URI of the project's home page, when package.json says. */
  homepage?: string;
  /** Absolute URI that repository paths such as `docs/rules/x.md` resolve against (GitHub repositories only). */
  docsBaseUri?: string;
}

const PACKAGE_NAME = 'concurrency-lens';

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  cached ??= readPackageInfo(__dirname);
  return cached;
}

export function readPackageInfo(startDir: string): PackageInfo {
  let dir = startDir;
  for (let depth = 0; depth < 6; depth++) {
    const pkg = tryReadJson(path.join(dir, 'package.json'));
    if (pkg !== undefined && pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return toInfo(pkg);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${startDir}`);
}

/** Exported for tests: the interesting part is turning npm's many `repository` spellings into a URL. */
export function toInfo(pkg: Record<string, unknown>): PackageInfo {
  const repo = repositoryUrl(pkg.repository);
  const homepage = typeof pkg.homepage === 'string' && isHttpUrl(pkg.homepage) ? pkg.homepage : repo;
  const info: PackageInfo = { version: String(pkg.version) };
  if (homepage !== undefined) info.homepage = homepage;
  if (repo !== undefined && new URL(repo).hostname === 'github.com') info.docsBaseUri = `${repo}/blob/HEAD/`;
  return info;
}

function repositoryUrl(repository: unknown): string | undefined {
  const raw =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null && typeof (repository as { url?: unknown }).url === 'string'
        ? (repository as { url: string }).url
        : undefined;
  if (raw === undefined) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  const url = shorthand ? `https://github.com/${shorthand[1]}` : raw.replace(/^git\+/, '').replace(/^git:\/\//, 'https://');
  const trimmed = url.replace(/\.git$/, '').replace(/\/$/, '');
  return isHttpUrl(trimmed) ? trimmed : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function tryReadJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
