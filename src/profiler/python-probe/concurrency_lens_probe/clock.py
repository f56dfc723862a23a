# Per-thread CPU and run-queue time. On Linux every thread's clock is readable from outside it in
# /proc/self/task/TID/schedstat (ns on CPU, ns waiting on a run queue), which is what lets one sampler
# thread see how the program's threads share the cores. Elsewhere only the calling thread's own clock
# (time.thread_time) exists, so per-thread CPU is reported for the threads that read it themselves.
import os
import time

_TASKS = "/proc/self/task"


def schedstat_available():
    try:
        with open("%s/%d/schedstat" % (_TASKS, os.getpid()), "rb") as f:
            return len(f.read().split()) >= 2
    except OSError:
        return False


def read_threads():
    """{native tid: (cpu ms, run-queue ms)} for every thread of this process; {} where /proc is missing."""
    out = {}
    try:
        tids = os.listdir(_TASKS)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("%s/%s/schedstat" % (_TASKS, tid), "rb") as f:
                fields = f.read().split()
            out[int(tid)] = (int(fields[0]) / 1e6, int(fields[1]) / 1e6)
        except (OSError, ValueError, IndexError):
            continue  # the thread ended between the listing and the read
    return out


def _thread_cpu_clock(tid):
    # Linux encodes another thread's CPU clock as a clock id (MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED) in the
    # kernel); any thread of the same process may read it. It counts what schedstat's first field counts.
    return ((~tid) << 3) | 6


def read_cpu_exact(tids, perf):
    """({tid: cpu ms}, time) read together; ({}, None) where thread CPU clocks cannot be read.

    time.clock_gettime keeps the GIL, unlike reading /proc, so these clocks and the time taken right after them
    describe one moment; a read the OS interrupted (the bracket grew past 1 ms) is taken again, twice at most.
    A thread that ended since it was listed has no clock any more and is left out.
    """
    if not hasattr(time, "clock_gettime"):
        return {}, None
    out, now = {}, None
    for _ in range(3):
        out = {}
        start = perf()
        for tid in tids:
            try:
                out[tid] = time.clock_gettime(_thread_cpu_clock(tid)) * 1000
            except (OSError, OverflowError, ValueError):
                continue
        now = perf()
        if now - start <= 0.001:
            break
    return out, now
