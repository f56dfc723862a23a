// Clinic.js for bench/clinic-compare.mjs, installed (once) into the gitignored .bench/clinic/ with the
// ordinary npm client from the npm registry. Nothing of it is committed.
//
//   npm install --prefix .bench/clinic clinic@13.0.0 --no-audit --no-fund
//
// If that fails (install scripts blocked, a native build that cannot run here, ...), it is retried with
// --ignore-scripts: Doctor itself is plain JavaScript (TensorFlow.js with its CPU backend, no native addon),
// so it works without any install script. What happened is recorded in .bench/clinic/.bench-ready.json.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CLINIC_SPEC = 'clinic@13.0.0';

function npm(args, cwd) {
  return new Promise((resolve) => {
    execFile(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, maxBuffer: 64 << 20, timeout: 15 * 60_000 }, (err, stdout, stderr) => {
      resolve({ ok: !err, code: err?.code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const versionAt = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
};

/** Returns { clinicBin, doctorDir, clinicVersion, doctorVersion, install } or throws with what npm said. */
export async function ensureClinic(benchDir, log = () => {}) {
  const root = path.join(benchDir, 'clinic');
  const marker = path.join(root, '.bench-ready.json');
  const doctorDir = path.join(root, 'node_modules', '@clinic', 'doctor');
  const clinicBin = path.join(root, 'node_modules', 'clinic', 'bin.js');
  const describe = (install) => ({
    clinicBin,
    doctorDir,
    clinicVersion: versionAt(path.join(root, 'node_modules', 'clinic', 'package.json')),
    doctorVersion: versionAt(path.join(doctorDir, 'package.json')),
    install,
  });

  let meta;
  if (existsSync(marker)) {
    try {
      meta = JSON.parse(readFileSync(marker, 'utf8'));
    } catch {
      meta = undefined;
    }
  }
  const present = existsSync(clinicBin) && existsSync(path.join(doctorDir, 'analysis', 'index.js'));
  if (present && (!meta || meta.spec === CLINIC_SPEC) && versionAt(path.join(root, 'node_modules', 'clinic', 'package.json')) === CLINIC_SPEC.split('@')[1]) {
    return describe(meta ?? { spec: CLINIC_SPEC, note: 'found already installed; no record of how' });
  }

  mkdirSync(root, { recursive: true });
  const attempts = [];
  for (const extra of [[], ['--ignore-scripts']]) {
    const args = ['install', '--prefix', root, CLINIC_SPEC, '--no-audit', '--no-fund', ...extra];
    log(`installing Clinic.js: npm ${args.join(' ').replace(root, path.relative(process.cwd(), root) || root)} ...`);
    const t = performance.now();
    const r = await npm(args, benchDir);
    const warnings = (r.stdout + r.stderr).split('\n').filter((l) => /install-scripts|gyp|ERR!|deprecated/i.test(l) && !/Unknown (user|env) config/.test(l)).slice(0, 20);
    attempts.push({ command: `npm ${args.join(' ')}`, ok: r.ok, seconds: Math.round((performance.now() - t) / 100) / 10, warnings, error: r.ok ? undefined : (r.stderr || r.stdout).trim().split('\n').slice(-10).join('\n') });
    if (r.ok && existsSync(clinicBin) && existsSync(path.join(doctorDir, 'analysis', 'index.js'))) {
      meta = { spec: CLINIC_SPEC, installedAt: new Date().toISOString(), attempts };
      writeFileSync(marker, JSON.stringify(meta, null, 2) + '\n');
      return describe(meta);
    }
  }
  throw new Error(`could not install ${CLINIC_SPEC}:\n${attempts.map((a) => `${a.command}\n${a.error ?? 'installed, but clinic or @clinic/doctor is missing'}`).join('\n\n')}`);
}
