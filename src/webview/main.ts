// The webview bundle's entry: one script for the editor's panels and the exported report.
//
// Panel (data-mode="webview"): take VS Code's API, restore the saved state (which view, the tree's answers,
// the explorer's setting), say 'ready', and draw whatever the extension sends in 'show' messages.
// Export (data-mode="export"): no extension; the document is embedded in the page as JSON and every view is
// drawn on one page. Both redraw the charts when the theme's colours change.
import './main.css';
import type { LensDocument } from '../report/lens-document';
import { PANEL_KINDS, type PanelKind } from '../report/webview-protocol';
import { destroyCharts, redrawCharts } from './chart-render';
import { clear, el } from './dom';
import { exportHost, onHostMessage, webviewHost, type Host } from './messaging';
import { renderView } from './views';
import { THEME_EVENT, watchTheme } from './theme';
import { layoutTrees } from './tree-svg';

const body = document.body;
const app = document.getElementById('app') ?? body.appendChild(el('main', { attrs: { id: 'app' } }));
const initialPanel: PanelKind = (PANEL_KINDS as readonly string[]).includes(body.dataset.panel ?? '') ? (body.dataset.panel as PanelKind) : 'report';
const exported = body.dataset.mode === 'export';

// The 'busy' line: a live region, so "Profiling…" is announced as well as shown.
const status = el('p', { class: 'status', attrs: { role: 'status', hidden: true } });
body.insertBefore(status, app);

function showBusy(text: string | null): void {
  status.textContent = text ?? '';
  status.hidden = !text;
  body.toggleAttribute('data-busy', Boolean(text));
}

function draw(panel: PanelKind, doc: LensDocument | null, host: Host): void {
  destroyCharts();
  clear(app);
  try {
    app.appendChild(renderView(panel, doc, host));
    layoutTrees(app);
  } catch (err) {
    // A broken view says so instead of leaving "Loading…" forever; the message is text, never markup.
    app.appendChild(el('div', { class: 'empty-state', attrs: { role: 'alert' } }, el('p', { text: `This view could not be drawn: ${err instanceof Error ? err.message : String(err)}` })));
    console.error(err);
  }
  body.dataset.rendered = panel;
}

// webview-html.ts's DOCUMENT_ELEMENT_ID; not imported, since that module needs node:crypto.
const DOCUMENT_ELEMENT_ID = 'lens-document';

function readEmbeddedDocument(): LensDocument | null {
  const text = document.getElementById(DOCUMENT_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as LensDocument;
  } catch {
    return null;
  }
}

watchTheme((theme) => {
  redrawCharts(theme);
  window.dispatchEvent(new CustomEvent(THEME_EVENT));
});

if (exported) {
  draw(initialPanel, readEmbeddedDocument(), exportHost(initialPanel));
} else {
  const host = webviewHost(initialPanel);
  let current: LensDocument | null = null;
  onHostMessage((m) => {
    if (m.type === 'busy') return showBusy(m.text);
    current = m.document;
    host.saveState({ panel: m.panel });
    draw(m.panel, current, host);
  });
  host.post({ type: 'ready', panel: host.state.panel });
}
