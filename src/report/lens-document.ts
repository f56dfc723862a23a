// The document every view draws: a profile report, the machine's benchmark results, or both. The panels
// get it by message, the exported HTML carries it inline, and `report --json` writes it as it is.
import type { BenchResult } from '../harness/result-types';
import type { ProfileReport } from './profile-report';

export const LENS_DOCUMENT_KIND = 'report';

export interface LensDocument {
  tool: 'concurrency-lens';
  version: string;
  kind: typeof LENS_DOCUMENT_KIND;
  createdAt: string;
  /** The workload's profile, when one was run. Its static findings are in `profile.staticAnalysis`. */
  profile?: ProfileReport;
  /** The newest saved benchmark result of this machine, when there is one. */
  bench?: BenchResult;
  /** Where the bench result came from: a saved file, or a quick run made for this report. */
  benchSource?: { file?: string; ranForReport: boolean };
}

export function lensDocument(parts: { version: string; profile?: ProfileReport; bench?: BenchResult; benchSource?: LensDocument['benchSource']; now?: Date }): LensDocument {
  return {
    tool: 'concurrency-lens',
    version: parts.version,
    kind: LENS_DOCUMENT_KIND,
    createdAt: (parts.now ?? new Date()).toISOString(),
    ...(parts.profile ? { profile: parts.profile } : {}),
    ...(parts.bench ? { bench: parts.bench } : {}),
    ...(parts.benchSource ? { benchSource: parts.benchSource } : {}),
  };
}
