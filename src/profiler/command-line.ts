// How a workload command becomes a process: scripts run under the user's own `node` (found on PATH,
// not the Node that runs the profiler, which inside VS Code is Electron's), and the probe rides along
// in NODE_OPTIONS.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Extensions run as `node FILE`. `.ts` needs a Node that strips types (22.6+) or a loader the user sets up. */
export const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

export interface ResolvedCommand {
  file: string;
  args: string[];
  /** Absolute path of the script when the command names one; it is checked before spawning. */
  script?: string;
}

export const looksLikeScript = (arg: string): boolean => SCRIPT_EXTENSIONS.includes(path.extname(arg).toLowerCase());

export function resolveCommand(command: readonly string[], cwd: string): ResolvedCommand {
  if (command.length === 0 || command[0] === '') throw new Error('No command to run');
  const [first, ...rest] = command;
  if (looksLikeScript(first)) return { file: 'node', args: [first, ...rest], script: path.resolve(cwd, first) };
  // `node x.js` given explicitly: still worth the early check. Options before the script are not parsed.
  if (path.basename(first) === 'node' && rest.length > 0 && looksLikeScript(rest[0])) {
    return { file: first, args: rest, script: path.resolve(cwd, rest[0]) };
  }
  return { file: first, args: rest };
}

export function scriptExists(script: string): boolean {
  try {
    return fs.statSync(script).isFile();
  } catch {
    return false;
  }
}

/**
 * Quotes one NODE_OPTIONS value. Node splits NODE_OPTIONS on spaces, honours double quotes and takes a
 * backslash inside them as an escape, so Windows paths need their backslashes doubled once quoted.
 */
export function quoteNodeOption(value: string): string {
  return /[\s"\\]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

/** Appends to the user's NODE_OPTIONS rather than replacing it: their own flags and loaders must still apply. */
export function appendNodeOptions(existing: string | undefined, options: readonly string[]): string {
  const added = options.join(' ');
  return existing && existing.trim() !== '' ? `${existing.trim()} ${added}` : added;
}

export const requireOption = (probePath: string): string[] => ['--require', quoteNodeOption(probePath)];
