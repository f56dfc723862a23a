// Which `process.getActiveResourcesInfo()` types are I/O in flight. Data, so a new Node resource type is
// one line. Timers, immediates and listening servers are not: a loop that only has those is idle, and a
// server waiting for its first connection waits on nobody.

/** Each counts one outstanding operation or open channel the loop is waiting on. */
export const IO_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'TCPSocketWrap',
  'TCPWRAP',
  'TCPConnectWrap',
  'PipeConnectWrap',
  'TLSWrap',
  'UDPWrap',
  'SendWrap',
  'WriteWrap',
  'ShutdownWrap',
  'GetAddrInfoReqWrap',
  'GetNameInfoReqWrap',
  'QueryWrap',
  'FSReqCallback',
  'FSReqPromise',
  'FileHandleCloseReq',
  'StatWatcher',
  'ProcessWrap',
  'ZlibWrap',
  'HTTPCLIENTREQUEST',
]);

/**
 * Pipes are I/O too (a child process's stdio, a named pipe), but the process's own stdout and stderr are
 * pipes under the runner. Those are there from the first sample to the last, so the fewest pipes ever
 * seen is the baseline, and only pipes above it count.
 */
export const BASELINE_RESOURCE_TYPES: ReadonlySet<string> = new Set(['PipeWrap', 'TTYWrap']);

export function baselineCounts(samples: readonly { resources: Record<string, number> }[]): Record<string, number> {
  const base: Record<string, number> = {};
  for (const type of BASELINE_RESOURCE_TYPES) base[type] = samples.length ? Math.min(...samples.map((s) => s.resources[type] ?? 0)) : 0;
  return base;
}

export function ioInFlight(resources: Record<string, number>, baseline: Record<string, number>): number {
  let n = 0;
  for (const [type, count] of Object.entries(resources)) {
    if (IO_RESOURCE_TYPES.has(type)) n += count;
    else if (BASELINE_RESOURCE_TYPES.has(type)) n += Math.max(0, count - (baseline[type] ?? 0));
  }
  return n;
}
