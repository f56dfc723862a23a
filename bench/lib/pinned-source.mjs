// The pinned sources of a judged project, fetched once into WORKDIR/NAME (gitignored): from a local git mirror
// when there is one (MIRROR/OWNER+NAME/repo), else with `git fetch` of the pinned commit from the project's public
// repository. Only the folders the project lists under `fetch` are unpacked. Also their judged labels. Shared by the
// precision benchmarks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `p`: { name, repo, commit, fetch }. Returns the folder holding the sources. */
export function ensurePinnedSource(p, { workDir, mirror, log }) {
  const dir = path.join(workDir, p.name);
  const stamp = path.join(dir, '.concurrency-lens-commit');
  // The pin and the folders unpacked: a project that now lists another folder is unpacked again.
  const pinned = [p.commit, ...p.fetch].join('\n');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === pinned) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let gitDir = path.join(mirror, p.repo.replace('/', '+'), 'repo');
  if (!existsSync(gitDir)) {
    gitDir = path.join(workDir, `${p.name}.git`);
    log(`${p.name}: no mirror under ${mirror}; fetching ${p.repo}@${p.commit.slice(0, 12)}`);
    const url = `https://github.com/${p.repo}.git`;
    const steps = [['init', '--bare', '-q', gitDir], ['--git-dir', gitDir, 'fetch', '-q', '--depth', '1', url, p.commit]];
    for (const s of steps) {
      const r = spawnSync('git', s, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
      if (r.status !== 0) throw new Error(`${p.name}: cannot fetch ${p.repo}@${p.commit} (${String(r.stderr).trim() || r.error}); pass --mirror DIR with OWNER+NAME/repo git directories`);
    }
  }
  // Large binaries may be missing from a mirror; archive only the source folders we analyse.
  const archive = spawnSync('git', ['--git-dir', gitDir, 'archive', p.commit, '--', ...p.fetch], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`${p.name}: git archive failed: ${String(archive.stderr).trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`${p.name}: tar failed: ${String(untar.stderr).trim()}`);
  writeFileSync(stamp, `${pinned}\n`);
  return dir;
}

/**
 * The judged lines of a project (LABELS_DIR/NAME.json), and those whose `text` no longer stands on their line in
 * the fetched sources (`stale`: the pin or the label is wrong).
 */
export function loadLabels(labelsDir, p, dir) {
  const file = path.join(labelsDir, `${p.name}.json`);
  if (!existsSync(file)) return { labels: [], stale: [] };
  const labels = JSON.parse(readFileSync(file, 'utf8')).labels;
  const stale = [];
  const cache = new Map();
  for (const l of labels) {
    let lines = cache.get(l.file);
    if (!lines) {
      const abs = path.join(dir, l.file);
      lines = existsSync(abs) ? readFileSync(abs, 'utf8').split('\n') : [];
      cache.set(l.file, lines);
    }
    if (l.text && !(lines[l.line - 1] ?? '').includes(l.text)) stale.push(l);
  }
  return { labels, stale };
}
