// A localhost server for the webview screenshot tests. It serves the page VS Code would show in a panel —
// renderWebviewHtml with linked assets pointing at the built dist/webview bundle, plus a stand-in for
// acquireVsCodeApi that runs with the page's nonce — and the exported report (inline assets, embedded
// document). The Content Security Policy goes out as a real HTTP header as well as the page's meta tag,
// so the browser enforces it the strict way, and a violation by any part of the bundle shows.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { LensDocument } from '../../../src/report/lens-document';
import { contentSecurityPolicy, newNonce, renderWebviewHtml, type PageAssets } from '../../../src/report/webview-html';
import type { PanelKind, WebviewState } from '../../../src/report/webview-protocol';
import { VSCODE_DEFAULT_STYLES, vscodeThemeScript, type ThemeName } from './vscode-theme';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const bundleDir = path.join(repoRoot, 'dist', 'webview');

export interface PanelPageOptions {
  panel: PanelKind;
  theme: ThemeName;
  /** What getState() returns at first: a panel reopened after a reload. */
  state?: WebviewState;
}

export interface ExportPageOptions {
  panel: PanelKind;
  document: LensDocument;
  /** Forces a theme with VS Code's body class (the export has no --vscode variables); otherwise prefers-color-scheme decides. */
  theme?: ThemeName;
}

/**
 * The stand-in for VS Code's webview API: postMessage calls are recorded in window.__posted, state kept in
 * window.__state. It runs before the bundle, as VS Code's own preload does.
 */
function acquireApiStub(state: WebviewState | undefined): string {
  return `(() => {
  window.__posted = [];
  window.__state = ${JSON.stringify(state ?? null).replace(/</g, '\\u003c')};
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); return s; },
    };
  };
})();`;
}

/** Adds a script with the page's nonce just before the bundle's own script tag. */
function injectBeforeBundle(html: string, nonce: string, code: string): string {
  const marker = `<script nonce="${nonce}"`;
  const at = html.lastIndexOf(marker);
  if (at < 0) throw new Error('the page has no bundle script to inject before');
  return `${html.slice(0, at)}<script nonce="${nonce}">${code}</script>\n${html.slice(at)}`;
}

export class PageServer {
  private server: http.Server | undefined;
  private pages = new Map<string, { html: string; csp: string }>();
  private counter = 0;
  origin = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** A panel page as the extension makes it; returns its URL. */
  panelPage(opts: PanelPageOptions): string {
    const nonce = newNonce();
    const assets: PageAssets = { kind: 'linked', cspSource: this.origin, scriptUri: `${this.origin}/dist/webview/main.js`, styleUri: `${this.origin}/dist/webview/main.css` };
    let html = renderWebviewHtml({ title: `Concurrency Lens: ${opts.panel}`, panel: opts.panel, nonce, assets });
    html = injectBeforeBundle(html, nonce, vscodeThemeScript(opts.theme) + acquireApiStub(opts.state));
    // VS Code's own webview styles come first in <head>, so the page's stylesheet wins where both speak.
    html = html.replace('<head>\n', `<head>\n<style nonce="${nonce}">${VSCODE_DEFAULT_STYLES}</style>\n`);
    return this.add(html, contentSecurityPolicy({ nonce, assets }));
  }

  /** The exported report, bundle and document inlined, as `concurrency-lens report` writes it. */
  exportPage(opts: ExportPageOptions): string {
    const nonce = newNonce();
    const assets: PageAssets = {
      kind: 'inline',
      script: fs.readFileSync(path.join(bundleDir, 'main.js'), 'utf8'),
      style: fs.readFileSync(path.join(bundleDir, 'main.css'), 'utf8'),
    };
    let html = renderWebviewHtml({ title: 'Concurrency Lens report', panel: opts.panel, nonce, assets, document: opts.document });
    // Only the body class: an exported file has no --vscode variables, so the CSS fallbacks are what shows.
    if (opts.theme) html = html.replace('<body ', `<body class="vscode-${opts.theme}" `);
    return this.add(html, contentSecurityPolicy({ nonce, assets }));
  }

  private add(html: string, csp: string): string {
    const name = `/page/${++this.counter}.html`;
    this.pages.set(name, { html, csp });
    return `${this.origin}${name}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    const page = this.pages.get(url.pathname);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp, 'cache-control': 'no-store' });
      res.end(page.html);
      return;
    }
    const m = /^\/dist\/webview\/(main\.(?:js|css)(?:\.map)?)$/.exec(url.pathname);
    if (m) {
      const file = path.join(bundleDir, m[1]!);
      if (fs.existsSync(file)) {
        res.writeHead(200, { 'content-type': m[1]!.endsWith('.css') ? 'text/css' : m[1]!.endsWith('.map') ? 'application/json' : 'text/javascript', 'cache-control': 'no-store' });
        res.end(fs.readFileSync(file));
        return;
      }
    }
    // The browser asks for a favicon by itself; a 404 would show up as a console error.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
}
