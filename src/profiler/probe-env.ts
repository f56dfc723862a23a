// Environment variables are the only channel from the runner into every probed process: NODE_OPTIONS
// carries them through npm, loaders, forks and workers without any cooperation from the workload.

export const PROBE_ENV = {
  /** Directory for probe files; when unset the probe does nothing. */
  dir: 'CONCURRENCY_LENS_PROBE_DIR',
  /** Sampling interval in ms (default 15). */
  sampleMs: 'CONCURRENCY_LENS_SAMPLE_MS',
  /** monitorEventLoopDelay resolution in ms (default: a third of the interval, at most 10). */
  delayResolutionMs: 'CONCURRENCY_LENS_DELAY_RESOLUTION_MS',
  /** "1" to take a CPU profile through the inspector. */
  cpuProfile: 'CONCURRENCY_LENS_CPU_PROFILE',
  /** Inspector sampling interval in µs (default 1000). */
  cpuSamplingUs: 'CONCURRENCY_LENS_CPU_SAMPLING_US',
  /** Marks every process of one run, so leftovers can be found even after they left the process group. */
  runId: 'CONCURRENCY_LENS_RUN_ID',
} as const;

export interface ProbeConfig {
  dir: string;
  intervalMs: number;
  delayResolutionMs: number;
  cpuProfile: boolean;
  cpuSamplingUs: number;
}

function numberIn(raw: string | undefined, fallback: number, min: number, max: number): number {
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

export function readProbeConfig(env: NodeJS.ProcessEnv): ProbeConfig | undefined {
  const dir = env[PROBE_ENV.dir];
  if (!dir) return undefined;
  const intervalMs = numberIn(env[PROBE_ENV.sampleMs], 15, 5, 1000);
  // A reset histogram drops its first delta, so it needs several timer ticks per interval to say anything.
  const delayResolutionMs = Math.round(numberIn(env[PROBE_ENV.delayResolutionMs], Math.min(10, Math.max(1, Math.floor(intervalMs / 3))), 1, 10));
  return {
    dir,
    intervalMs,
    delayResolutionMs,
    cpuProfile: env[PROBE_ENV.cpuProfile] === '1',
    cpuSamplingUs: Math.round(numberIn(env[PROBE_ENV.cpuSamplingUs], 1000, 50, 100_000)),
  };
}

export interface ProbeEnvOptions {
  dir: string;
  runId: string;
  cpuProfile: boolean;
  sampleMs?: number;
}

/** The variables the runner adds for a workload (NODE_OPTIONS is composed separately). */
export function probeEnvironment(options: ProbeEnvOptions): Record<string, string> {
  const env: Record<string, string> = {
    [PROBE_ENV.dir]: options.dir,
    [PROBE_ENV.runId]: options.runId,
    [PROBE_ENV.cpuProfile]: options.cpuProfile ? '1' : '0',
  };
  if (options.sampleMs !== undefined) env[PROBE_ENV.sampleMs] = String(options.sampleMs);
  return env;
}
