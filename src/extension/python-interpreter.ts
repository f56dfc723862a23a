// The Python a workload runs under in the editor: the interpreter the Python extension has selected for the
// folder (its virtual environment, conda env, pyenv version), as the user runs and debugs it there. Without the
// Python extension, or when it has none selected, `python3` on PATH, and the log says so.
import { PythonExtension } from '@vscode/python-extension';
import type * as vscode from 'vscode';

export interface PythonChoice {
  /** Absolute path of the interpreter; undefined means `python3` on PATH. */
  executable?: string;
  /** Where it came from, for the log. */
  source: string;
}

export async function selectedPython(folder: vscode.Uri): Promise<PythonChoice> {
  let api: PythonExtension;
  try {
    api = await PythonExtension.api();
  } catch {
    return { source: 'the Python extension is not installed: python3 on PATH' };
  }
  try {
    const active = api.environments.getActiveEnvironmentPath(folder);
    const resolved = await api.environments.resolveEnvironment(active);
    const executable = resolved?.executable.uri?.fsPath;
    return executable ? { executable, source: `selected in the Python extension (${active.path})` } : { source: 'the Python extension has no interpreter selected: python3 on PATH' };
  } catch (err) {
    return { source: `the Python extension did not say (${(err as Error).message}): python3 on PATH` };
  }
}
