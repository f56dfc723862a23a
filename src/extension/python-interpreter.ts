// The Python a workload runs under in the editor: the interpreter the Python extension has selected for the
// folder (its virtual environment, conda env, pyenv version), as the user runs and debugs it there. Without the
// Python extension, the `python.defaultInterpreterPath` setting when it names one (users set it in settings.json
// without the extension too), else `python3` on PATH; the log says which. Callers run it only in a trusted
// workspace: a workspace's settings may name its own interpreter.
import * as path from 'node:path';
import { PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';

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
    return fromSetting(folder) ?? { source: 'the Python extension is not installed: python3 on PATH' };
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

/** `python.defaultInterpreterPath`, with `${workspaceFolder}` and a path relative to the folder resolved; not the bare default `python`. */
function fromSetting(folder: vscode.Uri): PythonChoice | undefined {
  const raw = vscode.workspace.getConfiguration('python', folder).get<string>('defaultInterpreterPath')?.trim();
  if (!raw || raw === 'python') return undefined;
  const expanded = raw.replace(/\$\{workspaceFolder\}/g, folder.fsPath);
  const executable = path.isAbsolute(expanded) || !/[\\/]/.test(expanded) ? expanded : path.resolve(folder.fsPath, expanded);
  return { executable, source: `python.defaultInterpreterPath (${raw}); the Python extension is not installed` };
}
