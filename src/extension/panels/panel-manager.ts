// One webview panel per view kind: revealed when open, created beside the editor otherwise, and adopted
// again after a reload by the serializers. It renders the page, answers the page's 'ready' with the
// current document (and sends it again whenever the document changes), and keeps a short record of the
// messages each panel sent and received, which the extension's exports hand to the in-VS-Code tests.
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../../report/webview-protocol';
import type { DocumentSource } from './document-source';
import { panelHtml, panelOptions } from './panel-html';
import { PANEL_TITLES, VIEW_TYPES, type EditorPanelKind } from './view-types';

/** What a panel has been through, newest last; kept short. */
export interface PanelRecord {
  kind: EditorPanelKind;
  viewType: string;
  open: boolean;
  /** The page said 'ready' since it was last (re)loaded: messages reach it. */
  ready: boolean;
  /** How many pages were rendered into it (a hidden panel reloads when shown again). */
  renders: number;
  restored: boolean;
  received: FromWebview[];
  /** Messages that failed validation. */
  rejected: number;
  sent: ToWebview[];
}

const KEEP = 10;
const keepLast = <T>(list: T[], item: T): void => {
  list.push(item);
  if (list.length > KEEP) list.shift();
};

export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<EditorPanelKind, vscode.WebviewPanel>();
  private readonly records = new Map<EditorPanelKind, PanelRecord>();
  private readonly documentAsks = new Map<EditorPanelKind, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private busyText: string | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly documents: DocumentSource,
    private readonly log: vscode.LogOutputChannel,
    /** Validates and acts on a message; returns it as understood, or undefined when dropped. */
    private readonly onMessage: (from: EditorPanelKind, raw: unknown) => FromWebview | undefined,
  ) {
    this.disposables.push(documents.onDidChange(() => this.refresh()));
  }

  /** Reveals the kind's panel, or creates it: in the column our other panels are in, else beside the editor. */
  open(kind: EditorPanelKind, preserveFocus = false): vscode.WebviewPanel {
    const existing = this.panels.get(kind);
    if (existing) {
      existing.reveal(existing.viewColumn, preserveFocus);
      return existing;
    }
    const column = [...this.panels.values()].find((p) => p.viewColumn !== undefined)?.viewColumn ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPES[kind],
      PANEL_TITLES[kind],
      { viewColumn: column, preserveFocus },
      panelOptions(this.extensionUri),
    );
    this.attach(panel, kind, false);
    return panel;
  }

  /** A panel VS Code kept over a reload: same page, fresh nonce, fresh data (the state only says how it looked). */
  restore(panel: vscode.WebviewPanel, kind: EditorPanelKind): void {
    // The user opened this kind before VS Code handed the old one back: keep what they opened.
    const live = this.panels.get(kind);
    if (live && live !== panel) {
      panel.dispose();
      return;
    }
    // The restored options are the ones saved with the panel; set ours again in case they changed.
    panel.webview.options = panelOptions(this.extensionUri);
    this.attach(panel, kind, true);
  }

  columnOf(kind: EditorPanelKind): vscode.ViewColumn | undefined {
    return this.panels.get(kind)?.viewColumn;
  }

  /** Posts 'show' with the current document to the kind's panel, if its page listens. */
  sendDocument(kind: EditorPanelKind): void {
    // The document is read asynchronously; of two reads in flight, only the later one is shown.
    const asked = (this.documentAsks.get(kind) ?? 0) + 1;
    this.documentAsks.set(kind, asked);
    void this.documents.document().then(
      (document) => {
        if (this.documentAsks.get(kind) === asked) this.post(kind, { type: 'show', panel: kind, document });
      },
      (err: Error) => this.log.warn(`panel ${kind}: could not read its document: ${err.message}`),
    );
  }

  /** A profile or bench run started (text) or ended (null): every open panel says so. */
  busy(text: string | null): void {
    this.busyText = text;
    for (const kind of this.panels.keys()) this.post(kind, { type: 'busy', text });
  }

  /** The record of one panel, for the tests; undefined when it was never opened. */
  record(kind: EditorPanelKind): PanelRecord | undefined {
    const r = this.records.get(kind);
    return r && { ...r, received: [...r.received], sent: [...r.sent] };
  }

  private refresh(): void {
    for (const kind of this.panels.keys()) this.sendDocument(kind);
  }

  private post(kind: EditorPanelKind, message: ToWebview): void {
    const panel = this.panels.get(kind);
    const record = this.records.get(kind);
    // Before 'ready' the page may not listen yet; it asks for the document itself once it does.
    if (!panel || !record?.ready) return;
    keepLast(record.sent, message);
    void panel.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.log.info(`panel ${kind}: ${message.type} not delivered (hidden)`);
      },
      (err: Error) => this.log.warn(`panel ${kind}: ${message.type} failed: ${err.message}`),
    );
  }

  private attach(panel: vscode.WebviewPanel, kind: EditorPanelKind, restored: boolean): void {
    this.panels.set(kind, panel);
    // A new panel starts a new record; the last one of a closed panel is kept until then.
    const record: PanelRecord = { kind, viewType: VIEW_TYPES[kind], open: true, ready: false, renders: 0, restored, received: [], rejected: 0, sent: [] };
    this.records.set(kind, record);
    const subscriptions: vscode.Disposable[] = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = this.onMessage(kind, raw);
        if (!message) {
          record.rejected++;
          return;
        }
        keepLast(record.received, message);
        if (message.type === 'ready') {
          record.ready = true;
          this.sendDocument(kind);
          if (this.busyText) this.post(kind, { type: 'busy', text: this.busyText });
        }
      }),
      // A hidden panel's page is dropped (retainContextWhenHidden is off); shown again, it reloads and says 'ready' anew.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) record.ready = false;
      }),
    ];
    panel.onDidDispose(() => {
      record.open = false;
      record.ready = false;
      if (this.panels.get(kind) === panel) this.panels.delete(kind);
      for (const s of subscriptions) s.dispose();
    });
    record.renders++;
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, kind);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
