// Time from activation to the open file's diagnostics, in real VS Code: code-server 4.100.3 (VS Code 1.100)
// with headless Debian chromium, as in test/integration/run.mjs (docs/testing.md). One sample:
//
//   1. copies the workspace into a fresh temp dir; `node_modules/@types/node` there links to the repository's,
//      so `concurrencyLens.types: auto` turns the type checker on, as in a TypeScript project with its
//      dependencies installed (the slower, usual case);
//   2. starts code-server with a fresh user-data and extensions folder, and user settings that turn off the
//      built-in TypeScript extension's own diagnostics (its tsserver still starts and loads the file: only
//      its squiggles would be mistaken for ours); XDG_CACHE_HOME (the analyser's code cache) is the folder given,
//      or a fresh one;
//   3. opens the workbench with the extension (behind a shim that notes when activate() is called, see
//      wrapExtension) as the development extension and `openFile` = the file, so the editor is open while the
//      extension activates, as when VS Code restores a window;
//   4. waits for the extension's log to say the whole workspace was analysed, and watches the editor for the
//      first squiggle.
//
// Times, in ms after activate() was called (the shim's mark; Date.now() in the extension host and here share the
// machine's clock):
//   - squiggleMs: the first squiggle drawn in the open editor, seen from the page (so it includes the trip to the
//     renderer); with the TypeScript extension's diagnostics off, only ours draw squiggles. The page is 2600 px
//     tall, so that the editor shows every line of the files opened here (it draws squiggles on shown lines only);
//   - firstPassMs: when the extension published the first pass, by its own log line ("first pass: ... published
//     N ms after activation"; builds that analyse open editors first);
//   - workspaceMs: the timestamp of its "N findings in M files" line (the whole workspace published); VS Code
//     writes log lines asynchronously, so this can lag by a second or more at start-up;
//   - beforeActivateMs: from VS Code's "activating" line (remoteexthost.log) to activate() being called.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, ensureInstalled } from '../../scripts/vscode-test/install.mjs';
import { lines } from '../../scripts/vscode-test/lines.mjs';

const EXTENSION_ID = 'concurrency-lens.concurrency-lens';


function findFiles(dir, name, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, name, out);
    else if (e.name === name) out.push(p);
  }
  return out;
}

/** `2026-12-04 21:40:35.123 [info] text` → { ms (epoch, local time), text }. */
function parseLog(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[\w+\] (.*)$/.exec(line);
    if (m) out.push({ ms: new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]).getTime(), text: m[8] });
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The extension as VS Code loads it, with a shim as its `main` that notes when its code is loaded and when
 * activate() is called and returns (into the file named by CL_BENCH_TIMES), then hands over to the real
 * dist/extension.js. Everything else is a link to the build. The extension's own log cannot say when activate() was
 * called: VS Code writes a log channel's first lines only once the channel exists, seconds later at start-up.
 */
function wrapExtension(extensionDir, dir) {
  mkdirSync(dir, { recursive: true });
  for (const e of readdirSync(extensionDir)) {
    if (e === 'package.json' || e === '.git') continue;
    symlinkSync(path.join(extensionDir, e), path.join(dir, e));
  }
  const pkg = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  const real = path.join(extensionDir, pkg.main);
  pkg.main = './bench-main.js';
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  writeFileSync(
    path.join(dir, 'bench-main.js'),
    `const fs = require('node:fs');
const mark = (what) => { try { fs.appendFileSync(process.env.CL_BENCH_TIMES, what + ' ' + Date.now() + '\\n'); } catch {} };
mark('require');
const real = require(${JSON.stringify(real)});
mark('loaded');
exports.activate = (context) => { mark('activate'); const r = real.activate(context); mark('activated'); return r; };
exports.deactivate = () => real.deactivate && real.deactivate();
`,
  );
  return dir;
}

/**
 * One sample. `extensionDir`: a built checkout (package.json + dist/); `workspace`: folder to copy;
 * `openFile`: path inside it. Resolves with the times described above, in ms after activation.
 */
export async function measureFirstDiagnostics({ extensionDir, workspace, openFile, typesNode, cacheHome, waitForCodeCache = false, timeoutMs = 120_000, keep = false }) {
  const installed = ensureInstalled();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cl-first-diag-'));
  const cleanups = [() => (keep ? process.stderr.write(`kept ${tmp}\n`) : rmSync(tmp, { recursive: true, force: true }))];
  try {
    const ws = path.join(tmp, 'workspace', path.basename(workspace));
    cpSync(workspace, ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
    if (typesNode) {
      mkdirSync(path.join(ws, 'node_modules', '@types'), { recursive: true });
      symlinkSync(typesNode, path.join(ws, 'node_modules', '@types', 'node'));
    }
    const userDir = path.join(tmp, 'user');
    mkdirSync(path.join(userDir, 'User'), { recursive: true });
    writeFileSync(
      path.join(userDir, 'User', 'settings.json'),
      JSON.stringify({
        'typescript.validate.enable': false,
        'javascript.validate.enable': false,
        'workbench.startupEditor': 'none',
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
      }),
    );
    // XDG_CACHE_HOME holds the analyser's code cache (src/extension/analysis-startup.ts): a fresh folder is a first
    // start, a folder kept from an earlier sample of the same build is every later one.
    const timesFile = path.join(tmp, 'times.txt');
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(tmp, 'config'),
      XDG_DATA_HOME: path.join(tmp, 'data'),
      XDG_CACHE_HOME: cacheHome ?? path.join(tmp, 'cache'),
      CL_BENCH_TIMES: timesFile,
    };
    const extension = wrapExtension(extensionDir, path.join(tmp, 'extension'));
    delete env.VSCODE_IPC_HOOK_CLI;
    const server = spawn(
      process.execPath,
      [installed.codeServerEntry, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check',
        '--disable-getting-started-override', '--ignore-last-opened', '--disable-workspace-trust',
        '--user-data-dir', userDir, '--extensions-dir', path.join(tmp, 'exts'), ws],
      { cwd: tmp, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((r) => server.on('exit', r));
    cleanups.push(async () => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
      await Promise.race([exited, sleep(5000)]);
      try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
    });
    const port = await new Promise((resolve, reject) => {
      const onLine = (l) => {
        const m = /HTTP server listening on https?:\/\/[^\s]*?:(\d+)/.exec(l);
        if (m) resolve(Number(m[1]));
      };
      lines(server.stdout, onLine);
      lines(server.stderr, onLine);
      exited.then(() => reject(new Error('code-server exited before listening')));
      setTimeout(() => reject(new Error('code-server did not listen within 60 s')), 60_000).unref();
    });

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: installed.chromium ?? CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    cleanups.push(() => browser.close());
    // Tall enough for the whole open file (the editor draws squiggles only on the lines it shows).
    const page = await browser.newPage({ viewport: { width: 1400, height: 2600 } });
    const authority = `localhost:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p.split(path.sep).join('/')}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extension)],
      ['openFile', remote(path.join(ws, openFile))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded' });

    // The first squiggle in the editor: with the TypeScript extension's diagnostics off, only ours draw them.
    let squiggleAt;
    const squiggle = page
      .waitForSelector('.monaco-editor .view-overlays [class*="squiggly-"]', { state: 'attached', timeout: timeoutMs })
      .then(() => (squiggleAt = Date.now()), () => undefined);

    const until = Date.now() + timeoutMs;
    let ours;
    let done;
    while (Date.now() < until) {
      ours = findFiles(userDir, 'Concurrency Lens.log')[0];
      if (ours) {
        done = parseLog(readFileSync(ours, 'utf8')).find((l) => /^\d+ findings in \d+ files/.test(l.text));
        if (done) break;
      }
      await sleep(100);
    }
    if (!done) throw new Error(`no "N findings in M files" line in the extension's log within ${timeoutMs} ms`);
    await Promise.race([squiggle, sleep(5000)]);
    // A start meant to leave its code cache behind: the worker writes it just after the first analysis.
    const cacheDir = path.join(cacheHome ?? '', 'concurrency-lens', 'code-cache');
    for (let i = 0; waitForCodeCache && i < 100; i++) {
      if (existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.bin'))) break;
      await sleep(100);
    }

    const host = findFiles(userDir, 'remoteexthost.log').map((f) => parseLog(readFileSync(f, 'utf8'))).flat();
    const activation = host.find((l) => l.text.includes('_doActivateExtension') && l.text.includes(EXTENSION_ID));
    if (!activation) throw new Error('no activation line for the extension in remoteexthost.log');
    const log = parseLog(readFileSync(ours, 'utf8'));
    const marks = Object.fromEntries(readFileSync(timesFile, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
    const called = marks.activate;
    const firstOpen = log.find((l) => /open file/.test(l.text) && /published/.test(l.text));
    const worker = log.find((l) => /analysis worker loaded in/.test(l.text));
    const after = (t) => (t === undefined ? undefined : t - called);
    return {
      activationEvent: /activationEvent: '([^']*)'/.exec(activation.text)?.[1],
      // From VS Code's "activating" line to activate() being called: it loads the code and prepares the context.
      beforeActivateMs: called - activation.ms,
      activateMs: marks.activated - marks.activate,
      // All in ms after activate() was called:
      squiggleMs: after(squiggleAt),
      // As measured in the extension host (the line's own figure): a log line's timestamp lags behind at start-up.
      firstPassMs: firstOpen ? Number(/published (\d+) ms after activation/.exec(firstOpen.text)?.[1]) : undefined,
      workspaceMs: after(done.ms),
      findings: Number(/^(\d+) findings/.exec(done.text)[1]),
      files: Number(/in (\d+) files/.exec(done.text)[1]),
      firstPass: firstOpen?.text,
      worker: worker?.text,
    };
  } finally {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`cleanup: ${err?.message ?? err}\n`);
      }
    }
  }
}
