// Runtime hotspots meet static findings. A hotspot in a function the analyser flagged confirms the
// finding with a measured cost, and the finding gives the hotspot its exact line: a CPU profile knows the
// function a blocking call ran in, not the line of the call. Matching is by file and function, and, where
// the profile says which Node API the time went into, by that API's name in the finding.

export interface HotspotRef {
  /** Absolute path. */
  absFile: string;
  line: number;
  function: string;
  via: string[];
}

export interface FindingRef {
  /** Absolute path. */
  absFile: string;
  line: number;
  rule: string;
  message: string;
  /** The function holding the flagged line (the last step of the finding's chain). */
  symbol?: string;
}

export interface Match<H, F> {
  hotspot: H;
  finding: F;
  /** `function`: same function; `api`: the finding names the API the hotspot's time went into, too. */
  strength: 'function' | 'api';
}

const mentions = (message: string, api: string): boolean => new RegExp(`\\b${api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(message);

/** Best finding for each hotspot, if any. A finding may confirm several hotspots (one per thread, say). */
export function reconcile<H extends HotspotRef, F extends FindingRef>(hotspots: readonly H[], findings: readonly F[]): Match<H, F>[] {
  const byFile = new Map<string, F[]>();
  for (const f of findings) byFile.set(f.absFile, [...(byFile.get(f.absFile) ?? []), f]);
  const out: Match<H, F>[] = [];
  for (const h of hotspots) {
    const inFile = byFile.get(h.absFile) ?? [];
    const namesApi = (f: F): boolean => h.via.some((v) => mentions(f.message, v));
    // Same function by name, or (anonymous handlers have no name to compare) a finding after the
    // function's start that names the API the time went into.
    const candidates = inFile.filter((f) => (f.symbol !== undefined && f.symbol === h.function) || (f.line >= h.line && namesApi(f)));
    if (candidates.length === 0) continue;
    const byApi = candidates.filter(namesApi);
    const pool = byApi.length ? byApi : candidates;
    // Nearest to the hotspot's line: with several calls in one function, the hot one is usually the first after its start.
    const finding = [...pool].sort((a, b) => Math.abs(a.line - h.line) - Math.abs(b.line - h.line))[0];
    out.push({ hotspot: h, finding, strength: byApi.length ? 'api' : 'function' });
  }
  return out;
}
