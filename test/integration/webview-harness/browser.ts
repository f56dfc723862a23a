// Headless Debian chromium through playwright-core, as the other integration tests drive it, plus what
// the webview screenshot tests read from a page: posted messages, CSP violations, errors, and what each
// chart canvas has drawn.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LensDocument } from '../../../src/report/lens-document';
import type { FromWebview, PanelKind, WebviewState } from '../../../src/report/webview-protocol';
import { PageServer, repoRoot } from './page-server';
import type { ThemeName } from './vscode-theme';

// The page functions below run in the browser; these names exist there, not in this Node program.
declare const window: any;
declare const document: any;

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The chromium the other integration tests use, installed by scripts/vscode-test/install.mjs when
 * missing (apt-get; that script also readies code-server for the VS Code tests). Undefined, with the
 * reason, when it cannot be had.
 */
export function ensureChromium(): { path?: string; reason?: string } {
  if (fs.existsSync(CHROMIUM)) return { path: CHROMIUM };
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'vscode-test', 'install.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (fs.existsSync(CHROMIUM)) return { path: CHROMIUM };
  return { reason: `chromium (${CHROMIUM}) is missing and scripts/vscode-test/install.mjs could not install it: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}` };
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    // Root in a sandboxed machine with a closed network (test/integration/run.mjs uses the same flags).
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}

/** A page under test and everything it reported that a test must see as empty. */
export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests to anything but the test server (the bundle must load nothing from the network). */
  offsite: string[];
  cspViolations(): Promise<string[]>;
  posted(): Promise<FromWebview[]>;
  close(): Promise<void>;
}

/**
 * A panel's width at VS Code's default, beside the code: the editor area split in two on a laptop-sized
 * window. The panels are drawn, checked and photographed at this width unless a test asks for another.
 */
export const PANEL_WIDTH = 650;
/** The exported report opens in a browser window. */
export const EXPORT_WIDTH = 1200;

async function newPage(browser: Browser, server: PageServer, colorScheme: ThemeName, width: number): Promise<OpenPage> {
  // Reduced motion: charts draw their final frame at once, and the simulator shows its end state, so
  // the pixels read are the ones the screenshot shows.
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce', colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  const offsite: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:')) offsite.push(r.url());
  });
  // Registered before any of the page's own scripts, so a violation by the first one is caught too.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e: any) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return {
    page,
    context,
    errors,
    offsite,
    cspViolations: () => page.evaluate(() => window.__csp as string[]),
    posted: () => page.evaluate(() => (window.__posted ?? []) as FromWebview[]),
    close: () => context.close(),
  };
}

/** A panel: load the page, wait for 'ready', then send the document the way the extension does. */
export async function openPanel(
  browser: Browser,
  server: PageServer,
  opts: { panel: PanelKind; theme: ThemeName; document: LensDocument | null; state?: WebviewState; width?: number },
): Promise<OpenPage> {
  const p = await newPage(browser, server, opts.theme, opts.width ?? PANEL_WIDTH);
  await p.page.goto(server.panelPage({ panel: opts.panel, theme: opts.theme, state: opts.state }));
  await p.page.waitForFunction(() => (window.__posted ?? []).some((m: FromWebview) => m.type === 'ready'), undefined, { timeout: 15_000 });
  const ready = (await p.posted()).find((m) => m.type === 'ready');
  const panel = ready && ready.type === 'ready' ? ready.panel : opts.panel;
  // VS Code delivers webview.postMessage as a window 'message' event.
  await p.page.evaluate((m) => window.postMessage(m, '*'), { type: 'show', panel, document: opts.document });
  await p.page.waitForFunction((want) => document.body.dataset.rendered === want, panel, { timeout: 15_000 });
  await drawingsSettled(p.page);
  return p;
}

/** The exported file: no host, the document embedded. The theme comes from prefers-color-scheme unless forced. */
export async function openExport(
  browser: Browser,
  server: PageServer,
  opts: { panel: PanelKind; document: LensDocument; colorScheme: ThemeName; forceTheme?: ThemeName; width?: number },
): Promise<OpenPage> {
  const p = await newPage(browser, server, opts.colorScheme, opts.width ?? EXPORT_WIDTH);
  await p.page.goto(server.exportPage({ panel: opts.panel, document: opts.document, theme: opts.forceTheme }));
  await p.page.waitForFunction((want) => document.body.dataset.rendered === want, opts.panel, { timeout: 15_000 });
  await drawingsSettled(p.page);
  return p;
}

/**
 * Charts drawn, and every decision tree laid out for its frame's current width (the tree draws itself a
 * frame after a resize, at the width it then has).
 */
export async function drawingsSettled(page: Page): Promise<void> {
  await chartsSettled(page);
  await page.waitForFunction(
    () => Array.from(document.querySelectorAll('.tree-wrap')).every((w: any) => w.querySelector('svg.tree-svg') && w.dataset.drawnWidth === String(Math.floor(w.querySelector('.tree-width-probe').getBoundingClientRect().width))),
    undefined,
    { timeout: 5_000 },
  );
  await chartsSettled(page);
}

/** Two animation frames: chart.js draws a chart attached after its creation on the next frame. */
export async function chartsSettled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => window.requestAnimationFrame(() => window.requestAnimationFrame(resolve))));
}

export interface CanvasStats {
  id: string;
  width: number;
  height: number;
  /** Pixels with any paint at all (the canvas starts transparent). */
  painted: number;
  /** Opaque-ish pixels close to one of the given colours (the theme's chart colours). */
  matching: number;
}

/** What every chart canvas on the page has drawn, counted from getImageData. */
export function canvasStats(page: Page, colors: [number, number, number][], selector = 'figure.chart canvas'): Promise<CanvasStats[]> {
  return page.evaluate(
    ({ colors, selector }) =>
      Array.from(document.querySelectorAll(selector)).map((c: any) => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
        let painted = 0;
        let matching = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! === 0) continue;
          painted++;
          if (data[i + 3]! < 150) continue;
          for (const [r, g, b] of colors) {
            if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) <= 24) {
              matching++;
              break;
            }
          }
        }
        return { id: c.closest('[data-chart]')?.dataset.chart ?? c.id ?? '?', width: c.width, height: c.height, painted, matching };
      }),
    { colors, selector },
  );
}
