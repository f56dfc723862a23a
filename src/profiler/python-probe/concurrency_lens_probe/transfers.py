# Data handed between processes: what multiprocessing and concurrent.futures pickle (every task, argument
# and result goes through ForkingPickler.dumps on the sending side and ForkingPickler.loads on the
# receiving one), the time the sender spends writing it to the pipe, and the bytes placed in
# multiprocessing.shared_memory blocks, which cross without a copy.
import sys
import time

from .frames import USER_CODE
from .hooks import when_imported

_perf = time.perf_counter


class Transfers:
    def __init__(self):
        self.reset()

    def reset(self):
        self.pickle_count = 0
        self.pickle_bytes = 0
        self.pickle_ms = 0.0
        self.largest_pickle = 0
        self.loads_count = 0
        self.loads_bytes = 0
        self.loads_ms = 0.0
        self.send_ms = 0.0
        self.shared_count = 0
        self.shared_bytes = 0
        # The user's lines that handed work to a process pool, by API: the pickling happens later in a
        # feeder thread with no user frame on its stack, so this is where the copy's cost is charged.
        self.sites = {}

    def note_site(self, api):
        frame = USER_CODE.nearest(sys._getframe(2))
        if frame is None:
            return
        code = frame.f_code
        key = (code.co_filename, frame.f_lineno, getattr(code, "co_qualname", code.co_name), code.co_firstlineno, api)
        if key in self.sites or len(self.sites) < 200:
            self.sites[key] = self.sites.get(key, 0) + 1

    def to_json(self):
        return {
            "pickleCount": self.pickle_count,
            "pickleBytes": self.pickle_bytes,
            "pickleMs": round(self.pickle_ms, 3),
            "largestPickle": self.largest_pickle,
            "loadsCount": self.loads_count,
            "loadsBytes": self.loads_bytes,
            "loadsMs": round(self.loads_ms, 3),
            "sendMs": round(self.send_ms, 3),
            "sharedCount": self.shared_count,
            "sharedBytes": self.shared_bytes,
            "sites": [
                {"file": k[0], "line": k[1], "function": k[2], "functionLine": k[3], "api": k[4], "calls": n}
                for k, n in list(self.sites.items())
            ],
        }


def install(transfers):
    def patch_reduction(module):
        pickler = module.ForkingPickler
        original_dumps = pickler.__dict__["dumps"].__func__
        original_loads = pickler.loads

        def dumps(cls, obj, protocol=None):
            t0 = _perf()
            buf = original_dumps(cls, obj, protocol)
            transfers.pickle_ms += (_perf() - t0) * 1000
            n = len(buf)
            transfers.pickle_count += 1
            transfers.pickle_bytes += n
            if n > transfers.largest_pickle:
                transfers.largest_pickle = n
            return buf

        def loads(data, *args, **kwargs):
            t0 = _perf()
            obj = original_loads(data, *args, **kwargs)
            transfers.loads_ms += (_perf() - t0) * 1000
            transfers.loads_count += 1
            try:
                transfers.loads_bytes += len(data)
            except TypeError:
                pass
            return obj

        pickler.dumps = classmethod(dumps)
        pickler.loads = staticmethod(loads)

    def patch_connection(module):
        conn = module._ConnectionBase
        original = conn.send_bytes

        def send_bytes(self, buf, offset=0, size=None):
            t0 = _perf()
            try:
                return original(self, buf, offset, size)
            finally:
                transfers.send_ms += (_perf() - t0) * 1000

        conn.send_bytes = send_bytes

    def patch_shared_memory(module):
        cls = module.SharedMemory
        original = cls.__init__

        def __init__(self, name=None, create=False, size=0, *args, **kwargs):
            original(self, name, create, size, *args, **kwargs)
            if create:
                transfers.shared_count += 1
                transfers.shared_bytes += self.size

        cls.__init__ = __init__

    def wrap_site(cls, name, api):
        original = getattr(cls, name)

        def call(self, *args, **kwargs):
            transfers.note_site(api)
            return original(self, *args, **kwargs)

        call.__name__ = original.__name__
        call.__qualname__ = original.__qualname__
        call.__doc__ = original.__doc__
        setattr(cls, name, call)

    def patch_futures_process(module):
        wrap_site(module.ProcessPoolExecutor, "submit", "ProcessPoolExecutor.submit")

    def patch_pool(module):
        wrap_site(module.Pool, "apply_async", "Pool.apply_async")
        wrap_site(module.Pool, "_map_async", "Pool.map")

    when_imported("concurrent.futures.process", patch_futures_process)
    when_imported("multiprocessing.pool", patch_pool)
    when_imported("multiprocessing.reduction", patch_reduction)
    when_imported("multiprocessing.connection", patch_connection)
    when_imported("multiprocessing.shared_memory", patch_shared_memory)
