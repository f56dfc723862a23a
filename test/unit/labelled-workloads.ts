// The labelled example workloads (examples/workloads/workloads.json) and how the tests profile one: through
// the built CLI, as a user would. Shared by workloads.test.ts (every verdict) and profiler-pools.test.ts
// (the worker pools' threads and hotspots).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
export const WORKLOADS = path.join(ROOT, 'examples/workloads');

export interface Workload {
  name: string;
  command: string[];
  server?: boolean;
  durationSeconds?: number;
  load?: string;
  dependencies?: string[];
  expect: { type: string; model: string; alreadyRight: boolean; hotspot?: { file: string; function: string; threads: 'worker' | 'main' } };
}

export const MANIFEST = JSON.parse(fs.readFileSync(path.join(WORKLOADS, 'workloads.json'), 'utf8')) as Workload[];

/** Shorter than the 4 s default: enough for a stable verdict, and the suites stay near a minute. */
const SECONDS = '3';

/** `profile --format json` of one workload, on `port` for the servers among them. */
export function profileWorkload(w: Workload, port: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The labels hold for the documented thresholds; a bench result saved on this machine (npm start saves
  // one) must not change what the test expects.
  const args = [CLI, 'profile', '--format', 'json', '--timeout', '60', '--default-thresholds'];
  if (w.durationSeconds) args.push('--duration', String(Math.min(w.durationSeconds, Number(SECONDS) + 1)));
  if (w.load) args.push('--load', w.load);
  args.push(...w.command);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: WORKLOADS,
      env: { ...process.env, WORKLOAD_SECONDS: SECONDS, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
