// The stateless parts of supervising a run's process tree (process-supervisor.ts): passing its output on
// at the pace the reader takes it, finding what of the tree still runs, and reaping it once the leader has
// exited, so that nothing of the tree outlives the run.
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { OutputTail } from './output-tail';
import { groupMembers, isRunning, listProcesses, pidsWithEnv, signalGroup, signalPid } from './process-tree';

export const POLL_MS = 50;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const unique = (xs: number[]): number[] => [...new Set(xs)];

export interface OutputRouting {
  /** `inherit-live` shows the output on this process's stdout/stderr as it comes (with backpressure); both modes keep bounded tails. */
  stdio: 'inherit-live' | 'capture';
  /** Every chunk as it comes; a consumer that throws does not break the run. */
  onOutput?(stream: 'stdout' | 'stderr', chunk: Buffer): void;
}

/**
 * Output goes to the tail, to `onOutput`, and live to this process when asked, at the pace the terminal
 * takes it. Resolves when the stream closes.
 */
export function pumpOutput(src: Readable, name: 'stdout' | 'stderr', tail: OutputTail, routing: OutputRouting): Promise<void> {
  const live = routing.stdio === 'inherit-live' ? (name === 'stdout' ? process.stdout : process.stderr) : undefined;
  src.on('data', (chunk: Buffer) => {
    tail.push(chunk);
    if (routing.onOutput) {
      try {
        routing.onOutput(name, chunk);
      } catch {
        // A consumer's failure must not break the run.
      }
    }
    if (live && !live.write(chunk) && !src.isPaused()) {
      src.pause();
      live.once('drain', () => src.resume());
    }
  });
  return new Promise((resolve) => {
    src.once('close', resolve);
    src.once('error', () => resolve());
  });
}

export interface TreeQuery {
  /** The process group leader the run started. */
  leaderPid: number | undefined;
  /** Its exit is known: a reused pid must not count as it. */
  leaderExited: boolean;
  /** Processes seen in the tree when the stop began; some may have left the group since. */
  snapshot: ReadonlySet<number>;
  /** The environment variable that marks every process of the run (searched on Linux when asked). */
  marker: { name: string; value: string };
}

/** Every process of a run that still runs: its group, the stop snapshot and, when asked, the marker. */
export function runningTree(q: TreeQuery, withMarker = true): number[] {
  const pid = q.leaderPid;
  if (pid === undefined) return [];
  const procs = listProcesses();
  const pids = [...groupMembers(pid, procs), ...[...q.snapshot].filter(isRunning), ...(withMarker ? pidsWithEnv(q.marker.name, q.marker.value) : [])];
  return unique(pids).filter((p) => p !== process.pid && (p !== pid || !q.leaderExited));
}

export interface ReapOptions {
  /** What of the run still runs; `withMarker` adds the (costlier) search by environment marker. */
  runningTree(withMarker?: boolean): number[];
  /** The polite stop for what is left, if it has not had one already. */
  askToStop(pids: number[]): void;
  graceMs: number;
  /** The process group leader, for the final group-wide SIGKILL. */
  leaderPid: number | undefined;
  leftover: Set<number>;
  killed: Set<number>;
}

/** The run's main process has ended: stop whatever of its tree is left, politely, then by force. */
export async function reapLeftovers(o: ReapOptions): Promise<void> {
  let left = o.runningTree();
  if (left.length === 0) return;
  for (const p of left) o.leftover.add(p);
  o.askToStop(left);
  const deadline = performance.now() + o.graceMs;
  while (left.length > 0 && performance.now() < deadline) {
    await sleep(POLL_MS);
    left = o.runningTree(false).concat(left.filter(isRunning));
  }
  left = unique(left.concat(o.runningTree()));
  if (left.length === 0) return;
  for (const p of left) {
    o.killed.add(p);
    signalPid(p, 'SIGKILL');
  }
  if (o.leaderPid !== undefined) signalGroup(o.leaderPid, 'SIGKILL');
  const killDeadline = performance.now() + 1000;
  while (o.runningTree(false).length > 0 && performance.now() < killDeadline) await sleep(POLL_MS);
}
