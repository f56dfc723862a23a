// How a Python workload command becomes a process: a `.py` script runs under the user's own interpreter
// (`--python PATH`, else `python3` on PATH, never the Node that runs the profiler), and a command that
// starts Python itself (`python -m uvicorn app:app`, `python3 app.py`) runs as given.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PYTHON_SCRIPT_EXTENSIONS = ['.py', '.pyw'];
export const DEFAULT_PYTHON = 'python3';

export const looksLikePythonScript = (arg: string): boolean => PYTHON_SCRIPT_EXTENSIONS.includes(path.extname(arg).toLowerCase());
/** python, python3, python3.11, python3.13t, pypy3, and their Windows spellings. */
const looksLikePythonInterpreter = (arg: string): boolean => /^(python|pypy)(\d+(\.\d+)*t?)?(\.exe)?$/i.test(path.basename(arg));

/**
 * A command Python runs: a `.py` script, or an interpreter named first. Launchers (`uv run`, `poetry run`)
 * count when a word of theirs names a Python interpreter or script, so `poetry run python app.py` is Python.
 */
export function isPythonCommand(command: readonly string[]): boolean {
  const [first] = command;
  if (first === undefined) return false;
  if (looksLikePythonScript(first) || looksLikePythonInterpreter(first)) return true;
  return command.slice(1, 4).some((w) => looksLikePythonInterpreter(w) || looksLikePythonScript(w)) && !/^(node|npm|npx|yarn|pnpm)(\.exe|\.cmd)?$/i.test(path.basename(first));
}

export interface ResolvedPythonCommand {
  file: string;
  args: string[];
  /** Absolute path of the script when the command names one; it is checked before spawning. */
  script?: string;
  /** The interpreter that runs it, as the user named it. */
  interpreter: string;
}

export function resolvePythonCommand(command: readonly string[], cwd: string, python?: string): ResolvedPythonCommand {
  if (command.length === 0 || command[0] === '') throw new Error('No command to run');
  const [first, ...rest] = command;
  if (looksLikePythonScript(first)) {
    const interpreter = python ?? DEFAULT_PYTHON;
    return { file: interpreter, args: [first, ...rest], script: path.resolve(cwd, first), interpreter };
  }
  if (looksLikePythonInterpreter(first)) {
    // `python app.py` given explicitly: still worth the early check. Options before the script are not parsed.
    const script = rest.length > 0 && looksLikePythonScript(rest[0]) ? path.resolve(cwd, rest[0]) : undefined;
    return { file: first, args: rest, interpreter: first, ...(script ? { script } : {}) };
  }
  return { file: first, args: rest, interpreter: python ?? DEFAULT_PYTHON };
}

/** Puts the probe's folder first on PYTHONPATH, keeping the user's own entries after it. */
export function prependPythonPath(existing: string | undefined, dir: string): string {
  return existing && existing.trim() !== '' ? `${dir}${path.delimiter}${existing}` : dir;
}

/**
 * The probe's folder (sitecustomize.py and the concurrency_lens_probe package): dist/python-probe beside
 * the bundle, or the sources when running from tsc's output (out/src/profiler/python).
 */
export function defaultPythonProbeDir(): string {
  const candidates = [
    path.join(__dirname, 'python-probe'),
    path.resolve(__dirname, '..', '..', '..', '..', 'src', 'profiler', 'python-probe'),
    path.resolve(__dirname, '..', 'python-probe'),
  ];
  return candidates.find((d) => fs.existsSync(path.join(d, 'sitecustomize.py'))) ?? candidates[0]!;
}
