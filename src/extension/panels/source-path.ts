// Where an 'openSource' message may point. The message comes from a web page, so its path is untrusted:
// a relative path is resolved against the report's cwd, and the result must lie inside the report's cwd
// or a workspace folder. Nothing else is opened, so a page cannot make the editor show ~/.ssh/id_rsa,
// not even through a symbolic link inside the workspace: the check is made on real paths.
// No `vscode` import: unit-tested as it is.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type SourcePath = { ok: true; file: string } | { ok: false; reason: string };

export function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** `cwd`: the report's working directory (undefined without a report); `roots`: the workspace folders on disk. */
export function resolveSourcePath(file: string, cwd: string | undefined, roots: readonly string[]): SourcePath {
  const base = cwd ?? roots[0];
  if (!path.isAbsolute(file) && !base) return { ok: false, reason: `no report or workspace folder to resolve ${file} against` };
  const resolved = path.isAbsolute(file) ? path.normalize(file) : path.resolve(base!, file);
  const allowed = [...(cwd ? [cwd] : []), ...roots];
  const outside: SourcePath = { ok: false, reason: `${resolved} is outside the report's folder and the workspace` };
  if (!allowed.some((folder) => isInside(resolved, folder))) return outside;
  // A link inside the folder may point anywhere: compare where it really leads.
  const real = realPath(resolved);
  if (real === undefined) return { ok: false, reason: `${resolved} does not exist` };
  if (!allowed.some((folder) => isInside(real, realPath(folder) ?? folder))) return outside;
  return { ok: true, file: resolved };
}

function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}
