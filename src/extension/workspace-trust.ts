// Commands that run workspace code (profiling, benchmarks of the user's function) need a trusted
// workspace. The manifest hides them in Restricted Mode; this refuses them in code as well, since a
// keybinding or another extension can still call a command.
import * as vscode from 'vscode';

export function refuseUntrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showWarningMessage(
    `Concurrency Lens: ${what} runs code from this workspace, so it needs a trusted workspace. Static diagnostics keep working in Restricted Mode.`,
    'Manage Workspace Trust',
  ).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return true;
}
