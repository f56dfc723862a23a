# The probe's one thread: every few ms it takes every thread's Python stack (sys._current_frames) and
# charges the sample to the nearest frame of the user's own code; every window (100 ms) it reads each
# thread's CPU and run-queue time and the loops' counters, so the Node side can see, window by window,
# how many threads wanted to run and how many cores the process got. It also writes the process's file
# periodically, so a run that is killed keeps its data.
import opcode
import os
import sys
import threading
import time

from . import clock
from .frames import USER_CODE

_perf = time.perf_counter

# Leaf frames of the standard library where a thread sits waiting, not running: left out of the hotspots
# (a thread parked on a queue is not a hot line), except on a loop thread inside a callback, where a wait
# blocks the loop and is exactly what the user needs to see.
_IDLE_LEAVES = {
    ("threading.py", "wait"),
    ("threading.py", "join"),
    ("threading.py", "_wait_for_tstate_lock"),
    ("selectors.py", "select"),
    ("queue.py", "get"),
    ("queues.py", "get"),
    ("connection.py", "wait"),
    ("connection.py", "poll"),
    ("connection.py", "_poll"),
    ("connection.py", "recv"),
    ("connection.py", "recv_bytes"),
    ("connection.py", "_recv"),
    ("connection.py", "_recv_bytes"),
    ("thread.py", "_worker"),
    ("socket.py", "accept"),
}
MAX_KEYS = 20000
# A frame stopped on a call instruction is inside the call: C code, a blocking call or a wait, which may
# run without the GIL. On any other instruction the thread was running bytecode when the sampler took the
# GIL from it, so it is waiting for the GIL now. Two or more such threads at one sample fight over it.
_CALL_OPS = frozenset(code for name, code in opcode.opmap.items() if name.startswith(("CALL", "PRECALL")))


class Sampler(threading.Thread):
    def __init__(self, state):
        super().__init__(name="concurrency-lens-probe", daemon=True)
        self.state = state
        self._stop_event = threading.Event()
        self._names = {}
        self._baseline = {}
        self._window_samples = {}

    def stop(self):
        self._stop_event.set()

    def run(self):
        state = self.state
        state.sampler_tid = threading.get_native_id()
        interval = state.sample_ms / 1000.0
        window = state.window_ms / 1000.0
        flush_every = state.flush_ms / 1000.0
        next_sample = _perf()
        next_window = next_sample + window
        next_flush = next_sample + flush_every
        self.roll_window(first=True)
        while not self._stop_event.is_set():
            next_sample += interval
            delay = next_sample - _perf()
            if delay > 0:
                if self._stop_event.wait(delay):
                    break
            else:
                next_sample = _perf()  # fell behind (the GIL was busy): skip rather than burst
            try:
                self.sample()
                now = _perf()
                if now >= next_window:
                    self.roll_window()
                    next_window = now + window
                if now >= next_flush:
                    state.flush("periodic")
                    next_flush = now + flush_every
            except Exception as error:  # keep sampling; note the first error for the report
                if state.error is None:
                    state.error = repr(error)

    def _name_of(self, ident):
        name = self._names.get(ident)
        if name is None:
            for t in threading.enumerate():
                self._names[t.ident] = (t.native_id, t.name)
            name = self._names.get(ident, (None, "thread-%d" % ident))
        return name

    def sample(self):
        state = self.state
        me = threading.get_ident()
        frames = sys._current_frames()
        now = _perf()
        state.sample_count += 1
        in_bytecode = 0
        for ident, frame in frames.items():
            if ident == me:
                continue
            tid, _name = self._name_of(ident)
            loop = state.loop_of_thread.get(tid) if tid is not None else None
            # A loop thread outside select() is running the loop: a wait there blocks every task.
            since = loop.busy_since if loop is not None else None
            in_callback = since is not None
            leaf = frame.f_code
            seen = self._window_samples.get(tid or ident)
            if seen is None:
                seen = self._window_samples[tid or ident] = [0, 0, 0]
            seen[0] += 1
            try:
                running = leaf.co_code[frame.f_lasti] not in _CALL_OPS
            except IndexError:
                running = False
            if running:
                in_bytecode += 1
                seen[2] += 1
            if not in_callback and (os.path.basename(leaf.co_filename), leaf.co_name) in _IDLE_LEAVES:
                continue
            # In Python code or in a call that does not show as a frame (C code, a blocking call, a wait for the GIL).
            seen[1] += 1
            f = USER_CODE.nearest(frame)
            if f is None:
                continue  # a library's own thread, no user code on its stack
            code = f.f_code
            name = getattr(code, "co_qualname", code.co_name)
            via = "" if f is frame else "%s.%s" % (os.path.splitext(os.path.basename(leaf.co_filename))[0], leaf.co_name)
            key = (tid or ident, code.co_filename, f.f_lineno, name, code.co_firstlineno, via)
            blocked = in_callback and (now - since) * 1000 >= state.block_ms
            counts = state.stacks.get(key)
            if counts is None:
                if len(state.stacks) >= MAX_KEYS:
                    continue
                counts = state.stacks[key] = [0, 0]
            counts[0] += 1
            if blocked:
                counts[1] += 1
            if loop is not None and loop.callback_samples is not None:
                site = (code.co_filename, f.f_lineno, name)
                loop.callback_samples[site] = loop.callback_samples.get(site, 0) + 1
        gil = state.gil
        gil[0] += 1
        if in_bytecode >= 1:
            gil[1] += 1
        if in_bytecode >= 2:
            gil[2] += 1
        gil[3] += in_bytecode

    def roll_window(self, first=False):
        state = self.state
        threads = clock.read_threads()
        times = os.times()
        # The window ends when the clocks were read, not when this call began. Reading /proc gives up the GIL
        # for every file, and a main thread that takes it back at every select() can keep the sampler waiting
        # for hundreds of ms, so a time taken before (or between) those reads pairs a short window with CPU the
        # program spent long after it. The CPU clocks read with the GIL held, and the time right after, agree.
        exact, now = clock.read_cpu_exact(list(threads), _perf)
        if now is None:
            now = _perf()
        for tid, cpu in exact.items():
            threads[tid] = (cpu, threads[tid][1])
        proc = (times.user + times.system) * 1000
        names = {}
        for t in threading.enumerate():
            if t.native_id is not None:
                names[t.native_id] = t.name
                self._names[t.ident] = (t.native_id, t.name)
        window_samples = self._window_samples
        self._window_samples = {}
        for tid, (cpu, rq) in threads.items():
            info = state.threads.get(tid)
            if info is None:
                # A thread's clock counts from the task's start: for the main thread that includes whatever ran
                # in the same process before exec (a pyenv shim, a launcher script), which is not the program's.
                self._baseline[tid] = (cpu, rq) if first else (0.0, 0.0)
                info = state.threads[tid] = {"tid": tid, "name": names.get(tid, ""), "firstMs": round((now - state.t0) * 1000, 1), "samples": 0, "activeSamples": 0, "bytecodeSamples": 0}
            elif names.get(tid):
                info["name"] = names[tid]
            c0, r0 = self._baseline.get(tid, (0.0, 0.0))
            info["cpuMs"] = round(cpu - c0, 3)
            info["runQueueMs"] = round(rq - r0, 3)
            info["lastMs"] = round((now - state.t0) * 1000, 1)
            seen = window_samples.get(tid)
            if seen is not None:
                info["samples"] += seen[0]
                info["activeSamples"] += seen[1]
                info["bytecodeSamples"] += seen[2]
        xfer = state.transfers
        if first:
            self._last_gil = list(state.gil)
            self._last_gc = state.gc_ms
            self._last_xfer = (xfer.pickle_bytes, xfer.shared_bytes)
            self._last_clock = threads
            self._last_proc = proc
            self._last_time = now
            self._last_loop = {}
            return
        ms = (now - self._last_time) * 1000
        per_thread = []
        for tid, (cpu, rq) in threads.items():
            c0, r0 = self._last_clock.get(tid, (0.0, 0.0))
            dc, dr = cpu - c0, rq - r0
            seen = window_samples.get(tid, (0, 0, 0))
            if dc + dr > 0.05 or seen[1] > 0:
                per_thread.append([tid, round(dc, 3), round(dr, 3), seen[0], seen[1], seen[2]])
        loops = []
        for stats in list(state.loops):
            run = stats.running_ms(now)
            last = self._last_loop.get(id(stats), (0.0, 0.0, 0.0, 0.0, 0.0))
            cur = (run, stats.select_ms, stats.io_wait_ms, stats.timer_wait_ms, stats.in_flight_ms)
            self._last_loop[id(stats)] = cur
            if cur[0] - last[0] <= 0 and not stats.lags:
                continue
            lags = sorted(stats.lags)
            stats.lags = []
            n = len(lags)
            loops.append([
                stats.tid,
                round(cur[0] - last[0], 3),
                round(cur[1] - last[1], 3),
                round(cur[2] - last[2], 3),
                round(cur[3] - last[3], 3),
                round(cur[4] - last[4], 3),
                stats.window_max_in_flight,
                round(lags[n // 2], 3) if n else None,
                round(lags[min(n - 1, int(n * 0.99))], 3) if n else None,
                round(lags[-1], 3) if n else None,
                n,
            ])
            stats.window_max_in_flight = 0
        gil = state.gil
        last_gil = self._last_gil
        self._last_gil = list(gil)
        # GC time and the bytes pickled for other processes or placed in shared_memory in this window:
        # two counters the process keeps anyway, read here so the report can draw them over time.
        gc_ms, last_gc = state.gc_ms, self._last_gc
        self._last_gc = gc_ms
        cur_xfer, last_xfer = (xfer.pickle_bytes, xfer.shared_bytes), self._last_xfer
        self._last_xfer = cur_xfer
        state.windows.append({
            "t": round((now - state.t0) * 1000, 1),
            "ms": round(ms, 3),
            "cpu": round(proc - self._last_proc, 3),
            "th": per_thread,
            "loops": loops,
            "gil": [gil[0] - last_gil[0], gil[2] - last_gil[2]],
            "gcMs": round(gc_ms - last_gc, 3),
            "xfer": [cur_xfer[0] - last_xfer[0], cur_xfer[1] - last_xfer[1]],
        })
        self._last_clock = threads
        self._last_proc = proc
        self._last_time = now
