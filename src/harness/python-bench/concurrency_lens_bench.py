"""Concurrency Lens: the seed article's benchmarks, run by the user's own Python interpreter.

The Node side (src/harness/python-harness.ts) starts this script with the interpreter the user chose, writes
one line of JSON settings to its stdin and reads JSON lines from its stdout: progress while it runs, then one
result of raw samples (milliseconds), which the Node side summarises exactly as it does its own suites.
Standard library only: the user's environment may have nothing installed.

Suites, as in the article (../shared/seeds/000_76494696fa0de3cc.txt):
- io: N HTTP calls to a local server that answers after a fixed latency, one after another, with asyncio
  under a Semaphore, and through a ThreadPoolExecutor; wall time and memory per call in flight.
- cpu: the article's tokeniser (pure Python, holds the GIL) and SHA-256 of 16 KiB blocks (hashlib releases
  the GIL) on this thread, in a thread pool and in a process pool: "two threads are slower than one".
- serialization: a payload pickled to a pool process and back, against the same bytes placed once in
  multiprocessing.shared_memory and only named per task.
- hybrid: the RAG pipeline (retrieve, preprocess on the CPU, generate) with the CPU stage on the event loop,
  in asyncio.to_thread, and in a ProcessPoolExecutor.

Process pools use the "spawn" start method: this process runs a watchdog thread, and forking a process that
has threads is the pitfall the product itself warns about.
"""

import asyncio
import hashlib
import http.client
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from urllib.parse import urlsplit

# --- the workloads (module level, so that spawned pool processes can import them) ---------------------------

VOCAB = {w: i for i, w in enumerate(
    "the a an is was were been be have has had do does did will would shall should may might can could of "
    "in to for on with at by from as into about between".split()
)}
BASE_TEXT = "The quick model was trained on a large dataset of text from the internet with careful filtering"
WORD = re.compile(r"\b\w+\b")
BLOCK = (b"concurrency lens " * 1000)[: 16 * 1024]


def tokenize_range(start, stop):
    """The article's tokenize_batch over synthetic items [start, stop); a checksum of the ids."""
    total = 0
    unknown = len(VOCAB)
    for i in range(start, stop):
        text = f"{BASE_TEXT} sample {i}"
        ids = [VOCAB.get(w, unknown) for w in WORD.findall(text.lower())]
        total = (total * 31 + sum(ids)) & 0xFFFFFFFF
    return total


def hash_range(start, stop):
    """SHA-256 of one 16 KiB block per item, salted by the index: hashlib releases the GIL for this size."""
    total = 0
    for i in range(start, stop):
        h = hashlib.sha256(i.to_bytes(8, "little"))
        h.update(BLOCK)
        total ^= h.digest()[0]
    return total


WORKLOADS = {"tokenize": tokenize_range, "hash": hash_range}


def cpu_task(workload, start, stop):
    """One chunk of a workload; returns the CPU time the thread that ran it spent on it, in seconds. Threads
    of one interpreter that hold the GIL never add up to much more than one core of it, however idle the
    machine; processes can."""
    before = time.thread_time()
    WORKLOADS[workload](start, stop)
    return time.thread_time() - before


def noop(_=None):
    return os.getpid()


def echo(payload):
    """A pickle round trip: the payload goes to the process and comes back."""
    return payload


def touch_shared(name, size):
    """Attach to a shared_memory block by name and read both ends of it: nothing is copied."""
    from multiprocessing import shared_memory

    try:
        block = shared_memory.SharedMemory(name=name, track=False)
    except TypeError:
        # Before Python 3.13 an attach registers the block again with the resource tracker this pool process
        # shares with the parent (a set, so a no-op); the parent's unlink unregisters it once.
        block = shared_memory.SharedMemory(name=name)
    try:
        return block.buf[0] + block.buf[size - 1]
    finally:
        block.close()


def preprocess(workload_start, items):
    """The hybrid pipeline's CPU stage: tokenise a query's documents."""
    return tokenize_range(workload_start, workload_start + items)


# --- plumbing ---------------------------------------------------------------------------------------------

def emit(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def progress(suite, step, fraction):
    emit({"type": "progress", "suite": suite, "step": step, "fraction": round(min(1.0, fraction), 3)})


def ms_since(t0):
    return (time.perf_counter() - t0) * 1000.0


def rss_bytes(pid="self"):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def repeated(settings, run):
    """Warm-up runs, then the measured ones; returns the measured results."""
    for _ in range(settings["warmupRuns"]):
        run()
    return [run() for _ in range(settings["runs"])]


def spawn_pool(workers):
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def start_pool(kind, workers):
    """A pool with every worker started; returns (pool, start ms, memory per worker in bytes or None)."""
    before = rss_bytes()
    t0 = time.perf_counter()
    pool = spawn_pool(workers) if kind == "processes" else ThreadPoolExecutor(max_workers=workers)
    # Tasks that wait a little, one per worker, so every worker exists before anything is timed.
    if kind == "threads":
        list(pool.map(time.sleep, [0.02] * workers))
    else:
        list(pool.map(noop, range(workers * 2)))
    start_ms = ms_since(t0)
    if kind == "processes":
        sizes = [rss_bytes(p) for p in getattr(pool, "_processes", {}) or {}]
        sizes = [s for s in sizes if s is not None]
        per_worker = sum(sizes) / len(sizes) if sizes else None
    else:
        after = rss_bytes()
        per_worker = (after - before) / workers if before is not None and after is not None else None
    return pool, start_ms, per_worker


# --- HTTP against the local latency server ------------------------------------------------------------------

def split_url(url):
    parts = urlsplit(url)
    return parts.hostname, parts.port, parts.path


def sync_get(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request("GET", path)
        return len(conn.getresponse().read())
    finally:
        conn.close()


async def async_get(host, port, path):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        return len(await reader.read())
    finally:
        writer.close()
        await writer.wait_closed()


# --- suites -----------------------------------------------------------------------------------------------

def io_suite(settings):
    cfg = settings["io"]
    host, port, path = split_url(cfg["url"])
    limit = cfg["concurrencyLimit"]
    calls_list = cfg["calls"]
    points = []
    steps = 3 * len(calls_list)

    def step(mode, calls):
        progress("io", f"{mode}, {calls} calls", len(points) / steps)

    async def gather_limited(calls, on_answer=None):
        semaphore = asyncio.Semaphore(limit)
        state = {"in_flight": 0}

        async def one():
            async with semaphore:
                state["in_flight"] += 1
                await async_get(host, port, path)
                if on_answer:
                    on_answer(state["in_flight"])
                state["in_flight"] -= 1

        await asyncio.gather(*(one() for _ in range(calls)))

    def asyncio_memory(calls):
        """Python heap (tracemalloc) per task when the first answer arrives, against before the batch. gather
        creates every task at once, the rest waiting on the Semaphore, so all `calls` tasks are alive then: the
        figure is per task, as the article measures it (+0.8 MB for 500 tasks)."""
        seen = {}

        def on_answer(_in_flight):
            if not seen:
                seen["bytes"] = tracemalloc.get_traced_memory()[0] - seen_before

        tracemalloc.start()
        seen_before = tracemalloc.get_traced_memory()[0]
        try:
            asyncio.run(gather_limited(calls, on_answer))
        finally:
            tracemalloc.stop()
        return max(0, seen.get("bytes", 0)) / calls, calls

    # Sequential: one call after another on this thread.
    sync_get(host, port, path)
    for calls in calls_list:
        step("sequential", calls)
        if calls > cfg["maxSequentialCalls"]:
            points.append({"mode": "sequential", "calls": calls, "skipped": f"more than {cfg['maxSequentialCalls']} sequential calls: it would only show {calls} x the latency"})
            continue

        def run_sequential():
            t0 = time.perf_counter()
            for _ in range(calls):
                sync_get(host, port, path)
            return ms_since(t0)

        points.append({"mode": "sequential", "calls": calls, "wallMs": repeated(settings, run_sequential), "inFlight": 1})

    # asyncio: gather under a Semaphore.
    asyncio.run(gather_limited(10))
    for calls in calls_list:
        step("asyncio-gather-limited", calls)

        def run_async():
            t0 = time.perf_counter()
            asyncio.run(gather_limited(calls))
            return ms_since(t0)

        wall = repeated(settings, run_async)
        memory = [asyncio_memory(calls) for _ in range(max(1, settings["runs"] // 2))]
        points.append({"mode": "asyncio-gather-limited", "calls": calls, "wallMs": wall, "memoryPerInFlightBytes": [m[0] for m in memory], "memoryBasis": "heap", "inFlight": memory[-1][1]})

    # Threads: a ThreadPoolExecutor of `limit` threads, each call holding a thread while it waits.
    pool, start_ms, per_thread = start_pool("threads", limit)
    try:
        for calls in calls_list:
            step("thread-pool", calls)

            def run_threads():
                t0 = time.perf_counter()
                list(pool.map(lambda _: sync_get(host, port, path), range(calls)))
                return ms_since(t0)

            point = {"mode": "thread-pool", "calls": calls, "wallMs": repeated(settings, run_threads), "inFlight": min(calls, limit)}
            if per_thread is not None:
                point.update({"memoryPerInFlightBytes": [per_thread], "memoryBasis": "rss"})
            points.append(point)
    finally:
        pool.shutdown()
    return {"poolStartMs": [start_ms], "points": points}


def cpu_suite(settings):
    cfg = settings["cpu"]
    counts = cfg["workerCounts"]
    workloads = [("tokenize", cfg["tokenizeItems"]), ("hash", cfg["hashItems"])]
    chunks = cfg["chunks"]
    total_steps = len(workloads) * 2 * len(counts)
    done = 0
    out = []
    for workload, items in workloads:
        ranges = [(workload, items * c // chunks, items * (c + 1) // chunks) for c in range(chunks)]
        sequential_ms = []
        pools = []
        for kind in ("threads", "processes"):
            for workers in counts:
                progress("cpu", f"{workload}, {kind} x{workers}", done / total_steps)
                done += 1
                pool, start_ms, per_worker = start_pool(kind, workers)
                try:
                    walls, speedups, cores = [], [], []

                    def paired():
                        t0 = time.perf_counter()
                        for r in ranges:
                            cpu_task(*r)
                        seq = ms_since(t0)
                        t0 = time.perf_counter()
                        cpu_seconds = list(pool.map(cpu_task, *zip(*ranges)))
                        wall = ms_since(t0)
                        return seq, wall, sum(cpu_seconds) * 1000.0 / wall

                    for seq, wall, used in repeated(settings, paired):
                        sequential_ms.append(seq)
                        walls.append(wall)
                        speedups.append(seq / wall)
                        cores.append(used)
                finally:
                    pool.shutdown()
                point = {"pool": kind, "workers": workers, "wallMs": walls, "speedups": speedups, "coresUsed": cores, "startMs": start_ms}
                if per_worker is not None:
                    point["memoryPerWorkerBytes"] = per_worker
                pools.append(point)
        out.append({"workload": workload, "items": items, "chunks": chunks, "sequentialMs": sequential_ms, "pools": pools})
    return {"workerCounts": counts, "workloads": out}


def serialization_suite(settings):
    from multiprocessing import shared_memory

    sizes = settings["serialization"]["sizesBytes"]
    points = []
    pool, _, _ = start_pool("processes", 1)
    try:
        for i, size in enumerate(sizes):
            progress("serialization", f"{size // (1024 * 1024)} MiB", i / len(sizes))
            payload = bytes(range(256)) * (size // 256) + bytes(size % 256)

            def pickled():
                t0 = time.perf_counter()
                back = pool.submit(echo, payload).result()
                elapsed = ms_since(t0)
                assert len(back) == size
                return elapsed

            points.append({"mode": "pickle", "sizeBytes": size, "roundTripMs": repeated(settings, pickled)})

            setups = []
            trips = []
            for _ in range(settings["runs"]):
                t0 = time.perf_counter()
                block = shared_memory.SharedMemory(create=True, size=size)
                try:
                    block.buf[:size] = payload
                    setups.append(ms_since(t0))

                    def shared():
                        t1 = time.perf_counter()
                        pool.submit(touch_shared, block.name, size).result()
                        return ms_since(t1)

                    trips.extend(repeated({"warmupRuns": 1, "runs": 1}, shared))
                finally:
                    block.close()
                    block.unlink()
            points.append({"mode": "shared-memory", "sizeBytes": size, "roundTripMs": trips, "setupMs": setups})
            del payload
    finally:
        pool.shutdown()
    return {"sizesBytes": sizes, "points": points}


def hybrid_suite(settings):
    cfg = settings["hybrid"]
    retrieve = split_url(cfg["retrieveUrl"])
    generate = split_url(cfg["generateUrl"])
    queries = cfg["queries"]
    items = cfg["preprocessItems"]
    modes = ["sequential", "async-cpu-on-main", "async-to-thread", "hybrid-process-pool"]
    pool, _, _ = start_pool("processes", cfg["poolSize"])
    points = []
    try:
        for i, mode in enumerate(modes):
            progress("hybrid", f"{mode}, {queries} queries", i / len(modes))

            async def query(q):
                await async_get(*retrieve)
                if mode in ("sequential", "async-cpu-on-main"):
                    preprocess(q * items, items)  # on the event loop: every other query waits
                elif mode == "async-to-thread":
                    # asyncio.to_thread (3.9+) is run_in_executor on the loop's default thread pool.
                    await asyncio.get_running_loop().run_in_executor(None, preprocess, q * items, items)
                else:
                    await asyncio.get_running_loop().run_in_executor(pool, preprocess, q * items, items)
                await async_get(*generate)

            async def all_queries():
                if mode == "sequential":
                    for q in range(queries):
                        await query(q)
                else:
                    await asyncio.gather(*(query(q) for q in range(queries)))

            def run():
                t0 = time.perf_counter()
                asyncio.run(all_queries())
                return ms_since(t0)

            points.append({"mode": mode, "wallMs": repeated(settings, run)})
    finally:
        pool.shutdown()
    return {"points": points}


SUITES = {"io": io_suite, "cpu": cpu_suite, "serialization": serialization_suite, "hybrid": hybrid_suite}


def interpreter():
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else (True if sys.implementation.name == "cpython" else None)  # noqa: SLF001
    return {"version": ".".join(map(str, sys.version_info[:3])), "implementation": sys.implementation.name, "executable": sys.executable, "gil": gil}


def watch_parent():
    """Stdin closes when the Node side goes away (or cancels): then stop, pool processes included."""
    # The raw descriptor, not sys.stdin: a daemon thread blocked in a buffered read holds its lock, and the
    # interpreter's shutdown would wait on it.
    while os.read(0, 4096):
        pass
    try:
        if hasattr(os, "killpg") and os.getpgid(0) == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
    finally:
        os._exit(1)


def main():
    settings = json.loads(sys.stdin.readline())
    threading.Thread(target=watch_parent, daemon=True, name="concurrency-lens-watchdog").start()
    result = {"type": "result", "python": interpreter()}
    for name in settings["suites"]:
        progress(name, "starting", 0)
        result[name] = SUITES[name](settings)
    emit(result)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # reported to the Node side as the run's error; the traceback goes to stderr
        import traceback

        traceback.print_exc()
        emit({"type": "error", "message": f"{type(e).__name__}: {e}"})
        sys.exit(1)
