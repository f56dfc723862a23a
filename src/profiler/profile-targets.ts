// What "Profile Workload…" offers to run: the active file when it is a script, the package's npm scripts,
// and commands the user configured. Pure, so the editor's quick pick and its tests see the same list; the
// package.json is read asynchronously because the pick list is built on the extension host's loop.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { looksLikeScript } from './command-line';
import { looksLikePythonScript } from './python/python-command';

export interface ProfileTarget {
  /** What the pick list shows. */
  label: string;
  detail: string;
  kind: 'file' | 'npm-script' | 'configured';
  command: string[];
  /** Where it runs. */
  cwd: string;
  /** For servers: profile this long, then stop. */
  durationSeconds?: number;
  loadCommand?: string;
}

export interface ConfiguredCommand {
  label?: string;
  command: string | string[];
  cwd?: string;
  durationSeconds?: number;
  load?: string;
}

/** npm's own lifecycle scripts that install or publish rather than run the program. */
const NOT_WORKLOADS = new Set(['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'prepublishOnly', 'prepack', 'postpack', 'publish', 'version', 'preversion', 'postversion']);

/** Splits a configured command line on spaces, keeping "quoted parts" whole. */
export function splitCommandLine(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The package's npm scripts by name; none when there is no readable package.json. */
export async function readNpmScripts(root: string): Promise<Record<string, string>> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export function profileTargets(
  root: string,
  activeFile: string | undefined,
  configured: readonly ConfiguredCommand[] = [],
  npmScripts: Record<string, string> = {},
): ProfileTarget[] {
  const out: ProfileTarget[] = [];
  if (activeFile && (looksLikeScript(activeFile) || looksLikePythonScript(activeFile))) {
    const rel = path.relative(root, activeFile);
    const runner = looksLikePythonScript(activeFile) ? 'python' : 'node';
    out.push({ label: path.basename(activeFile), detail: `${runner} ${rel.startsWith('..') ? activeFile : rel}`, kind: 'file', command: [activeFile], cwd: root });
  }
  for (const c of configured) {
    const command = Array.isArray(c.command) ? c.command : splitCommandLine(c.command);
    if (command.length === 0) continue;
    out.push({
      label: c.label ?? command.join(' '),
      detail: command.join(' '),
      kind: 'configured',
      command,
      cwd: c.cwd ? path.resolve(root, c.cwd) : root,
      ...(c.durationSeconds ? { durationSeconds: c.durationSeconds } : {}),
      ...(c.load ? { loadCommand: c.load } : {}),
    });
  }
  for (const [name, script] of Object.entries(npmScripts)) {
    if (NOT_WORKLOADS.has(name)) continue;
    out.push({ label: `npm run ${name}`, detail: script, kind: 'npm-script', command: ['npm', 'run', name], cwd: root });
  }
  return out;
}
