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

/**
 * Script and style elements, matched the way HTML reads them: their text runs to the first closing tag,
 * so a "<style>" or "<script" written inside 0x's script (it has some) is part of the script and left
 * alone. Only scripts get the nonce.
 */
const RAW_TEXT_ELEMENT = /<(script|style)\b([^>]*)>([\s\S]*?)(<\/\1\s*>|$)/gi;

export function flamegraphPage(html: string, nonce: string): string {
  assertNonce(nonce);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${flamegraphCsp(nonce)}">`;
  // Only the first script gets the nonce: 0x writes exactly one, with the profile's data inside it
  // unescaped, so a function name holding "</script><script>" would otherwise start a second script
  // that our nonce lets run. Any later script stays blocked by the policy.
  let scripts = 0;
  const withNonces = html.replace(RAW_TEXT_ELEMENT, (all: string, tag: string, attrs: string, text: string, end: string) =>
    tag.toLowerCase() === 'script' && scripts++ === 0 ? `<${tag}${attrs.replace(/\snonce\s*=\s*("[^"]*"|'[^']*'|\S+)/gi, '')} nonce="${nonce}">${text}${end}` : all,
  );
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
