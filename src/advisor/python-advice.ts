// Python's advice: what each leaf of the Python tree says, in asyncio, concurrent.futures and
// multiprocessing terms, and a short sketch of the idiom. Data keyed by leaf, like Node's tables.
import type { AdviceLanguage } from './advice-language';
import type { Idiom } from './idioms';
import type { HotLine, LeafAdvice } from './recommendation';
import type { Measurements } from './measurements';
import { PYTHON_DECIDERS, PYTHON_TREE } from './python-tree';
import { cores, percent } from './units';

const onMain = (h: HotLine): boolean => h.thread !== 'worker';
const where = (lines: string): string => (lines ? ` Start with ${lines}.` : '');
const poolSize = (m: Measurements): number => Math.max(1, m.cores);
const freeThreaded = (m: Measurements): string =>
  m.gil?.enabled === false ? '' : ' Or, where the interpreter is a free-threaded build (python3.13t and later) and the libraries support it, the same threads run in parallel.';

const ADVICE: Record<string, LeafAdvice> = {
  idle: { categories: [], summary: () => 'The program mostly waits on timers or nothing at all: there is no concurrency problem to fix.' },
  light: {
    hot: onMain,
    categories: [],
    summary: (m) => `The main thread was busy ${percent(m.main.busy)} of the time and rarely waited on I/O: it has headroom, so the current model is fine.`,
  },
  'large-data-copied': {
    hot: (h) => h.via.some((v) => /pickle|dumps|send_bytes|submit|map|apply/.test(v)),
    minShareOfWall: 0,
    categories: ['serialization'],
    summary: (m, lines) =>
      `Every task pickles its data to the pool process and back: ${(m.messages.clonedBytes / 1048576).toFixed(0)} MiB over ${m.messages.count} messages. Put the array in multiprocessing.shared_memory once and pass the block's name and offsets, so the workers read it in place.${where(lines)}`,
  },
  'sync-io': {
    hot: (h) => onMain(h) && h.blockedMs > 0,
    categories: ['sync-io'],
    summary: (m, lines) =>
      `The event loop is busy ${percent(m.main.busy)} of the time, but only ${percent(Math.min(1, m.main.cpuWhileBusy ?? 0))} of that is CPU: coroutines wait inside blocking calls (time.sleep, requests, open().read(), subprocess.run) and every other task waits with them. Await the asyncio form (asyncio.sleep, an async client) or move the call off the loop with await asyncio.to_thread(...) or loop.run_in_executor(thread_pool, ...).${where(lines)}`,
  },
  'mixed-on-main': {
    hot: onMain,
    categories: ['cpu'],
    summary: (m, lines) =>
      `It waits ${percent(m.io.waitShare)} of the time and computes on the main thread ${percent(m.main.busy)} of it: keep the I/O in asyncio with a Semaphore and run the CPU stages with await loop.run_in_executor(process_pool, ...) on a ProcessPoolExecutor, so waits and computation overlap.${where(lines)}`,
  },
  'cpu-on-main': {
    hot: onMain,
    categories: ['cpu'],
    summary: (m, lines) =>
      `The main thread computes ${percent(m.main.busy)} of the time, so everything else queues behind it, and threads would not help: the GIL runs them one at a time. Move the CPU work into a ProcessPoolExecutor (max_workers=${poolSize(m)} here), with small arguments and tasks of at least a few milliseconds.${freeThreaded(m)}${where(lines)}`,
  },
  'gil-bound': {
    hot: () => true,
    categories: ['cpu'],
    summary: (m, lines) =>
      `Threads take turns on the GIL: two or more wanted it in ${percent(m.gil?.contendedShare ?? 0)} of the samples while the process used ${cores(m.cpu.perWall)}. Pure-Python work in threads (a ThreadPoolExecutor, asyncio.to_thread) is serial, and the switching only adds waiting. Run it in a ProcessPoolExecutor (max_workers=${poolSize(m)} here) instead; keep threads for blocking I/O.${freeThreaded(m)}${where(lines)}`,
  },
  'hybrid-in-place': {
    categories: [],
    summary: (m) => `Already hybrid: the event loop waits on I/O while ${m.offload.childProcesses} processes carry ${cores(m.offload.busyCores)} of CPU work. Keep it.`,
  },
  'shared-in-place': { categories: [], summary: () => 'Large data already reaches the processes through shared memory, without pickling it. Keep it.' },
  'pool-in-place': {
    categories: [],
    summary: (m) =>
      `Already a process pool: ${m.offload.childProcesses} processes busy ${cores(m.offload.busyCores)} on ${m.cores} cores while the main thread stays free (${percent(m.main.busy)} busy). Keep it; more processes than cores will not help.`,
  },
  'io-serial': {
    categories: ['sequential-await'],
    summary: (m, lines) =>
      `The loop waits ${percent(m.io.waitShare)} of the time with about one call outstanding: the calls are awaited one after another. Start them together with asyncio.gather (or a TaskGroup) under an asyncio.Semaphore of 8-64.${where(lines)}`,
  },
  'io-unbounded': {
    categories: ['unbounded-concurrency'],
    summary: (m, lines) =>
      `Up to ${m.io.maxInFlight} sockets were waiting at once: an unbounded asyncio.gather. Cap it with an asyncio.Semaphore so sockets, memory and the remote rate limit hold.${where(lines)}`,
  },
  'io-concurrent': {
    categories: [],
    summary: (m) =>
      `Already asyncio with bounded concurrency: the loop waits ${percent(m.io.waitShare)} of the time with ${m.io.meanInFlight.toFixed(m.io.meanInFlight < 10 ? 1 : 0)} sockets outstanding on average (at most ${m.io.maxInFlight}). Keep it.`,
  },
};

const PROCESS_POOL = `# CPU work in processes: each has its own interpreter and its own GIL
from concurrent.futures import ProcessPoolExecutor
import os

def tokenize(text: str) -> list[str]:       # a top-level function: it must pickle
    ...

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        results = list(pool.map(tokenize, documents, chunksize=16))`;

const GIL = `# Threads share one GIL: pure-Python work in them runs one at a time.
# Keep threads (or asyncio.to_thread) for blocking I/O; give CPU work to processes.
from concurrent.futures import ProcessPoolExecutor   # was ThreadPoolExecutor

with ProcessPoolExecutor() as pool:
    scores = list(pool.map(score_chunk, chunks))
# On a free-threaded build (python3.13t+, sys._is_gil_enabled() is False) threads do run in parallel.`;

const ASYNC_IO = `# Inside async def, never block the loop
import asyncio

async def handle(request):
    await asyncio.sleep(0.05)                       # was time.sleep(0.05)
    text = await asyncio.to_thread(read_file, path) # a blocking call, off the loop
    async with session.get(url) as resp:            # an async client, not requests.get
        return await resp.text()`;

const SHARED = `# Share the array once instead of pickling it into every task
from multiprocessing import shared_memory
from concurrent.futures import ProcessPoolExecutor

shm = shared_memory.SharedMemory(create=True, size=len(data))
shm.buf[:len(data)] = data                     # one copy, into shared memory

def work(name, start, end):                    # the worker attaches by name
    block = shared_memory.SharedMemory(name=name)
    try:
        return checksum(block.buf[start:end])  # reads in place, no pickle
    finally:
        block.close()

with ProcessPoolExecutor() as pool:
    results = list(pool.map(work, [shm.name] * n, starts, ends))
shm.close(); shm.unlink()`;

const HYBRID = `# asyncio for the waits, a process pool for the CPU stage
import asyncio
from concurrent.futures import ProcessPoolExecutor

async def answer(query, pool, limit):
    async with limit:                                   # bounded concurrency
        docs = await retrieve(query)                    # I/O: stays on the loop
        loop = asyncio.get_running_loop()
        context = await loop.run_in_executor(pool, preprocess, docs)  # CPU: another core
        return await generate(query, context)           # I/O again

async def main(queries):
    limit = asyncio.Semaphore(16)
    with ProcessPoolExecutor() as pool:
        return await asyncio.gather(*(answer(q, pool, limit) for q in queries))`;

const LIMIT = `# Bounded concurrency: at most 16 calls in flight
import asyncio

async def fetch_all(urls, limit=16):
    sem = asyncio.Semaphore(limit)
    async def one(url):
        async with sem:
            return await fetch(url)
    return await asyncio.gather(*(one(u) for u in urls))`;

const KEEP = `# Nothing to change in the model. Keep an eye on:
# - loop lag (asyncio debug mode's slow_callback_duration) as load grows;
# - the size of what you pass to process pools;
# - the Semaphore limit against the remote service's rate limit.`;

const IDIOMS: Record<string, Idiom> = {
  idle: { title: 'Nothing to change', code: KEEP },
  light: { title: 'Nothing to change', code: KEEP },
  'large-data-copied': { title: 'multiprocessing.shared_memory', code: SHARED },
  'sync-io': { title: 'asyncio.sleep, an async client or asyncio.to_thread', code: ASYNC_IO },
  'mixed-on-main': { title: 'asyncio plus a ProcessPoolExecutor for the CPU stages', code: HYBRID },
  'cpu-on-main': { title: 'A ProcessPoolExecutor', code: PROCESS_POOL },
  'gil-bound': { title: 'Processes instead of threads', code: GIL },
  'hybrid-in-place': { title: 'Keep the hybrid', code: KEEP },
  'shared-in-place': { title: 'Keep sharing', code: KEEP },
  'pool-in-place': { title: 'Keep the pool', code: KEEP },
  'io-serial': { title: 'asyncio.gather with a Semaphore', code: LIMIT },
  'io-unbounded': { title: 'asyncio.gather with a Semaphore', code: LIMIT },
  'io-concurrent': { title: 'Keep the bounded asyncio fan-out', code: KEEP },
};

export const PYTHON_ADVICE: AdviceLanguage = { language: 'python', tree: PYTHON_TREE, deciders: PYTHON_DECIDERS, advice: ADVICE, idioms: IDIOMS };

/** Every leaf of the Python tree has advice and an idiom: checked by tests so the tables cannot drift. */
export const PYTHON_ADVICE_LEAVES: readonly string[] = Object.keys(ADVICE);
