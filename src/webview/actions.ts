// Things a reader can act on. In a panel they are buttons that post to the extension; in the exported
// file there is no extension, so the same places show plain text (a `file:line` to find by hand).
import type { FromWebview } from '../report/webview-protocol';
import { button, el } from './dom';
import type { Host } from './messaging';

/** "src/app.js:42" as a button that opens the line in the editor, or as text in the export. */
export function sourceLink(host: Host, file: string, line: number, column?: number, label?: string): HTMLElement {
  const text = label ?? `${file}:${line}`;
  if (!host.interactive) return breakAtSlashes(el('code', { class: 'source-ref', text }), text);
  const message: FromWebview = column ? { type: 'openSource', file, line, column } : { type: 'openSource', file, line };
  return breakAtSlashes(button(text, () => host.post(message), { class: 'link-btn source-ref', title: `Open ${file} at line ${line}`, attrs: { 'data-file': file, 'data-line': line } }), text);
}

/** A path may wrap after each `/` (a narrow panel's table), never inside a name. The text stays the same. */
function breakAtSlashes<E extends HTMLElement>(node: E, text: string): E {
  const parts = text.split('/');
  if (parts.length < 2) return node;
  node.replaceChildren(...parts.flatMap((part, i) => (i < parts.length - 1 ? [document.createTextNode(`${part}/`), el('wbr')] : [document.createTextNode(part)])));
  return node;
}

/** A button for an extension command; nothing in the export (the sentence around it says what to run). */
export function commandButton(host: Host, label: string, message: FromWebview, secondary = false): HTMLButtonElement | null {
  if (!host.interactive) return null;
  return button(label, () => host.post(message), { class: secondary ? 'btn secondary' : 'btn', attrs: { 'data-action': message.type } });
}

/** "No profile yet" and the like: what is missing, how to get it, and the button that does it in a panel. */
export function emptyState(host: Host, sentence: string, cliHint: string, action?: { label: string; message: FromWebview }): HTMLElement {
  return el(
    'div',
    { class: 'empty-state', attrs: { role: 'note' } },
    el('p', { text: sentence }),
    host.interactive && action ? commandButton(host, action.label, action.message) : el('p', { class: 'muted' }, 'Run ', el('code', { text: cliHint }), ' to make one.'),
  );
}
