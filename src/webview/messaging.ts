// The page's link to its host. In a panel that is VS Code's webview API (acquireVsCodeApi: postMessage to
// the extension, getState/setState kept across reloads); in the exported file there is no host, so
// posting does nothing and actions that need the extension are drawn as plain text instead of buttons.
import type { FromWebview, PanelKind, ToWebview, WebviewState } from '../report/webview-protocol';
import { parseWebviewState } from '../report/webview-protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Provided by VS Code inside webviews (and by the screenshot tests' stub); callable once per page.
  function acquireVsCodeApi(): VsCodeApi;
}

export interface Host {
  /** False in the exported file: nothing can open an editor or run a profile there. */
  readonly interactive: boolean;
  post(message: FromWebview): void;
  readonly state: WebviewState;
  /** Merges into the saved state (the panel keeps it over a reload). */
  saveState(patch: Partial<WebviewState>): void;
}

export function webviewHost(panel: PanelKind): Host {
  const api = acquireVsCodeApi();
  let state = parseWebviewState(api.getState(), panel);
  return {
    interactive: true,
    post: (m) => api.postMessage(m),
    get state() {
      return state;
    },
    saveState(patch) {
      state = { ...state, ...patch };
      api.setState(state);
    },
  };
}

/** The exported page: state lives only as long as the page, messages go nowhere. */
export function exportHost(panel: PanelKind): Host {
  let state: WebviewState = { panel };
  return {
    interactive: false,
    post: () => undefined,
    get state() {
      return state;
    },
    saveState(patch) {
      state = { ...state, ...patch };
    },
  };
}

/** Messages from the extension arrive as window 'message' events; anything not shaped like ours is ignored. */
export function onHostMessage(handler: (m: ToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as Partial<ToWebview> | null;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'show' && typeof m.panel === 'string') handler(m as ToWebview);
    else if (m.type === 'busy') handler({ type: 'busy', text: typeof m.text === 'string' ? m.text : null });
  });
}
