// The HTML page of every view, for the editor's webview panels and for the exported report alike. One
// template, two ways to load the bundle: linked from the extension's dist/webview folder (a panel) or
// inlined (a self-contained file). Either way the Content Security Policy allows nothing but the bundle:
// `default-src 'none'`, scripts and styles only with this page's nonce, no 'unsafe-eval'.
import { randomBytes } from 'node:crypto';
import type { LensDocument } from './lens-document';
import type { PanelKind } from './webview-protocol';

export type PageAssets =
  /** A webview panel: `cspSource` is `webview.cspSource`; the URIs are `asWebviewUri` of dist/webview/main.{js,css}. */
  | { kind: 'linked'; cspSource: string; scriptUri: string; styleUri: string }
  /** The exported file: the bundle's own text, so it opens anywhere with no network and no extension. */
  | { kind: 'inline'; script: string; style: string };

export interface WebviewPage {
  title: string;
  panel: PanelKind;
  nonce: string;
  assets: PageAssets;
  /** Carried in the page itself (the export). Panels get theirs by a `show` message instead. */
  document?: LensDocument;
}

/** The id of the JSON data block an exported page carries its document in. */
export const DOCUMENT_ELEMENT_ID = 'lens-document';

/** 128 random bits, fresh for every page: a nonce that repeats lets an injected script run. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** A nonce goes into attributes and the policy as it is, so it must be base64 of enough random bytes. */
export function assertNonce(nonce: string): void {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('a page needs a fresh random nonce');
}

export function contentSecurityPolicy(page: Pick<WebviewPage, 'nonce' | 'assets'>): string {
  const nonce = `'nonce-${page.nonce}'`;
  const a = page.assets;
  const rules =
    a.kind === 'linked'
      ? [`default-src 'none'`, `img-src ${a.cspSource} data:`, `font-src ${a.cspSource}`, `style-src ${a.cspSource} ${nonce}`, `script-src ${nonce}`]
      : [`default-src 'none'`, `img-src data:`, `style-src ${nonce}`, `script-src ${nonce}`];
  // default-src does not cover these two: an injected <base> or <form> could still redirect or send.
  rules.push(`base-uri 'none'`, `form-action 'none'`);
  return rules.join('; ');
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that cannot end its script element or start a comment, whatever strings the report holds. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Inlined code must not close its own element early: `</script` becomes `<\/script`, which means the same
 * in JavaScript strings and regular expressions. `<!--` and `<script` inside a script element open the
 * parser's escaped states and can swallow the rest of the page; no rewrite of those is safe in every
 * JavaScript context (`<\script` in a regular expression means whitespace), so a bundle holding them is
 * refused rather than inlined.
 */
function safeInline(code: string, tag: 'script' | 'style'): string {
  if (tag === 'script' && /<!--|<script/i.test(code)) throw new Error('the webview bundle contains "<!--" or "<script", which cannot be inlined safely into the exported page');
  return code.replace(new RegExp(`</${tag}`, 'gi'), `<\\/${tag}`);
}

export function renderWebviewHtml(page: WebviewPage): string {
  assertNonce(page.nonce);
  const n = escapeHtml(page.nonce);
  const a = page.assets;
  const style = a.kind === 'linked' ? `<link rel="stylesheet" href="${escapeHtml(a.styleUri)}" nonce="${n}">` : `<style nonce="${n}">${safeInline(a.style, 'style')}</style>`;
  const script = a.kind === 'linked' ? `<script nonce="${n}" src="${escapeHtml(a.scriptUri)}"></script>` : `<script nonce="${n}">${safeInline(a.script, 'script')}</script>`;
  const data = page.document ? `<script type="application/json" id="${DOCUMENT_ELEMENT_ID}">${jsonForScript(page.document)}</script>` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(page))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    style,
    '</head>',
    `<body data-panel="${escapeHtml(page.panel)}" data-mode="${a.kind === 'linked' ? 'webview' : 'export'}">`,
    '<main id="app" aria-live="polite"><p class="loading">Loading…</p></main>',
    data,
    script,
    '</body>',
    '</html>',
  ].join('\n');
}
