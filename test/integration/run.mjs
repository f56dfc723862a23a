#!/usr/bin/env node
// Runs one in-VS-Code test scenario: the extension under development, loaded into real VS Code
// (code-server 4.100.3's browser workbench, driven by Debian's chromium through playwright-core), runs the
// suite module's `run()` in its extension host against a copy of a fixture workspace.
//
//   node test/integration/run.mjs --workspace http-sync-io [--suite out/test/integration/suite]
//        [--restricted] [--open FILE] [--timeout 120000] [--keep] [--verbose]
//
// --open FILE (relative to the workspace) opens the workbench with FILE in the editor, as a restored window has it
// (the payload's `openFile`); the suite sees it as CONCURRENCY_LENS_TEST_OPEN_FILE.
//   node test/integration/run.mjs --vsix concurrency-lens.vsix --folder examples [--min-findings 1]
//
// The --vsix mode checks the packaged extension as a user gets it: the .vsix is installed into a fresh
// extensions folder with `code-server --install-extension`, the folder is opened without any development
// path or test suite, and the run passes once the installed extension has logged its analysis of the
// folder with at least --min-findings findings (its log, "Concurrency Lens.log", is on the server side).
//
// It builds nothing: `npm run build && npm run compile` must have run (dist/ holds the extension, out/ the
// suite). The install step (scripts/vscode-test/install.mjs) is run first and is a no-op when cached.
// Exit code: the suite's (0 = passed), 1 on a failure of the harness itself, 2 on timeout.
//
// What it does, in order, and always undoes (browser, code-server's process group, temp dirs), also on
// failure, timeout, Ctrl-C or SIGTERM:
//   1. copies test/fixtures/workspaces/<name>/ into a temp dir (the tests may write to it);
//   2. starts code-server on 127.0.0.1:0 with a fresh user-data-dir and extensions-dir (and
//      --disable-workspace-trust unless --restricted) and reads the port off its "HTTP server listening on" line;
//   3. launches headless chromium, exposes codeAutomationExit/codeAutomationLog, and opens
//      http://localhost:PORT/?folder=WS&payload=[extensionDevelopmentPath, extensionTestsPath, skipWelcome];
//   4. waits for codeAutomationExit(code, logs) — the order VS Code 1.100 uses, see waitForExit below.
//
// Page checks: the extension host cannot see inside a webview, so the suite asks the runner to look. It
// writes <n>.request.json into CONCURRENCY_LENS_TEST_PAGE_CHECKS ({ panel, texts, canvas }) and waits;
// the runner finds the webview showing that panel in the page (iframe.webview.ready → #active-frame),
// waits for it to be drawn, and writes <n>.result.json: the texts it did not find, how many canvases
// have pixels on them, and the Content Security Policy violations the page console reported.
//
// Output: the suite's own log (the suite writes each result line to the file named by
// CONCURRENCY_LENS_TEST_LOG, which code-server passes on to the extension host) is printed as it grows,
// prefixed "[suite]". With --verbose also the page console and code-server's output; on failure their
// last lines are printed anyway.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureInstalled } from '../../scripts/vscode-test/install.mjs';
import { lines } from '../../scripts/vscode-test/lines.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string', default: 'http-sync-io' },
    suite: { type: 'string', default: 'out/test/integration/suite' },
    restricted: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '180000' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    vsix: { type: 'string' },
    folder: { type: 'string' },
    'min-findings': { type: 'string', default: '1' },
    open: { type: 'string' },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (msg) => process.stdout.write(`[runner ${elapsed()}] ${msg}\n`);

/** Last lines of everything, printed when the run fails. */
class Tail {
  constructor(name, max = 200) {
    this.name = name;
    this.max = max;
    this.lines = [];
  }
  push(line) {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
    if (opts.verbose) process.stdout.write(`[${this.name}] ${line}\n`);
  }
  dump() {
    if (opts.verbose || this.lines.length === 0) return;
    process.stdout.write(`---- last ${this.lines.length} lines of ${this.name} ----\n`);
    for (const l of this.lines) process.stdout.write(`[${this.name}] ${l}\n`);
  }
}

const cleanups = [];
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`[runner] cleanup step failed: ${err?.message ?? err}\n`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    say(`${sig}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}


function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** Starts code-server in a process group of its own; resolves with the port once it listens. */
function startCodeServer(entry, tmp, workspace, serverLog) {
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', path.join(tmp, 'user'),
    '--extensions-dir', path.join(tmp, 'exts'),
    ...(opts.restricted ? [] : ['--disable-workspace-trust']),
    workspace,
  ];
  const env = {
    ...process.env,
    // code-server writes a default config file under XDG_CONFIG_HOME at start; keep it out of $HOME.
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_DATA_HOME: path.join(tmp, 'data'),
    // Read by the suite inside the extension host (code-server's environment reaches it).
    CONCURRENCY_LENS_TEST_LOG: path.join(tmp, 'suite.log'),
    CONCURRENCY_LENS_TEST_WORKSPACE: workspace,
    CONCURRENCY_LENS_TEST_RESTRICTED: opts.restricted ? '1' : '',
    CONCURRENCY_LENS_TEST_PAGE_CHECKS: path.join(tmp, 'page-checks'),
    CONCURRENCY_LENS_TEST_OPEN_FILE: opts.open ?? '',
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const child = spawn(process.execPath, args, { cwd: tmp, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    // The extension host and its workers are in the same group; make sure none outlives the run.
    killGroup(child, 'SIGKILL');
    if (!gone) await exited;
  });
  const port = new Promise((resolve, reject) => {
    const onLine = (line) => {
      serverLog.push(line);
      const m = /HTTP server listening on https?:\/\/[^\s]*?:(\d+)/.exec(line);
      if (m) resolve(Number(m[1]));
    };
    lines(child.stdout, onLine);
    lines(child.stderr, onLine);
    exited.then(({ code, signal }) => reject(new Error(`code-server exited before listening (code ${code}, signal ${signal})`)));
    setTimeout(() => reject(new Error('code-server did not print its port within 60 s')), 60_000).unref();
  });
  return { child, port, exited };
}

/** Prints the suite's log file as it grows. */
function followSuiteLog(file) {
  let offset = 0;
  const poll = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= offset) return;
    const text = readFileSync(file).subarray(offset, size).toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end < 0) return;
    offset += Buffer.byteLength(text.slice(0, end + 1));
    for (const l of text.slice(0, end).split('\n')) process.stdout.write(`[suite] ${l}\n`);
  };
  const timer = setInterval(poll, 250);
  return () => {
    clearInterval(timer);
    poll();
  };
}

/**
 * One panel's page as the user sees it. Webviews are iframes (VS Code's host page) holding the
 * extension's page in #active-frame; with several panels open there are several, so each is asked
 * whether its body is the panel wanted (body[data-panel]) and has been drawn (body[data-rendered]).
 */
async function checkPanelPage(page, request, cspViolations) {
  const until = Date.now() + 30_000;
  const panels = request.panels ?? [request.panel];
  const wanted = panels.map((p) => `body[data-panel="${p}"][data-rendered="${p}"]`).join(', ');
  let last = 'no webview showing the panel';
  while (Date.now() < until) {
    const count = await page.locator('iframe.webview.ready').count();
    for (let i = 0; i < count; i++) {
      const inner = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      const body = inner.locator(wanted);
      if ((await body.count().catch(() => 0)) === 0) continue;
      const text = (await body.innerText().catch(() => '')) ?? '';
      const missingTexts = (request.texts ?? []).filter((t) => !text.includes(t));
      // Pixels, not just elements: a canvas chart.js failed to draw on (a CSP block, a script error) is blank.
      const canvases = await inner.locator('canvas').evaluateAll((list) =>
        list.map((c) => {
          const ctx = c.getContext('2d');
          if (!ctx || c.width === 0 || c.height === 0) return 0;
          const data = ctx.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let j = 3; j < data.length; j += 4) if (data[j] !== 0) painted++;
          return painted;
        }),
      );
      const drawnCanvases = canvases.filter((n) => n > 0).length;
      last = `found, missing texts ${JSON.stringify(missingTexts)}, ${drawnCanvases} of ${canvases.length} canvases drawn`;
      if (missingTexts.length === 0 && (!request.canvas || drawnCanvases > 0)) {
        const panel = await body.first().getAttribute('data-panel').catch(() => null);
        return { found: true, panel, missingTexts, canvases: canvases.length, drawnCanvases, cspViolations: [...cspViolations] };
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { found: false, error: `after 30 s: ${last}`, cspViolations: [...cspViolations] };
}

/**
 * Panels restore after a reload: the suite leaves the profile and decision-tree panels open, the tree in front;
 * the window is opened again without the test runner (a reload as the user makes it), and a panel's page must
 * come back drawn, rebuilt by the extension's WebviewPanelSerializer from the saved report. Which of the two VS
 * Code brings back in front depends on when it last saved the window layout (on the web a shutdown save is not
 * awaited, and seen restoring the profile panel in about a third of runs), so either one counts: what is under
 * test is our serializer, not VS Code's layout persistence.
 */
async function checkRestore(page, url, cspViolations) {
  say('reloading the window: the panels left open must restore');
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const result = await checkPanelPage(page, { panels: ['tree', 'profile'] }, cspViolations);
  say(`restored panel: ${JSON.stringify(result)}`);
  return result.found && result.cspViolations.length === 0 ? 0 : 1;
}

/** Answers the suite's page-check requests (see the header) until stopped. */
function servePageChecks(dir, page, cspViolations) {
  mkdirSync(dir, { recursive: true });
  const answered = new Set();
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.request.json')).sort()) {
        if (answered.has(name)) continue;
        answered.add(name);
        const request = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
        let result;
        try {
          result = await checkPanelPage(page, request, cspViolations);
        } catch (err) {
          result = { found: false, error: err.message, cspViolations: [...cspViolations] };
        }
        say(`page check ${request.panel}: ${JSON.stringify(result)}`);
        const out = path.join(dir, name.replace('.request.json', '.result.json'));
        writeFileSync(`${out}.tmp`, JSON.stringify(result));
        renameSync(`${out}.tmp`, out);
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll().catch((err) => say(`page check failed: ${err.message}`)), 250);
  return () => clearInterval(timer);
}

/** The installed extension's own log: its last "N findings in M files" line, once it has analysed the folder. */
function findingsLogged(userDir) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Concurrency Lens.log') found.push(p);
    }
  };
  if (existsSync(userDir)) walk(userDir);
  for (const file of found) {
    const m = [...readFileSync(file, 'utf8').matchAll(/(\d+) findings in (\d+) files(?: \(\d+ ms; (\d+) of them hints)?/g)].pop();
    // Hints of unknown reach are not problems: the status bar's counts leave them out.
    if (m) return { findings: Number(m[1]), problems: Number(m[1]) - Number(m[3] ?? 0), files: Number(m[2]), file };
  }
  return undefined;
}

async function main() {
  const installed = ensureInstalled();
  const vsix = opts.vsix ? path.resolve(opts.vsix) : undefined;
  if (vsix && !existsSync(vsix)) throw new Error(`no .vsix at ${vsix}`);
  const fixture = opts.folder ? path.resolve(repo, opts.folder) : path.join(repo, 'test', 'fixtures', 'workspaces', opts.workspace);
  if (!existsSync(fixture)) throw new Error(`no fixture workspace ${fixture}`);
  const suite = path.resolve(repo, opts.suite);
  if (!vsix && !existsSync(suite) && !existsSync(`${suite}.js`)) throw new Error(`no compiled suite at ${suite} (run npm run compile)`);
  if (!vsix && !existsSync(path.join(repo, 'dist', 'extension.js'))) throw new Error('no dist/extension.js (run npm run build)');

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-vscode-'));
  cleanups.push(() => {
    if (opts.keep) say(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  });
  const workspace = path.join(tmp, 'workspace', path.basename(fixture));
  cpSync(fixture, workspace, { recursive: true });
  if (vsix) {
    say(`installing ${path.basename(vsix)} into a fresh extensions folder`);
    const r = spawnSync(process.execPath, [installed.codeServerEntry, '--install-extension', vsix, '--extensions-dir', path.join(tmp, 'exts'), '--user-data-dir', path.join(tmp, 'user')], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data') },
    });
    if (r.status !== 0) throw new Error(`code-server --install-extension failed: ${r.stderr || r.stdout}`);
    say(r.stdout.trim().split('\n').pop());
  }
  writeFileSync(path.join(tmp, 'suite.log'), '');

  const serverLog = new Tail('code-server');
  const pageLog = new Tail('page');
  const stopFollowing = followSuiteLog(path.join(tmp, 'suite.log'));
  cleanups.push(stopFollowing);

  const timeoutMs = Number(opts.timeout);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { exitCode: 2 })), timeoutMs);
  });
  cleanups.push(() => clearTimeout(timer));

  try {
    const server = startCodeServer(installed.codeServerEntry, tmp, workspace, serverLog);
    const port = await Promise.race([server.port, timeout]);
    say(`code-server listening on port ${port}${opts.restricted ? ' (workspace trust enabled)' : ''}`);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: installed.chromium,
      headless: true,
      // As root in this sandboxed machine; the network flags keep chromium from calling out (refused here).
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    // Console messages of every frame arrive here, the webviews' included.
    const cspViolations = [];
    page.on('console', (m) => {
      pageLog.push(`${m.type()}: ${m.text()}`);
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text().slice(0, 300));
    });
    page.on('pageerror', (e) => pageLog.push(`pageerror: ${e.message}`));

    // VS Code 1.100 (code-server 4.100.3), src/vs/workbench/services/extensions/browser/extensionService.ts,
    // _onExtensionHostExit: `automatedWindow.codeAutomationExit(code, await getLogs(fileService, environmentService))`
    // — the exit code first, then the workbench's log files as [{ relativePath, contents }] (IAutomatedWindow in
    // src/vs/platform/log/browser/log.ts, which also declares codeAutomationLog(type, args)).
    let resolveExit;
    const exit = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code, logs) => resolveExit({ code, logs }));
    await page.exposeFunction('codeAutomationLog', (type, args) => pageLog.push(`log ${type}: ${Array.isArray(args) ? args.join(' ') : args}`));

    // The page is opened on localhost (a secure context, which webviews' service worker needs); the remote
    // authority VS Code derives from it is then localhost:PORT, so the payload's URIs use the same.
    const authority = `localhost:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p.split(path.sep).join('/')}`;
    const payload = [
      ...(vsix ? [] : [['extensionDevelopmentPath', remote(repo)], ['extensionTestsPath', remote(suite)]]),
      ...(opts.open ? [['openFile', remote(path.join(workspace, opts.open))]] : []),
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    say(`opening ${opts.verbose ? url : `workbench for ${path.basename(workspace)}`}`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    const serverGone = server.exited.then(({ code, signal }) => {
      throw new Error(`code-server exited during the run (code ${code}, signal ${signal})`);
    });
    if (vsix) {
      // No suite runs in this mode: the installed extension's log says whether it analysed the folder.
      const analysed = (async () => {
        for (;;) {
          const logged = findingsLogged(path.join(tmp, 'user'));
          if (logged) return logged;
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      const logged = await Promise.race([analysed, timeout, serverGone]);
      stopFollowing();
      const min = Number(opts['min-findings']);
      say(`installed extension logged ${logged.findings} findings in ${logged.files} files (${path.relative(tmp, logged.file)})`);
      // What the user sees: the Problems counts in the status bar, once the workbench has them. The first pass's
      // diagnostics of the open editors are there before the log line, and the renderer takes a moment to count the
      // workspace's, longer on a busy machine: wait up to 15 s for the counts to reach the problems logged.
      const problems = page.locator('[id="status.problems"]');
      const countOf = (l) => [...l.matchAll(/\d+/g)].reduce((a, m) => a + Number(m[0]), 0);
      let label = '';
      for (let i = 0; i < 60 && countOf(label) < logged.problems; i++) {
        label = (await problems.first().getAttribute('aria-label').catch(() => '')) ?? '';
        if (countOf(label) < logged.problems) await new Promise((r) => setTimeout(r, 250));
      }
      say(`status bar problems: ${label || '(not found)'}`);
      const shown = countOf(label);
      // Other extensions may add problems of their own; ours must all be there.
      if (shown < logged.problems) {
        say(`the Problems counts (${shown}) do not include the ${logged.problems} findings that are problems (of ${logged.findings})`);
        return 1;
      }
      if (logged.findings < min) {
        serverLog.dump();
        pageLog.dump();
        say(`expected at least ${min} findings`);
        return 1;
      }
      return 0;
    }
    const stopPageChecks = servePageChecks(path.join(tmp, 'page-checks'), page, cspViolations);
    cleanups.push(stopPageChecks);
    const result = await Promise.race([exit, timeout, serverGone]);
    stopPageChecks();
    stopFollowing();
    if (opts.verbose) for (const l of result.logs ?? []) pageLog.push(`logfile ${l.relativePath}: ${l.contents.length} chars`);
    if (result.code !== 0) {
      serverLog.dump();
      pageLog.dump();
      for (const l of result.logs ?? []) {
        if (/exthost|extensionHost|remoteexthost|window/i.test(l.relativePath)) {
          process.stdout.write(`---- workbench log ${l.relativePath} (last 60 lines) ----\n${l.contents.split('\n').slice(-60).join('\n')}\n`);
        }
      }
    }
    say(`suite exited with code ${result.code}`);
    // In Restricted Mode the reloaded window opens behind the workspace-trust modal, which waits for an
    // answer before the editors come back: the restore is checked in the trusted scenario. Only the main suite
    // leaves panels open to restore; another suite (--suite, e.g. the Python one) has none.
    const mainSuite = path.resolve(repo, opts.suite) === path.resolve(repo, 'out/test/integration/suite');
    if (result.code !== 0 || opts.restricted || !mainSuite) return result.code;
    // Reloaded as a user reloads a window: without --open's file, which would be opened again on top of the panel.
    const restored = await checkRestore(page, `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload.filter(([k]) => k !== 'extensionTestsPath' && k !== 'openFile')))}`, cspViolations);
    if (restored !== 0) pageLog.dump();
    return restored;
  } catch (err) {
    stopFollowing();
    serverLog.dump();
    pageLog.dump();
    say(`error: ${err.message}`);
    return err.exitCode ?? 1;
  }
}

let code = 1;
try {
  code = await main();
} catch (err) {
  say(`error: ${err.message}`);
}
await cleanup();
say(`done, exit ${code}`);
process.exit(code);
