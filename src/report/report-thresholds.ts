// The thresholds a profile report is judged by: the documented defaults, the machine-dependent ones from
// the newest saved benchmark of this machine when there is one, and the blocking threshold the user set.
// Shared by the CLI and the editor so both judge a run the same way.
import { DEFAULT_THRESHOLDS, withThresholds, type Thresholds } from '../advisor/thresholds';
import { thresholdsFromBenchmark } from '../harness/benchmark-thresholds';
import { defaultResultsDir, loadLatestResult } from '../harness/result-store';
import type { BenchLanguage } from '../harness/result-types';

export interface ThresholdChoice {
  /** Read saved benchmark results (default true). */
  useSaved?: boolean;
  /** Where they are; default: `bench`'s own folder. */
  resultsDir?: string;
  blockMs?: number;
  /** The profiled program's language: a Python profile is judged by the newest Python benchmark (`bench --python`). */
  language?: BenchLanguage;
}

export async function reportThresholds(choice: ThresholdChoice = {}): Promise<Thresholds> {
  const saved = choice.useSaved === false ? undefined : await loadLatestResult(choice.resultsDir ?? defaultResultsDir(), choice.language);
  const blockMs = choice.blockMs === undefined || choice.blockMs === DEFAULT_THRESHOLDS.blockMs.value ? {} : { blockMs: { value: choice.blockMs, source: 'user' as const } };
  return withThresholds({ ...(saved ? thresholdsFromBenchmark(saved) : {}), ...blockMs });
}
