# The Python probe of Concurrency Lens: started by sitecustomize in every Python process of a profiled run
# (the runner sets CONCURRENCY_LENS_PROBE_DIR and puts the probe first on PYTHONPATH, which child processes
# inherit). Standard library only: it must run in whatever interpreter the user's program uses. Each
# process writes one JSON file, python-PID-START.json, periodically and at exit; the Node side
# (src/profiler/python/) reads them.
import atexit
import gc
import json
import os
import signal
import sys
import threading
import time

from . import clock, loops, transfers
from .sampler import Sampler
from .writer import write_json

FORMAT_VERSION = 1
_perf = time.perf_counter
_state = None


def _env_number(name, default, low, high):
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return min(high, max(low, value))


def _gil_enabled():
    """False on a free-threaded build running without the GIL (3.13t and later); True everywhere else."""
    check = getattr(sys, "_is_gil_enabled", None)
    if check is not None:
        try:
            return bool(check())
        except Exception:
            return True
    return True


class State:
    def __init__(self, directory):
        self.directory = directory
        self.sample_ms = _env_number("CONCURRENCY_LENS_PY_SAMPLE_MS", 10, 1, 1000)
        self.window_ms = _env_number("CONCURRENCY_LENS_PY_WINDOW_MS", 100, 20, 5000)
        self.flush_ms = _env_number("CONCURRENCY_LENS_PY_FLUSH_MS", 1000, 100, 60000)
        self.block_ms = _env_number("CONCURRENCY_LENS_BLOCK_MS", 50, 1, 60000)
        self.heartbeat_ms = _env_number("CONCURRENCY_LENS_PY_HEARTBEAT_MS", 10, 1, 1000)
        self.stall_ms = min(20.0, self.block_ms)
        self.transfers = transfers.Transfers()
        self.reset_process()

    def reset_process(self):
        """A new process: at start-up, and in the child after a fork, where the parent's data is not ours."""
        self.pid = os.getpid()
        self.t0 = _perf()
        self.epoch_ms = time.time() * 1000
        self.file = os.path.join(self.directory, "python-%d-%d.json" % (self.pid, time.time_ns()))
        self.loops = []
        self.loops_by_id = {}
        self.loop_of_thread = {}
        self.stacks = {}
        self.windows = []
        self.threads = {}
        self.sample_count = 0
        # samples; with a thread in bytecode; with two or more (contended); sum of threads in bytecode
        self.gil = [0, 0, 0, 0]
        self.sampler_tid = None
        self.gc_ms = 0.0
        self.gc_count = 0
        self.gc_started = None
        self.error = None
        self.ended = False
        self.transfers.reset()
        times = os.times()
        self.cpu_at_start = (times.user + times.system) * 1000
        # Children reaped before the probe started (a launcher's, before it exec'd Python) are not the program's.
        self.children_cpu_at_start = (times.children_user + times.children_system) * 1000
        self.main_tid = threading.main_thread().native_id if threading.current_thread() is threading.main_thread() else threading.get_native_id()
        self.sampler = None
        self.lock = threading.Lock()

    def snapshot(self, reason):
        now = _perf()
        times = os.times()
        try:
            import resource

            peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        except Exception:
            peak_rss = 0
        main_cpu = None
        if threading.get_native_id() == self.main_tid:
            main_cpu = round(time.thread_time() * 1000, 3)
        return {
            "kind": "python-probe",
            "formatVersion": FORMAT_VERSION,
            "pid": self.pid,
            "ppid": os.getppid(),
            "runId": os.environ.get("CONCURRENCY_LENS_RUN_ID", ""),
            "argv": list(sys.argv),
            "executable": sys.executable,
            "pythonVersion": "%d.%d.%d" % sys.version_info[:3],
            "implementation": sys.implementation.name,
            "gilEnabled": _gil_enabled(),
            "freeThreadedBuild": bool(__import__("sysconfig").get_config_var("Py_GIL_DISABLED")),
            "cores": os.cpu_count() or 1,
            "epochMs": round(self.epoch_ms, 3),
            "wallMs": round((now - self.t0) * 1000, 3),
            "ended": reason != "periodic",
            "reason": reason,
            "threadClock": "schedstat" if clock.schedstat_available() else "thread_time",
            "mainTid": self.main_tid,
            "samplerTid": self.sampler_tid,
            "cpuMs": round((times.user + times.system) * 1000 - self.cpu_at_start, 3),
            "childrenCpuMs": round((times.children_user + times.children_system) * 1000 - self.children_cpu_at_start, 3),
            "mainThreadTimeMs": main_cpu,
            "peakRss": peak_rss,
            "gc": {"ms": round(self.gc_ms, 3), "count": self.gc_count},
            "config": {"sampleMs": self.sample_ms, "windowMs": self.window_ms, "blockMs": self.block_ms, "heartbeatMs": self.heartbeat_ms},
            "threads": [dict(t) for t in list(self.threads.values())],
            "windows": list(self.windows),
            "loops": [l.to_json(now) for l in list(self.loops)],
            "transfers": self.transfers.to_json(),
            "gil": {"samples": self.gil[0], "running": self.gil[1], "contended": self.gil[2], "threadsInBytecode": self.gil[3]},
            "samples": {
                "count": self.sample_count,
                "stacks": [
                    {"tid": k[0], "file": k[1], "line": k[2], "function": k[3], "functionLine": k[4], "via": k[5], "n": v[0], "blocked": v[1]}
                    for k, v in list(self.stacks.items())
                ],
            },
            "error": self.error,
        }

    def flush(self, reason):
        if not self.lock.acquire(blocking=reason != "periodic"):
            return
        try:
            if self.ended and reason == "periodic":
                return
            data = self.snapshot(reason)
            write_json(self.file, data)
        except Exception as error:
            if self.error is None:
                self.error = repr(error)
        finally:
            self.lock.release()


def _final(reason):
    state = _state
    if state is None or state.ended or state.pid != os.getpid():
        return
    sampler = state.sampler
    if sampler is not None:
        sampler.stop()
        if sampler.is_alive() and threading.current_thread() is not sampler:
            sampler.join(0.5)
        try:
            sampler.roll_window()
        except Exception:
            pass
    state.flush(reason)
    state.ended = True


def _on_gc(phase, info):
    state = _state
    if state is None:
        return
    if phase == "start":
        state.gc_started = _perf()
    elif state.gc_started is not None:
        state.gc_ms += (_perf() - state.gc_started) * 1000
        state.gc_count += 1
        state.gc_started = None


def _on_sigterm(signum, frame):
    # The runner stops the tree with SIGTERM: write the data, then die of the signal as the program would have.
    _final("signal")
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _start_sampler(state):
    state.sampler = Sampler(state)
    state.sampler.start()


def _after_fork_in_child():
    state = _state
    if state is None:
        return
    state.reset_process()
    _start_sampler(state)


def _patch_multiprocessing_bootstrap(module):
    # A forked pool worker ends with os._exit(), which skips atexit: write the data when its target returns.
    cls = module.BaseProcess
    original = cls._bootstrap

    def _bootstrap(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        finally:
            _final("exit")

    cls._bootstrap = _bootstrap


def start():
    global _state
    if _state is not None:
        return
    directory = os.environ.get("CONCURRENCY_LENS_PROBE_DIR")
    if not directory:
        return
    os.makedirs(directory, exist_ok=True)
    _state = State(directory)
    transfers.install(_state.transfers)
    loops.install(_state)
    from .hooks import when_imported

    when_imported("multiprocessing.process", _patch_multiprocessing_bootstrap)
    gc.callbacks.append(_on_gc)
    atexit.register(_final, "exit")
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
        try:
            if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
                signal.signal(signal.SIGTERM, _on_sigterm)
        except (ValueError, OSError):
            pass
    _start_sampler(_state)
