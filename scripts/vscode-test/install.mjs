#!/usr/bin/env node
// Makes sure everything the integration tests need exists, and caches it: Debian's chromium and ripgrep
// (installed with apt-get when missing) and code-server 4.100.3, installed the way ../DESIGN.md describes
// (npm pack, dependency installs without install scripts, native rebuilds, Debian's rg linked in) into a
// cache outside the repository. Idempotent: a second run only checks.
//
//   node scripts/vscode-test/install.mjs          install what is missing, print the paths
//   node scripts/vscode-test/install.mjs --check  exit 1 (and say what) when something is missing
//
// The code-server install is built in a scratch directory beside the cache entry and renamed into place
// only after every step succeeded and its marker file is written, so a half install is never used and is
// redone by the next run. Set CONCURRENCY_LENS_CACHE to move the cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = '/usr/bin/chromium';
const MARKER = '.concurrency-lens-install-complete';

export function cacheRoot() {
  if (process.env.CONCURRENCY_LENS_CACHE) return path.resolve(process.env.CONCURRENCY_LENS_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'concurrency-lens');
}

export function codeServerDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The script that starts code-server (what the package's bin points at). */
export function codeServerEntry() {
  return path.join(codeServerDir(), 'out', 'node', 'entry.js');
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function log(msg) {
  process.stderr.write(`[vscode-test install] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const started = Date.now();
  log(`${opts.cwd ? `(in ${path.relative(cacheRoot(), opts.cwd) || '.'}) ` : ''}${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error || r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`}):\n${tail}`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.stdout;
}

// ---- Debian packages ------------------------------------------------------------------------------

function rgPath() {
  return existsSync('/usr/bin/rg') ? '/usr/bin/rg' : which('rg');
}

function ensureDebianPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!rgPath()) missing.push('ripgrep');
  if (missing.length === 0) return;
  if (!which('apt-get')) {
    throw new Error(
      `the integration tests need Debian's ${missing.join(' and ')} (${CHROMIUM}, rg), and apt-get is not available to install them; ` +
        `install them by hand (e.g. apt-get install chromium ripgrep) and run again`,
    );
  }
  const asRoot = typeof process.getuid !== 'function' || process.getuid() === 0;
  const prefix = asRoot ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!prefix) throw new Error(`installing ${missing.join(' ')} with apt-get needs root (or sudo); run: apt-get install -y ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => run(prefix[0] ?? 'apt-get', [...prefix.slice(1), ...(prefix.length ? ['apt-get'] : []), ...args], { env });
  const installArgs = ['install', '-y', '--no-install-recommends', ...missing];
  try {
    apt(installArgs);
  } catch (err) {
    // A fresh machine may have no package lists yet (or stale ones): refresh them once and retry.
    log(`apt-get install failed, refreshing package lists: ${String(err.message).split('\n')[0]}`);
    apt(['update']);
    apt(installArgs);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist`);
  if (!rgPath()) throw new Error('apt-get installed ripgrep but rg is not on PATH');
}

// ---- code-server ----------------------------------------------------------------------------------

export function codeServerInstalled() {
  const dir = codeServerDir();
  if (!existsSync(path.join(dir, MARKER))) return false;
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
    return m.version === CODE_SERVER_VERSION && m.node === process.versions.modules && existsSync(codeServerEntry());
  } catch {
    return false;
  }
}

function ensureCodeServer() {
  if (codeServerInstalled()) return;
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  // Leftovers of interrupted installs (their scratch directories) are removed first.
  for (const e of readdirSync(root)) {
    if (e.startsWith(`code-server-${CODE_SERVER_VERSION}.partial-`)) rmSync(path.join(root, e), { recursive: true, force: true });
  }
  const scratch = mkdtempSync(path.join(root, `code-server-${CODE_SERVER_VERSION}.partial-`));
  try {
    const npm = 'npm';
    const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
    run(npm, ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], { cwd: scratch });
    const tgz = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack produced no tarball');
    run('tar', ['xzf', tgz], { cwd: scratch });
    const pkg = path.join(scratch, 'package');
    // code-server's own dependencies; its postinstall (which would build everything itself, downloading) is skipped.
    run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: pkg });
    run(npm, ['rebuild', 'argon2', ...quiet], { cwd: pkg });
    const vscodeDir = path.join(pkg, 'lib', 'vscode');
    run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: vscodeDir });
    // node-pty's postinstall runs `npx node-gyp` (to write compile_commands.json); this machine's npmrc says
    // yes=false, so npx would refuse to fetch node-gyp without npm_config_yes.
    run(npm, ['rebuild', '@parcel/watcher', '@vscode/spdlog', 'node-pty', 'native-watchdog', ...quiet], {
      cwd: vscodeDir,
      env: { ...process.env, npm_config_yes: 'true' },
    });
    run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: path.join(vscodeDir, 'extensions') });
    // @vscode/ripgrep's install step downloads its binary (which fails here); Debian's rg takes its place.
    const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgBin, { recursive: true });
    rmSync(path.join(rgBin, 'rg'), { force: true });
    symlinkSync(rgPath(), path.join(rgBin, 'rg'));
    // A smoke check: the entry point loads far enough to print its version.
    // (XDG_CONFIG_HOME points into the scratch directory: code-server writes a default config file at start.)
    const version = run(process.execPath, [path.join(pkg, 'out', 'node', 'entry.js'), '--version'], {
      cwd: pkg,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'config') },
    }).trim();
    if (!version.split('\n').some((l) => l.startsWith(`${CODE_SERVER_VERSION} `))) throw new Error(`code-server --version printed ${JSON.stringify(version)}`);
    writeFileSync(
      path.join(pkg, MARKER),
      JSON.stringify({ version: CODE_SERVER_VERSION, node: process.versions.modules, nodeVersion: process.version, installedAt: new Date().toISOString() }, null, 2) + '\n',
    );
    const dest = codeServerDir();
    rmSync(dest, { recursive: true, force: true });
    try {
      renameSync(pkg, dest);
    } catch (err) {
      // Another install running at the same time may have finished first; its copy is as good.
      if (!codeServerInstalled()) throw err;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Installs whatever is missing; returns the paths the runner needs. */
export function ensureInstalled() {
  const started = Date.now();
  ensureDebianPackages();
  const fresh = !codeServerInstalled();
  ensureCodeServer();
  const seconds = (Date.now() - started) / 1000;
  if (fresh || seconds > 1) log(`ready in ${seconds.toFixed(1)} s`);
  return { chromium: CHROMIUM, codeServerDir: codeServerDir(), codeServerEntry: codeServerEntry(), rg: rgPath() };
}

export function missingPieces() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  if (!rgPath()) missing.push('ripgrep (rg)');
  if (!codeServerInstalled()) missing.push(`code-server ${CODE_SERVER_VERSION} (${codeServerDir()})`);
  return missing;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--check')) {
      const missing = missingPieces();
      if (missing.length) {
        console.error(`missing: ${missing.join(', ')}`);
        process.exit(1);
      }
      console.log('all installed');
    } else {
      console.log(JSON.stringify(ensureInstalled(), null, 2));
    }
  } catch (err) {
    console.error(`[vscode-test install] ${err.message}`);
    process.exit(1);
  }
}
