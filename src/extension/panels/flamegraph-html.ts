// 0x's flamegraph page made fit for a webview. 0x writes one self-contained HTML file whose code is an
// inline <script> (its browserified visualiser) and whose styles are inline. Our panels' policy
// (nonce-only scripts and styles) would block all of it, so this page gets its own policy:
// - `default-src 'none'`: nothing is loaded, from the network or from disk;
// - scripts only with this page's nonce, which is added to 0x's own (first and only) <script>; no eval;
// - styles inline: 0x's visualiser also inserts a <style> element while it runs, which no nonce can
//   cover (seen in chromium: "Applying inline style violates ... style-src-elem"), and a nonce in
//   style-src would switch 'unsafe-inline' off. Styles cannot run code, and with nothing loadable they
//   cannot send anything anywhere either.
// No `vscode` import: unit-tested as it is.

import { assertNonce } from '../../report/webview-html';

/** The policy of the flamegraph page: nothing loaded, no eval, only the nonce's scripts. */
export function flamegraphCsp(nonce: string): string {
  return [`default-src 'none'`, `img-src data:`, `script-src 'nonce-${nonce}'`, `style-src 'unsafe-inline'`].join('; ');
}

/** The start tag of a script or style element (the text and end tag are found by rawTextElements). */
const RAW_TEXT_START = /<(script|style)\b([^>]*)>/gi;

interface RawTextElement {
  start: number;
  end: number;
  tag: string;
  attrs: string;
  text: string;
  close: string;
}

/**
 * Script and style elements, read the way HTML reads them: their text runs to the first closing tag of
 * the same name, so a "<style>" or "<script" written inside 0x's script (it has some) is part of the script
 * and left alone. A scan, not one regex with a backreference: the page is megabytes, and the scan is
 * linear in it.
 */
function rawTextElements(html: string): RawTextElement[] {
  const lower = html.toLowerCase();
  const out: RawTextElement[] = [];
  RAW_TEXT_START.lastIndex = 0;
  for (let m = RAW_TEXT_START.exec(html); m; m = RAW_TEXT_START.exec(html)) {
    const textStart = m.index + m[0].length;
    const closing = closingTag(html, lower, m[1].toLowerCase(), textStart);
    const end = closing ? closing.end : html.length;
    out.push({ start: m.index, end, tag: m[1], attrs: m[2], text: html.slice(textStart, closing ? closing.start : html.length), close: closing ? html.slice(closing.start, closing.end) : '' });
    RAW_TEXT_START.lastIndex = end;
  }
  return out;
}

/** `</tag` followed by optional white space and `>`, from `from` on. */
function closingTag(html: string, lower: string, tag: string, from: number): { start: number; end: number } | undefined {
  for (let at = lower.indexOf(`</${tag}`, from); at >= 0; at = lower.indexOf(`</${tag}`, at + 1)) {
    let i = at + 2 + tag.length;
    while (i < html.length && /\s/.test(html[i])) i++;
    if (html[i] === '>') return { start: at, end: i + 1 };
  }
  return undefined;
}

export function flamegraphPage(html: string, nonce: string): string {
  assertNonce(nonce);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${flamegraphCsp(nonce)}">`;
  // Only the first script gets the nonce: 0x writes exactly one, with the profile's data inside it
  // unescaped, so a function name holding "</script><script>" would otherwise start a second script
  // that our nonce lets run. Any later script stays blocked by the policy.
  const firstScript = rawTextElements(html).find((e) => e.tag.toLowerCase() === 'script');
  const withNonces = firstScript
    ? `${html.slice(0, firstScript.start)}<${firstScript.tag}${firstScript.attrs.replace(/\snonce\s*=\s*("[^"]*"|'[^']*'|\S+)/gi, '')} nonce="${nonce}">${firstScript.text}${firstScript.close}${html.slice(firstScript.end)}`
    : html;
  // The policy must come before the first script or style to govern it: into <head> when the head
  // starts before them, else at the very top.
  const head = /<head\b[^>]*>/i.exec(withNonces);
  const firstElement = withNonces.search(/<(script|style)\b/i);
  if (head && (firstElement < 0 || head.index < firstElement)) {
    const at = head.index + head[0].length;
    return `${withNonces.slice(0, at)}\n${meta}${withNonces.slice(at)}`;
  }
  return `${meta}\n${withNonces}`;
}
