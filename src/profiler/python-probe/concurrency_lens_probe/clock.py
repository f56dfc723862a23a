# Per-thread CPU and run-queue time. On Linux every thread's clock is readable from outside it in
# /proc/self/task/TID/schedstat (ns on CPU, ns waiting on a run queue), which is what lets one sampler
# thread see how the program's threads share the cores. Elsewhere only the calling thread's own clock
# (time.thread_time) exists, so per-thread CPU is reported for the threads that read it themselves.
import os

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
