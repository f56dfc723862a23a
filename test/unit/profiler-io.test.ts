// The probe's count of outstanding operations (src/profiler/probe-io-channels.ts), on real requests in
// this process: calls with a known concurrency must read as that many, whether the server is in this
// process or another; a loop that holds only a listening server, an idle keep-alive socket or a forked
// helper must read as waiting on nothing; promises waiting on timers are waits of their own kind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import * as timersPromises from 'node:timers/promises';
import { IoOperations } from '../../src/profiler/probe-io-channels';
import type { IoIntervalRecord } from '../../src/profiler/probe-records';

/** What the sampler would have recorded over a stretch of time, summed. */
interface Totals {
  wallMs: number;
  ioMs: number;
  opMs: number;
  pendingMs: number;
  max: number;
  byKind: Record<string, number>;
  errors: string[];
}

/**
 * Counts operations while `body` runs, sampling every 15 ms as the probe does (the raw-socket count is
 * read at samples), and returns the sums since the start or since `body` last called `checkpoint`, which
 * returns the sums before it. The tracker is removed afterwards, timers put back.
 */
async function counted(body: (checkpoint: () => Totals) => Promise<void>): Promise<Totals> {
  const errors: string[] = [];
  const ops = new IoOperations((where, e) => errors.push(`${where}: ${e instanceof Error ? e.message : String(e)}`));
  ops.install();
  const fresh = (): Totals => ({ wallMs: 0, ioMs: 0, opMs: 0, pendingMs: 0, max: 0, byKind: {}, errors });
  let totals = fresh();
  let started = performance.now();
  const add = (r: IoIntervalRecord | undefined): void => {
    if (!r) return;
    totals.ioMs += r.ioMs;
    totals.opMs += r.opMs;
    totals.pendingMs += r.pendingMs;
    totals.max = Math.max(totals.max, r.max);
    for (const [k, v] of Object.entries(r.byKind)) totals.byKind[k] = (totals.byKind[k] ?? 0) + v;
  };
  const checkpoint = (): Totals => {
    add(ops.sample());
    const out = { ...totals, wallMs: performance.now() - started };
    totals = fresh();
    started = performance.now();
    return out;
  };
  const timer = setInterval(() => add(ops.sample()), 15);
  try {
    await body(checkpoint);
  } finally {
    clearInterval(timer);
  }
  const out = checkpoint();
  ops.stop();
  return out;
}

/** Waits without anything pending: setInterval is a schedule, not a wait. */
const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    const t = setInterval(() => {
      clearInterval(t);
      resolve();
    }, ms);
  });

/** A JSON API in this process that answers every request after `delayMs`. */
async function slowServer(delayMs: number): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.end('{"ok":true}'), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/` };
}

function get(url: string, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

/** `calls` calls, never more than `lanes` at once: each lane starts its next call when its last one is answered. */
async function inLanes(lanes: number, calls: number, call: () => Promise<void>): Promise<void> {
  let left = calls;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (left-- > 0) await call();
    }),
  );
}

const closeServer = (server: http.Server | net.Server): Promise<void> =>
  new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });

const mean = (t: Totals): number => t.opMs / t.ioMs;

describe('outstanding operations', () => {
  it('two calls at a time to a server in this process read as two, the server side not counted again', async () => {
    const { server, url } = await slowServer(40);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    try {
      const t = await counted(() => inLanes(2, 16, () => get(url, agent)));
      assert.deepEqual(t.errors, []);
      assert.ok(mean(t) > 1.75 && mean(t) <= 2.001, `mean outstanding ${mean(t).toFixed(3)}`);
      assert.equal(t.max, 2);
      assert.equal(t.byKind.served, undefined, 'the in-process server does not count the same calls twice');
      assert.ok(t.ioMs > 0.8 * t.wallMs, `waiting ${t.ioMs.toFixed(0)} of ${t.wallMs.toFixed(0)} ms`);
    } finally {
      agent.destroy();
      await closeServer(server);
    }
  });

  it('fetch counts the same way as http', async () => {
    const { server, url } = await slowServer(80);
    try {
      const t = await counted(() =>
        inLanes(2, 12, async () => {
          await (await fetch(url)).text();
        }),
      );
      assert.deepEqual(t.errors, []);
      // Below 2 by the few ms fetch computes between one call's end and the next one's start (more on a
      // busy machine): real gaps, which the profiler weighs by the loop's idle time, this test does not.
      assert.ok(mean(t) > 1.5 && mean(t) <= 2.001, `mean outstanding ${mean(t).toFixed(3)}`);
      assert.equal(t.max, 2);
      assert.ok((t.byKind.fetch ?? 0) > 0 && t.byKind.http === undefined && t.byKind.served === undefined, JSON.stringify(t.byKind));
    } finally {
      await closeServer(server);
    }
  });

  it('a server answering another process counts the requests it is serving', async () => {
    const { server, url } = await slowServer(60);
    // Three calls at a time from a child process: only the server's side is in this process.
    const script = `const http=require('http');const a=new http.Agent({keepAlive:true,maxSockets:3});let left=12;
      const lane=async()=>{while(left-->0)await new Promise((r,j)=>http.get(process.argv[1],{agent:a},(s)=>{s.resume();s.on('end',r)}).on('error',j));};
      Promise.all([lane(),lane(),lane()]).then(()=>a.destroy());`;
    try {
      let client: ChildProcess | undefined;
      const t = await counted(async () => {
        client = spawn(process.execPath, ['-e', script, url], { stdio: ['ignore', 'pipe', 'ignore'] });
        // Its output's end rather than its exit: a promise on the exit would count the child as waited for.
        client.stdout?.resume();
        await once(client.stdout!, 'close');
      });
      assert.deepEqual(t.errors, []);
      assert.ok((t.byKind.served ?? 0) > 0 && t.byKind.child === undefined, JSON.stringify(t.byKind));
      assert.ok(mean(t) > 2.5 && mean(t) <= 3.001, `mean outstanding ${mean(t).toFixed(3)}`);
      assert.equal(t.max, 3);
    } finally {
      await closeServer(server);
    }
  });

  it('a listening server, an idle keep-alive socket and an idle forked helper are nothing to wait on', async () => {
    const { server, url } = await slowServer(1);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let helper: ChildProcess | undefined;
    try {
      const idle = await counted(async (checkpoint) => {
        // A helper with an IPC channel, as fork makes one, that waits for messages that never come.
        helper = spawn(process.execPath, ['-e', "process.on('message', () => {}); process.on('disconnect', () => process.exit(0))"], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
        await once(helper, 'spawn');
        await get(url, agent); // leaves one keep-alive socket open at each end
        const call = checkpoint();
        assert.ok(call.opMs > 0, 'the call itself counted');
        await pause(300);
      });
      assert.deepEqual(idle.errors, []);
      assert.deepEqual({ ioMs: idle.ioMs, opMs: idle.opMs, max: idle.max, pendingMs: idle.pendingMs }, { ioMs: 0, opMs: 0, max: 0, pendingMs: 0 });
    } finally {
      helper?.disconnect();
      agent.destroy();
      await closeServer(server);
    }
  });

  it('a connect counts until the socket is connected; a raw socket counts while its question is unanswered', async () => {
    // A line protocol answered after 30 ms, as a database would answer a query.
    const server = net.createServer((s) => s.on('data', () => setTimeout(() => s.write('ok\n'), 30)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    let socket: net.Socket | undefined;
    try {
      const idle = await counted(async (checkpoint) => {
        socket = net.connect(port, '127.0.0.1');
        await once(socket, 'connect');
        for (let i = 0; i < 8; i++) {
          socket.write('query\n');
          await once(socket, 'data');
        }
        await pause(20); // the sample that sees the last answer
        const busy = checkpoint();
        assert.ok((busy.byKind.connect ?? 0) > 0, JSON.stringify(busy.byKind));
        assert.ok((busy.byKind.socket ?? 0) > 0.7 * 8 * 30, JSON.stringify(busy.byKind));
        // The same socket, open with nothing asked.
        await pause(150);
      });
      assert.deepEqual(idle.errors, []);
      assert.equal(idle.opMs, 0, JSON.stringify(idle.byKind));
    } finally {
      socket?.destroy();
      await closeServer(server);
    }
  });

  it('a child process counts while the program waits for it: execFile, not a helper left running', async () => {
    let helper: ChildProcess | undefined;
    try {
      const t = await counted(async () => {
        helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
        await new Promise<void>((resolve, reject) => execFile('sleep', ['0.2'], (err) => (err ? reject(err) : resolve())));
      });
      assert.deepEqual(t.errors, []);
      const child = t.byKind.child ?? 0;
      assert.ok(child >= 150 && child < 1500, `child ${child.toFixed(0)} ms: the sleep, not the helper`);
      assert.ok(t.max === 1, 'one child waited for');
    } finally {
      helper?.kill();
    }
  });

  it('promises waiting on timers are timer waits, not I/O; other timers are not waits at all', async () => {
    const t = await counted(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await timersPromises.setTimeout(100);
      // A callback timer and a cleared sleep: neither leaves anything pending afterwards.
      await new Promise<void>((resolve) => setTimeout(() => resolve(), 100));
      clearTimeout(setTimeout(() => undefined, 1000));
    });
    assert.deepEqual(t.errors, []);
    assert.equal(t.opMs, 0);
    assert.equal(t.ioMs, 0);
    const timer = t.byKind.timer ?? 0;
    assert.ok(timer >= 190 && timer < 800, `timer ${timer.toFixed(0)} ms`);
    assert.ok(Math.abs(t.pendingMs - timer) < 1, 'one wait at a time');
  });

  it('leaves the timer functions as they were when stopped, and keeps util.promisify(setTimeout) working', async () => {
    const before = globalThis.setTimeout;
    const beforePromised = timersPromises.setTimeout;
    const t = await counted(async () => {
      const sleep = (await import('node:util')).promisify(setTimeout);
      await sleep(30);
    });
    assert.ok((t.byKind.timer ?? 0) >= 25, JSON.stringify(t.byKind));
    assert.equal(globalThis.setTimeout, before);
    assert.equal(timersPromises.setTimeout, beforePromised);
  });
});
