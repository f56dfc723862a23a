// The projects the benchmark scans. Everything lands in the gitignored `.bench/` folder:
//   .bench/generated/service   the deterministic generated service (bench/gen-project.mjs), rebuilt every run
//   .bench/real/NAME@VERSION   a real open-source project unpacked from its npm tarball (cached; the tarball's
//                              integrity is pinned below, so every machine scans the same bytes)
// Third-party source is never committed: it is fetched with `npm pack` (npm registry only) on first use.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateProject } from '../gen-project.mjs';

/** Real projects that ship their TypeScript sources in the npm tarball. */
export const REAL_PROJECTS = {
  // The MongoDB Node.js driver: server-side code (sockets, TLS, DNS, connection pools, timers, fs, crypto,
  // child_process for mongocryptd), ~40k lines in `src/`. Its runtime dependencies are installed so that
  // type-aware tools see real types for bson & co.
  mongodb: {
    spec: 'mongodb@6.22.0',
    integrity: 'sha512-k9YPpPXZEVyT4kjglCen99LCDToxzM+R89x3cMp8kSWb1gnXDvrsEJQh3FQ4t4jS9+ZA4yBOojHNS1oAB5qwQg==',
    srcDir: 'src',
    deps: ['bson@6.10.4', 'mongodb-connection-string-url@3.0.2', '@mongodb-js/saslprep@1.6.3'],
    kind: 'Node.js server-side library (database driver)',
  },
  // RxJS: a pure library (no I/O of its own), ~21k lines in `src/`. Useful as a false-positive check:
  // a library should get very few findings.
  rxjs: {
    spec: 'rxjs@7.8.2',
    integrity: 'sha512-dhKf903U/PQZY6boNNtAGdWbG85WAbjT/1xYoZIC7FAY0yWapOBQVsVrDl58W86//e1VpMNBtRV4MaXfdMySFA==',
    srcDir: 'src',
    deps: [],
    // The shipped tsconfig.json has no `include`, so it would also pull in dist/types/*.d.ts: scope it to src.
    tsconfig: { extends: './tsconfig.shipped.json', compilerOptions: { incremental: false }, include: ['src/**/*.ts'] },
    kind: 'pure library (reactive streams)',
  },
};

const quiet = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' };

function npm(args, cwd) {
  // npm prints a harmless "Unknown user config" warning on these machines; keep stderr for errors only.
  return execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { ...quiet, cwd, maxBuffer: 64 << 20 });
}

export function listSourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const abs = path.join(d, name);
      if (name === 'node_modules') continue;
      if (statSync(abs).isDirectory()) walk(abs);
      else if (/\.(ts|mts|cts|tsx)$/.test(name) && !/\.d\.[mc]?ts$/.test(name)) out.push(abs);
    }
  };
  walk(dir);
  return out;
}

export function countLines(files) {
  let lines = 0;
  for (const f of files) {
    const t = readFileSync(f, 'utf8');
    lines += t.split('\n').length - (t.endsWith('\n') ? 1 : 0);
  }
  return lines;
}

/** Fetches (once) and unpacks a real project; returns its description. */
export function ensureRealProject(benchDir, id, log = () => {}) {
  const p = REAL_PROJECTS[id];
  if (!p) throw new Error(`unknown project ${id}; known: ${Object.keys(REAL_PROJECTS).join(', ')}`);
  const root = path.join(benchDir, 'real', p.spec);
  const marker = path.join(root, '.bench-ready.json');
  let meta;
  if (existsSync(marker)) {
    meta = JSON.parse(readFileSync(marker, 'utf8'));
    if (meta.integrity !== p.integrity || JSON.stringify(meta.deps) !== JSON.stringify(p.deps)) meta = undefined;
  }
  if (!meta) {
    log(`fetching ${p.spec} from the npm registry (npm pack) ...`);
    const tarDir = path.join(benchDir, 'tarballs');
    mkdirSync(tarDir, { recursive: true });
    const packed = JSON.parse(npm(['pack', p.spec, '--json', '--pack-destination', tarDir], benchDir))[0];
    if (packed.integrity !== p.integrity) {
      throw new Error(`${p.spec}: tarball integrity ${packed.integrity} does not match the pinned ${p.integrity}`);
    }
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    execFileSync('tar', ['xzf', path.join(tarDir, packed.filename), '-C', root, '--strip-components=1'], quiet);
    if (p.tsconfig) {
      renameSync(path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.shipped.json'));
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(p.tsconfig, null, 2) + '\n');
    }
    if (p.deps.length) {
      log(`installing ${p.spec}'s runtime dependencies for type information: ${p.deps.join(' ')} ...`);
      npm(['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--omit=dev', '--omit=peer', '--omit=optional',
        '--no-audit', '--no-fund', ...p.deps], root);
    }
    meta = { spec: p.spec, integrity: p.integrity, deps: p.deps, fetchedAt: new Date().toISOString() };
    writeFileSync(marker, JSON.stringify(meta, null, 2) + '\n');
  }
  const srcDir = path.join(root, p.srcDir);
  const files = listSourceFiles(srcDir);
  return {
    id,
    label: `${p.spec} (${p.srcDir}/)`,
    kind: p.kind,
    source: `npm:${p.spec} ${p.integrity}`,
    root,
    srcDir,
    files: files.length,
    lines: countLines(files),
  };
}

export function ensureGeneratedProject(benchDir, opts = {}) {
  const out = path.join(benchDir, 'generated', 'service');
  const g = generateProject(out, opts);
  return {
    id: 'generated',
    label: `generated service (${g.domains} domains, seed ${g.seed})`,
    kind: 'generated Node.js HTTP service',
    source: `bench/gen-project.mjs v${g.generatorVersion} sha256:${g.sha256.slice(0, 16)}`,
    root: out,
    srcDir: path.join(out, 'src'),
    files: g.files,
    lines: g.lines,
  };
}
