// The operations a main thread's loop waited for in one sampling interval, in one figure for measure.ts
// and the timeline. Most come from the probe's diagnostics-channel count (ProbeSampleRecord.io, see
// probe-io-channels.ts); requests that no channel announces (fs, DNS, UDP sends) come from
// `process.getActiveResourcesInfo()`, which lists them only while they are in flight. Handles do not count:
// a socket, a listening server, a child process or a pipe is open whether or not anything waits on it, so
// a loop that has only those is idle.
import type { ProbeSampleRecord } from './probe-records';

/** Resource types that are one outstanding request each, by the kind they are reported as. Data, so a new Node type is one line. */
export const REQUEST_RESOURCE_KINDS: Readonly<Record<string, 'fs' | 'dns' | 'udp'>> = {
  FSReqCallback: 'fs',
  FSReqPromise: 'fs',
  FileHandleCloseReq: 'fs',
  GetAddrInfoReqWrap: 'dns',
  GetNameInfoReqWrap: 'dns',
  QueryWrap: 'dns',
  SendWrap: 'udp',
};

/** `dns.lookup`, which every connect to a host name makes on its way: inside a counted request or connect it is not one more. */
const LOOKUP = 'GetAddrInfoReqWrap';

/** What the loop waited for during one interval. */
export interface IntervalIo {
  /** ms with at least one I/O operation outstanding. */
  ioMs: number;
  /** Outstanding I/O operations integrated over the interval (operation-ms). */
  opMs: number;
  /** Most I/O operations outstanding at once. */
  max: number;
  /** ms with any operation outstanding, promises waiting on timers included. */
  pendingMs: number;
  /** Operation-ms by kind (http, served, fetch, connect, socket, child, timer, fs, dns, udp). */
  byKind: Record<string, number>;
}

/** Requests in flight at the end of a sample that the channels do not count, by kind. */
export function requestsInFlight(resources: Record<string, number>, channelOpen = 0): Record<string, number> {
  const out: Record<string, number> = {};
  let lookups = 0;
  for (const [type, n] of Object.entries(resources)) {
    const kind = REQUEST_RESOURCE_KINDS[type];
    if (!kind || n <= 0) continue;
    if (type === LOOKUP) lookups = n;
    else out[kind] = (out[kind] ?? 0) + n;
  }
  const ownLookups = Math.max(0, lookups - channelOpen);
  if (ownLookups > 0) out.dns = (out.dns ?? 0) + ownLookups;
  return out;
}

/**
 * One sample's operations: the channel count over the interval, plus the requests seen in flight at its
 * end, taken to have been in flight for the whole interval (the sample cannot tell since when; at 15 ms
 * intervals that is the resolution anyway).
 */
export function intervalIo(sample: Pick<ProbeSampleRecord, 'dtMs' | 'resources' | 'io'>): IntervalIo {
  const dt = sample.dtMs;
  const io = sample.io;
  const byKind: Record<string, number> = { ...(io?.byKind ?? {}) };
  let ioMs = Math.min(dt, io?.ioMs ?? 0);
  let opMs = io?.opMs ?? 0;
  let max = io?.max ?? 0;
  let pendingMs = Math.min(dt, io?.pendingMs ?? 0);
  const requests = requestsInFlight(sample.resources, io?.open ?? 0);
  for (const [kind, n] of Object.entries(requests)) {
    byKind[kind] = (byKind[kind] ?? 0) + n * dt;
    opMs += n * dt;
    max += n;
    ioMs = dt;
    pendingMs = dt;
  }
  return { ioMs, opMs, max, pendingMs, byKind };
}
