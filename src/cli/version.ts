// The version and project links come from package.json at run time: the bundle (dist/cli.js) and the tsc output
// used by tests (out/src/cli/) sit at different depths, so the file is found by walking up from this module.
import { ownPackageJson } from '../report/package-root';

export interface PackageInfo {
  version: string;
  /** Absolute URI of the project's home page, when package.json says. */
  homepage?: string;
  /** Absolute URI that repository paths such as `docs/rules/x.md` resolve against (GitHub repositories only). */
  docsBaseUri?: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  cached ??= readPackageInfo(__dirname);
  return cached;
}

export function readPackageInfo(startDir: string): PackageInfo {
  return toInfo(ownPackageJson(startDir).pkg);
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
