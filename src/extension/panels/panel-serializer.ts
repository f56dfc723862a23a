// Panels come back after a reload. VS Code keeps each panel's view type and the page's saved state
// (WebviewState: the view, the tree's answers, the explorer's setting) and, once the extension is
// activated for it (onWebviewPanel:<viewType> in package.json), hands the panel to its serializer. The
// page is rendered again and drawn from the saved report (LastReport, the saved bench result), never
// from the state: the state is the page's own, so it is parsed as untrusted and only its view is used.
import * as vscode from 'vscode';
import { parseWebviewState } from '../../report/webview-protocol';
import type { PanelManager } from './panel-manager';
import { EDITOR_PANEL_KINDS, VIEW_TYPES } from './view-types';

export function registerPanelSerializers(manager: PanelManager, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return EDITOR_PANEL_KINDS.map((kind) =>
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPES[kind], {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, raw: unknown) => {
        const state = parseWebviewState(raw, kind);
        if (state.panel !== kind) log.info(`restoring the ${kind} panel; its saved state named ${state.panel}`);
        log.info(`restoring the ${kind} panel after a reload`);
        manager.restore(panel, kind);
      },
    }),
  );
}
