// Which project files a profiled command loads, for the report's static findings (StaticScope): the script it
// runs and everything that script loads (analysis/loaded-files.ts). Shared by the CLI and the editor's profile
// worker, so both scope a report alike.
import * as path from 'node:path';
import type * as LoadedFilesModule from '../analysis/loaded-files';
import type { StaticScope } from '../report/profile-report';
import { looksLikeScript, scriptExists } from './command-line';
import { looksLikePythonScript } from './python/python-command';

const inNodeModules = (file: string): boolean => file.split(/[\\/]/).includes('node_modules');

/**
 * The script is the first argument naming an existing script file: of the command (`app.js`, `node app.js`,
 * `tsx app.ts`, `python3 app.py`), else of the argv the workload's main process reported (`npm start` ran
 * `node server/index.js`). Undefined when neither names one (`python -m uvicorn app:app`): the report then
 * falls back to the script's folder.
 */
export function workloadScope(command: readonly string[], cwd: string, python = false, argv: readonly string[] = []): StaticScope | undefined {
  const isScript = python ? looksLikePythonScript : looksLikeScript;
  const script = [...command, ...argv.slice(1)]
    .filter((a) => !a.startsWith('-') && isScript(a))
    .map((a) => path.resolve(cwd, a))
    .find((f) => !inNodeModules(f) && scriptExists(f));
  if (!script) return undefined;
  // Required here: it brings TypeScript (tsconfig paths), which the profile worker loads for a report only.
  const { filesLoadedBy } = require('../analysis/loaded-files') as typeof LoadedFilesModule;
  const loaded = filesLoadedBy(script, { cwd, python });
  const rel = (f: string): string => path.relative(cwd, f) || path.basename(f);
  return { script: rel(script), files: loaded.files.map(rel), complete: loaded.complete };
}
