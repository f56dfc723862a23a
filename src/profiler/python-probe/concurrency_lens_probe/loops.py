# asyncio event loops, measured from inside: a heartbeat timer in every running loop gives the loop's lag
# (how late a callback due now actually runs), the selector's select() is timed to split the loop's time
# into running callbacks (busy) and waiting, and the wait into waiting with sockets outstanding (I/O),
# with only timers pending, or with nothing at all (idle). Every callback is timed too, so one that holds
# the loop for longer than the blocking threshold is kept with the line the sampler saw it running.
import threading
import time

from .hooks import when_imported

_perf = time.perf_counter
# Reader callbacks of sockets that are not work in flight: the loop's own wake-up pipe and listening servers.
_NOT_IN_FLIGHT = frozenset(("_read_from_self", "_accept_connection"))
MAX_STALLS = 2000
MAX_SLOW = 200


class LoopStats:
    def __init__(self, state, loop):
        self.state = state
        self.tid = threading.get_native_id()
        self.started = _perf()
        self.ended = None
        self.select_ms = 0.0
        self.io_wait_ms = 0.0
        self.timer_wait_ms = 0.0
        self.in_flight_ms = 0.0  # operations outstanding × ms, while waiting on I/O
        self.max_in_flight = 0
        self.window_max_in_flight = 0
        self.lags = []  # this window's heartbeat lags, ms; the sampler takes and clears them
        self.beats = 0
        self.stalls = []  # [start ms since probe start, lag ms]
        self.callback_started = None
        # When the loop last came out of select(): None while it waits in select().
        self.busy_since = self.started
        self.callback_samples = None
        self.slow = {}
        self.heartbeat = None
        self._loop = loop

    def running_ms(self, now):
        return ((self.ended if self.ended is not None else now) - self.started) * 1000

    def to_json(self, now):
        slow = sorted(self.slow.values(), key=lambda s: -s["totalMs"])[:50]
        return {
            "tid": self.tid,
            "startMs": round((self.started - self.state.t0) * 1000, 3),
            "endMs": round(((self.ended or now) - self.state.t0) * 1000, 3),
            "running": self.ended is None,
            "beats": self.beats,
            "selectMs": round(self.select_ms, 3),
            "ioWaitMs": round(self.io_wait_ms, 3),
            "timerWaitMs": round(self.timer_wait_ms, 3),
            "inFlightMs": round(self.in_flight_ms, 3),
            "maxInFlight": self.max_in_flight,
            "stalls": self.stalls,
            "slowCallbacks": slow,
        }


def _pending(loop, selector_map):
    """Sockets with work outstanding, and whether any timer other than the heartbeat is due."""
    in_flight = 0
    for key in selector_map.values():
        data = key.data
        handles = data if isinstance(data, tuple) else (data,)
        names = [getattr(getattr(h, "_callback", None), "__name__", "") for h in handles if h is not None]
        if names and all(n in _NOT_IN_FLIGHT for n in names):
            continue
        in_flight += 1
    return in_flight


def _describe_callback(callback):
    """(file, def line, name) of the code a handle runs: a task's coroutine, or the plain function."""
    owner = getattr(callback, "__self__", None)
    coro = None
    get_coro = getattr(owner, "get_coro", None)
    if get_coro is not None:
        try:
            coro = get_coro()
        except Exception:
            coro = None
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    if code is None:
        func = getattr(callback, "__func__", callback)
        code = getattr(func, "__code__", None)
    if code is None:
        return ("<unknown>", 0, getattr(callback, "__qualname__", repr(callback)[:80]))
    return (code.co_filename, code.co_firstlineno, getattr(code, "co_qualname", code.co_name))


def install(state):
    heartbeat_s = state.heartbeat_ms / 1000.0

    def start_heartbeat(loop, stats):
        def beat(expected):
            now = loop.time()
            lag = max(0.0, (now - expected) * 1000)
            stats.lags.append(lag)
            stats.beats += 1
            if lag >= state.stall_ms and len(stats.stalls) < MAX_STALLS:
                start = _perf() - lag / 1000 - state.t0
                stats.stalls.append([round(start * 1000, 3), round(lag, 3)])
            stats.heartbeat = loop.call_at(now + heartbeat_s, beat, now + heartbeat_s)

        first = loop.time() + heartbeat_s
        stats.heartbeat = loop.call_at(first, beat, first)

    def wrap_selector(loop, stats):
        selector = getattr(loop, "_selector", None)
        if selector is None or getattr(selector, "_concurrency_lens", False):
            return
        original = selector.select

        def select(timeout=None):
            try:
                in_flight = _pending(loop, selector.get_map())
            except Exception:
                in_flight = 0
            timers = len(getattr(loop, "_scheduled", ())) - (1 if stats.heartbeat is not None else 0)
            t0 = _perf()
            stats.busy_since = None
            try:
                return original(timeout)
            finally:
                stats.busy_since = _perf()
                ms = (stats.busy_since - t0) * 1000
                stats.select_ms += ms
                if in_flight > 0:
                    stats.io_wait_ms += ms
                    stats.in_flight_ms += in_flight * ms
                    if in_flight > stats.max_in_flight:
                        stats.max_in_flight = in_flight
                    if in_flight > stats.window_max_in_flight:
                        stats.window_max_in_flight = in_flight
                elif timers > 0:
                    stats.timer_wait_ms += ms

        try:
            selector.select = select
            selector._concurrency_lens = True
        except AttributeError:
            pass

    def patch_base_events(module):
        cls = module.BaseEventLoop
        original_run_forever = cls.run_forever

        def run_forever(self):
            stats = state.loops_by_id.get(id(self))
            if stats is None or stats._loop is not self:
                stats = LoopStats(state, self)
                state.loops_by_id[id(self)] = stats
                state.loops.append(stats)
            else:
                stats.ended = None
            state.loop_of_thread[stats.tid] = stats
            wrap_selector(self, stats)
            start_heartbeat(self, stats)
            try:
                return original_run_forever(self)
            finally:
                if stats.heartbeat is not None:
                    stats.heartbeat.cancel()
                    stats.heartbeat = None
                stats.ended = _perf()
                state.loop_of_thread.pop(stats.tid, None)

        cls.run_forever = run_forever

    def patch_events(module):
        handle = module.Handle
        original_run = handle._run

        def _run(self):
            stats = state.loop_of_thread.get(threading.get_native_id())
            if stats is None or stats.callback_started is not None:
                return original_run(self)
            t0 = _perf()
            stats.callback_started = t0
            stats.callback_samples = {}
            try:
                return original_run(self)
            finally:
                ms = (_perf() - t0) * 1000
                samples = stats.callback_samples
                stats.callback_started = None
                stats.callback_samples = None
                if ms >= state.block_ms:
                    file, def_line, name = _describe_callback(self._callback)
                    line = def_line
                    if samples:
                        (s_file, s_line, s_name), _n = max(samples.items(), key=lambda kv: kv[1])
                        file, line, name = s_file, s_line, s_name
                    key = "%s:%d" % (file, line)
                    slow = stats.slow.get(key)
                    if slow is None and len(stats.slow) < MAX_SLOW:
                        slow = stats.slow[key] = {"file": file, "line": line, "function": name, "defLine": def_line, "count": 0, "totalMs": 0.0, "maxMs": 0.0}
                    if slow is not None:
                        slow["count"] += 1
                        slow["totalMs"] = round(slow["totalMs"] + ms, 3)
                        slow["maxMs"] = round(max(slow["maxMs"], ms), 3)

        handle._run = _run

    when_imported("asyncio.events", patch_events)
    when_imported("asyncio.base_events", patch_base_events)
