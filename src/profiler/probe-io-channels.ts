// Outstanding operations of a thread's event loop: the work it is waiting for. Counted from what Node
// announces on its diagnostics channels (a request started, a response finished, a socket connecting, a
// child process started) rather than from the handles that happen to be open: a listening server, an
// idle keep-alive socket or a helper process kept for later are open for the whole run, and a loop that
// has only those is idle, not waiting. Channels Node 20 has (checked against its lib/ sources):
//   http.client.request.start, http.client.request.error, http.client.response.finish,
//   http.server.request.start, http.server.response.finish, net.client.socket, child_process,
//   undici:request:create/trailers/error, undici:client:beforeConnect/connected/sendHeaders (fetch).
// A promise waiting on a timer (a retry back-off, a poll, a rate limit) is pending work too; no channel
// tells of it, so the timer functions that make such a promise are wrapped (see `wrapTimers`).
//
// Ground rules as in probe.ts: never throw into the workload, never change its behaviour. Listeners added
// here are only ever 'close', 'connect' and 'end' listeners, which change nothing (an 'error' listener
// would swallow the workload's errors, a 'data' listener would start a stream flowing).
import dc = require('node:diagnostics_channel');
import nodeModule = require('node:module');
import timers = require('node:timers');
import timersPromises = require('node:timers/promises');
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { IoIntervalRecord, IoKind } from './probe-records';

interface Op {
  kind: IoKind;
  start: number;
  end?: number;
  /** Whether the operation counts, asked when its share of an interval is added up (see `connect`, `child`). */
  counts?: () => boolean;
  /** The Timeout of a timer, whose `_destroyed` tells that it was cleared. */
  timeout?: { _destroyed?: boolean };
}

interface ClientSocket {
  created: number;
  read: number;
  written: number;
  /** Sent something the peer has not answered yet, as far as the byte counts tell. */
  awaiting: boolean;
  /** `localPort>remotePort` once connected: how a server of this thread recognises the call as its own. */
  key?: string;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
const fnToString = Function.prototype.toString;

/**
 * A promise's resolve (or reject) function: anonymous, one parameter, built in. `new Promise((r) =>
 * setTimeout(r, ms))` hands it straight to the timer, which is how a sleep is usually written.
 * toString is reached only for anonymous one-parameter functions, so most timer callbacks cost two checks.
 */
export function isPromiseResolver(f: unknown): boolean {
  return typeof f === 'function' && f.length === 1 && f.name === '' && fnToString.call(f) === 'function () { [native code] }';
}

/** Sums what each operation contributed to one interval. */
function addUp(segments: readonly [number, number, IoKind][]): IoIntervalRecord {
  const byKind: Partial<Record<IoKind, number>> = {};
  let opMs = 0;
  const io: [number, number][] = [];
  const all: [number, number][] = [];
  for (const [a, b, kind] of segments) {
    if (b <= a) continue;
    byKind[kind] = (byKind[kind] ?? 0) + (b - a);
    all.push([a, b]);
    if (kind !== 'timer') {
      opMs += b - a;
      io.push([a, b]);
    }
  }
  const ioSweep = sweep(io);
  for (const k of Object.keys(byKind) as IoKind[]) byKind[k] = round(byKind[k] ?? 0);
  return { ioMs: round(ioSweep.coveredMs), opMs: round(opMs), max: ioSweep.max, open: 0, pendingMs: round(sweep(all).coveredMs), byKind };
}

/** Time covered by at least one segment, and the most that overlap at once. */
function sweep(segments: readonly [number, number][]): { coveredMs: number; max: number } {
  const edges: [number, number][] = [];
  for (const [a, b] of segments) edges.push([a, 1], [b, -1]);
  // Ends before starts at the same instant: one call ending as the next starts is not two at once.
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let n = 0;
  let max = 0;
  let covered = 0;
  let since = 0;
  for (const [t, d] of edges) {
    if (n === 0 && d > 0) since = t;
    n += d;
    if (n === 0 && d < 0) covered += t - since;
    max = Math.max(max, n);
  }
  return { coveredMs: covered, max };
}

export class IoOperations {
  private readonly open = new Map<object, Op>();
  /** Operations that ended in the current interval and count. */
  private ended: Op[] = [];
  private intervalStart = performance.now();
  private readonly sockets = new Map<Socket, ClientSocket>();
  /** Client sockets of this thread that carry http or fetch requests: those requests are counted instead. */
  private readonly owned = new WeakSet<object>();
  private readonly startedRequests = new WeakSet<object>();
  /** `localPort>remotePort` of this thread's connected client sockets. */
  private readonly localCalls = new Set<string>();
  private nextSocketIsFetch = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly report: (where: string, e: unknown) => void) {}

  /** Subscribes to the channels; each handler is guarded, because a throwing subscriber would crash the workload. */
  install(): void {
    const on = (name: string, handler: (message: never) => void): void => {
      const guarded = (message: unknown): void => {
        try {
          handler(message as never);
        } catch (e) {
          this.report(`io channel ${name}`, e);
        }
      };
      dc.subscribe(name, guarded);
      this.unsubscribe.push(() => dc.unsubscribe(name, guarded));
    };

    on('http.client.request.start', ({ request }: { request: ClientRequestLike }) => {
      this.startedRequests.add(request);
      if (request.socket) this.owned.add(request.socket);
      this.begin(request, 'http');
      request.once('close', () => this.finishGuarded(request));
    });
    on('http.client.response.finish', ({ request, response }: { request: ClientRequestLike; response: EmitterLike }) => {
      if (request.socket) this.owned.add(request.socket);
      // The response's headers are in; the call is over once its body has been read.
      response.once('end', () => this.finishGuarded(request));
    });
    on('http.client.request.error', ({ request }: { request: object }) => this.finish(request));

    on('http.server.request.start', ({ response, socket }: { response: EmitterLike; socket: Socket }) => {
      if (socket.remotePort !== undefined && this.localCalls.has(`${socket.remotePort}>${socket.localPort}`)) return;
      this.begin(response, 'served');
      // Also when the client goes away before the answer is written.
      response.once('close', () => this.finishGuarded(response));
    });
    on('http.server.response.finish', ({ response }: { response: object }) => this.finish(response));

    on('undici:request:create', ({ request }: { request: object }) => this.begin(request, 'fetch'));
    on('undici:request:trailers', ({ request }: { request: object }) => this.finish(request));
    on('undici:request:error', ({ request }: { request: object }) => this.finish(request));
    // undici announces a connect just before it makes one: the socket that net.connect makes next is its own.
    on('undici:client:beforeConnect', () => {
      this.nextSocketIsFetch = true;
      queueMicrotask(() => (this.nextSocketIsFetch = false));
    });
    on('undici:client:connected', ({ socket }: { socket: object }) => this.owned.add(socket));
    on('undici:client:sendHeaders', ({ socket }: { socket: object }) => this.owned.add(socket));

    on('net.client.socket', ({ socket }: { socket: Socket }) => this.trackSocket(socket));

    on('child_process', ({ process: child }: { process: ChildLike }) => {
      this.begin(child, 'child', () => waitedFor(child));
      child.once('close', () => this.finishGuarded(child));
    });

    this.wrapTimers();
  }

  private trackSocket(socket: Socket): void {
    const state: ClientSocket = { created: performance.now(), read: 0, written: 0, awaiting: false };
    if (this.nextSocketIsFetch) {
      this.owned.add(socket);
      this.nextSocketIsFetch = false;
    }
    this.sockets.set(socket, state);
    // From net.connect() on, DNS lookup included; whether it counts is asked when it is added up.
    this.begin(socket, 'connect', () => this.connectCounts(socket));
    socket.once('connect', () => {
      try {
        this.finish(socket);
        // TCP only: a pipe has no ports to tell one connection from another.
        if (socket.localPort !== undefined && socket.remotePort !== undefined) {
          state.key = `${socket.localPort}>${socket.remotePort}`;
          this.localCalls.add(state.key);
        }
      } catch (e) {
        this.report('io socket connect', e);
      }
    });
    socket.once('close', () => {
      try {
        this.finish(socket);
        if (state.key) this.localCalls.delete(state.key);
        this.sockets.delete(socket);
      } catch (e) {
        this.report('io socket close', e);
      }
    });
  }

  /**
   * A connect counts unless a counted request waits on it: an http request that has started (http announces
   * the start when the request is ended, so a request still streaming its body is not yet counted) or a
   * fetch request (counted from its creation).
   */
  private connectCounts(socket: Socket): boolean {
    const message = (socket as Socket & { _httpMessage?: object | null })._httpMessage;
    if (message) {
      this.owned.add(socket);
      return !this.startedRequests.has(message);
    }
    return !this.owned.has(socket);
  }

  private begin(key: object, kind: IoKind, counts?: () => boolean): void {
    if (!this.open.has(key)) this.open.set(key, { kind, start: performance.now(), counts });
  }

  private finish(key: object): void {
    const op = this.open.get(key);
    if (!op) return;
    this.open.delete(key);
    op.end = performance.now();
    if (!op.counts || op.counts()) this.ended.push(op);
  }

  private finishGuarded(key: object): void {
    try {
      this.finish(key);
    } catch (e) {
      this.report('io finish', e);
    }
  }

  /**
   * `timers/promises` setTimeout (also what `util.promisify(setTimeout)` returns) and a setTimeout whose
   * callback is a promise's resolve function count as timer waits from the call until the timer fires or is
   * cleared. A setTimeout with any other callback (a request timeout, a deferred task) is not something a
   * promise waits on, and setInterval is a schedule: a loop that only has those is idle.
   */
  private wrapTimers(): void {
    // The wrappers are plain functions (they keep the caller's `this`), so they reach the tracker by name.
    const ops = this;
    const promised = timersPromises.setTimeout as unknown as (...a: unknown[]) => Promise<unknown>;
    const promisedWrapper = function setTimeout(this: unknown, ...args: unknown[]): Promise<unknown> {
      const p = promised.apply(this, args);
      const key = {};
      try {
        ops.begin(key, 'timer');
      } catch (e) {
        ops.report('io timer', e);
        return p;
      }
      // A promise chained on the timer's, rather than handlers on it: an abort the caller never handles
      // must still be an unhandled rejection.
      return p.then(
        (value) => {
          ops.finishGuarded(key);
          return value;
        },
        (error: unknown) => {
          ops.finishGuarded(key);
          throw error;
        },
      );
    };
    (timersPromises as { setTimeout: unknown }).setTimeout = promisedWrapper;
    this.unsubscribe.push(() => {
      if ((timersPromises.setTimeout as unknown) === promisedWrapper) (timersPromises as { setTimeout: unknown }).setTimeout = promised;
    });

    const original = globalThis.setTimeout as unknown as (...a: unknown[]) => unknown;
    const wrapper = function setTimeout(this: unknown, callback: unknown): unknown {
      let resolver = false;
      try {
        resolver = isPromiseResolver(callback);
      } catch {
        /* a revoked proxy, say: not a resolver */
      }
      // `arguments` rather than rest parameters: no array for every timer the program sets.
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      if (!resolver) return Reflect.apply(original, this, args);
      const key = {};
      const resolve = callback as (...a: unknown[]) => unknown;
      const fire = function (this: unknown, ...values: unknown[]): unknown {
        ops.finishGuarded(key);
        return Reflect.apply(resolve, this, values);
      };
      const timeout = Reflect.apply(original, this, [fire, ...Array.prototype.slice.call(args, 1)]);
      try {
        ops.begin(key, 'timer');
        const op = ops.open.get(key);
        if (op) op.timeout = timeout as Op['timeout'];
      } catch (e) {
        ops.report('io timer', e);
      }
      return timeout;
    };
    // util.promisify(setTimeout) reads this property, a getter of timers/promises' setTimeout, now wrapped.
    for (const key of Reflect.ownKeys(original)) {
      if (key === 'name' || key === 'prototype') continue;
      const d = Object.getOwnPropertyDescriptor(original, key);
      if (d) Object.defineProperty(wrapper, key, d);
    }
    globalThis.setTimeout = wrapper as unknown as typeof globalThis.setTimeout;
    if ((timers.setTimeout as unknown) === original) (timers as { setTimeout: unknown }).setTimeout = wrapper;
    // ESM imports of node:timers and node:timers/promises see the wrapped functions too.
    nodeModule.syncBuiltinESMExports();
    this.unsubscribe.push(() => {
      if ((globalThis.setTimeout as unknown) === wrapper) globalThis.setTimeout = original as unknown as typeof globalThis.setTimeout;
      if ((timers.setTimeout as unknown) === wrapper) (timers as { setTimeout: unknown }).setTimeout = original;
      nodeModule.syncBuiltinESMExports();
    });
  }

  /** The interval since the previous call; called by the sampler with every sample. */
  sample(): IoIntervalRecord | undefined {
    try {
      return this.addUpInterval();
    } catch (e) {
      this.report('io sample', e);
      return undefined;
    }
  }

  private addUpInterval(): IoIntervalRecord {
    const now = performance.now();
    const from = this.intervalStart;
    const segments: [number, number, IoKind][] = [];
    for (const op of this.ended) segments.push([Math.max(op.start, from), op.end ?? now, op.kind]);
    let open = 0;
    for (const [key, op] of this.open) {
      // A timer cleared before it fired: over when it was cleared, some time in this interval.
      if (op.timeout?._destroyed) {
        this.open.delete(key);
        segments.push([Math.max(op.start, from), now, op.kind]);
        continue;
      }
      if (op.counts && !op.counts()) continue;
      segments.push([Math.max(op.start, from), now, op.kind]);
      if (op.kind !== 'timer') open++;
    }
    for (const [socket, state] of this.sockets) {
      if (this.rawSocketWaited(socket, state)) {
        segments.push([Math.max(state.created, from), now, 'socket']);
        if (state.awaiting) open++;
      }
    }
    const record = addUp(segments);
    record.open = open;
    this.ended = [];
    this.intervalStart = now;
    return record;
  }

  /**
   * A client socket that carries no http or fetch request (a database driver's, a message queue's): no
   * channel tells when it waits for an answer, so its byte counts do. It waited in this interval when it had
   * sent something still unanswered at the previous sample, or sent something now; it stops waiting once
   * bytes come back with nothing more sent. A pipelining client that sends and receives in every interval
   * reads as waiting throughout, which it is; a subscription that only receives reads as idle.
   */
  private rawSocketWaited(socket: Socket, state: ClientSocket): boolean {
    if (socket.destroyed || socket.connecting) return false;
    if ((socket as Socket & { _httpMessage?: object | null })._httpMessage) this.owned.add(socket);
    if (this.owned.has(socket)) return false;
    const read = socket.bytesRead;
    const written = socket.bytesWritten;
    const wrote = written > state.written;
    const got = read > state.read;
    const waited = state.awaiting || wrote;
    if (wrote) state.awaiting = true;
    else if (got) state.awaiting = false;
    state.read = read;
    state.written = written;
    return waited;
  }

  /** Unsubscribes and puts the timer functions back (for tests; the probe keeps counting until the thread ends). */
  stop(): void {
    for (const u of this.unsubscribe.splice(0)) {
      try {
        u();
      } catch {
        /* nothing to undo */
      }
    }
  }
}

interface EmitterLike {
  once(event: string, listener: () => void): unknown;
}

interface ClientRequestLike extends EmitterLike {
  socket?: object | null;
}

interface ChildLike extends EmitterLike {
  channel?: unknown;
  listeners(event: string): ((...args: unknown[]) => unknown)[];
}

/**
 * A child process the program waits to finish: started by exec or execFile (callback or promisified:
 * both wait in execFile's `exithandler`), or awaited with `events.once(child, 'exit'|'close')` or a
 * promise resolved by its 'exit' or 'close' event. A child with an IPC channel (fork) is one the program
 * talks to, and a child nothing waits on (a server, a helper kept for later) is not pending work.
 */
function waitedFor(child: ChildLike): boolean {
  if (child.channel) return false;
  const waits = (f: (...args: unknown[]) => unknown): boolean => f.name === 'exithandler' || f.name === 'resolver' || isPromiseResolver(f);
  return child.listeners('close').some(waits) || child.listeners('exit').some(waits);
}
