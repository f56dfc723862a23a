// What the detectors of threads and process pools (detectors/pools.ts) need to know, as data: which calls hand a
// function to a thread or to a process, which executors are which, which pools are expensive to start, and what
// counts as pure-Python CPU work (code that holds the GIL the whole time it runs).

/** Library functions that run their first argument on a thread: the GIL is shared with the event loop's thread. */
export const THREAD_HANDOFF_FUNCTIONS = new Set([
  'asyncio.to_thread',
  'anyio.to_thread.run_sync',
  'starlette.concurrency.run_in_threadpool',
  'fastapi.concurrency.run_in_threadpool',
  'asgiref.sync.sync_to_async',
]);

/** Executor and pool classes (as PYTHON_CONSTRUCTORS names them) by where their tasks run. */
export const EXECUTOR_KIND: Record<string, 'thread' | 'process'> = {
  ThreadPoolExecutor: 'thread',
  ProcessPoolExecutor: 'process',
  Pool: 'process',
};

/** An executor known only by its name: `process_pool`, `self._proc_executor`, `thread_pool`. */
export const PROCESS_EXECUTOR_NAME = /process|(^|_)procs?(_|$)|(^|_)mp(_|$)/i;
export const THREAD_EXECUTOR_NAME = /thread/i;

/** Methods of an executor or pool that take the task's function first. */
export const TASK_METHODS = new Set(['submit', 'map', 'starmap', 'imap', 'imap_unordered', 'apply', 'apply_async', 'map_async', 'starmap_async']);

/** Pools that start worker processes when created: each a new interpreter that imports the program again. */
export const PROCESS_POOL_CLASSES = new Set(['ProcessPoolExecutor', 'Pool']);

/**
 * Builtins that compute without I/O. A function that loops and calls only these, pure methods and pure modules is
 * pure-Python CPU work. `print` and `open` are left out: they do I/O.
 */
export const PURE_BUILTINS = new Set([
  'abs', 'all', 'any', 'bin', 'bool', 'bytes', 'chr', 'dict', 'divmod', 'enumerate', 'filter', 'float', 'format', 'frozenset',
  'hash', 'hex', 'int', 'isinstance', 'iter', 'len', 'list', 'map', 'max', 'min', 'next', 'oct', 'ord', 'pow', 'range',
  'repr', 'reversed', 'round', 'set', 'sorted', 'str', 'sum', 'tuple', 'zip',
]);

/**
 * Methods of str, bytes, list, dict, set and the collections types: pure computation on values in memory. A method
 * not listed (`session.execute`, `client.get`) may do I/O, so a function that calls one is not judged CPU work.
 */
export const PURE_METHODS = new Set([
  'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'copy', 'count', 'index', 'sort', 'reverse',
  'get', 'items', 'keys', 'values', 'setdefault', 'update', 'add', 'discard', 'union', 'intersection', 'difference',
  'split', 'rsplit', 'splitlines', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'casefold', 'title', 'join', 'replace',
  'startswith', 'endswith', 'find', 'rfind', 'isalpha', 'isdigit', 'isalnum', 'isspace', 'encode', 'decode', 'format',
  'partition', 'rpartition', 'zfill', 'ljust', 'rjust', 'center', 'translate', 'most_common', 'elements', 'appendleft',
  'popleft', 'findall', 'finditer', 'match', 'search', 'fullmatch', 'sub', 'subn', 'group', 'groups',
]);

/** Standard modules whose functions compute in memory, holding the GIL (`re` and `json` are C, and still hold it). */
export const PURE_MODULES = new Set([
  'math', 're', 'json', 'itertools', 'functools', 'collections', 'statistics', 'heapq', 'bisect', 'string', 'unicodedata',
  'operator', 'random', 'difflib', 'textwrap', 'fractions', 'decimal', 'cmath',
]);

// ---------------------------------------------------------------- large task arguments (detectors/process-copies.ts)

/**
 * From this size a task argument is worth the shared-memory route: the seed article measures pickling a 10 MB NumPy
 * array there and back at 18 ms against 4 ms through `multiprocessing.shared_memory`, while at 1 MB the two are even.
 */
export const LARGE_TASK_BYTES = 4 * 1024 * 1024;

/** NumPy functions that allocate an array from a shape (first argument, or `size=`): `np.zeros((1000, 1000))`. */
export const NUMPY_SHAPED = new Set([
  'numpy.zeros', 'numpy.ones', 'numpy.empty', 'numpy.full',
  'numpy.random.random', 'numpy.random.random_sample', 'numpy.random.standard_normal', 'numpy.random.sample',
]);
/** NumPy functions that take the dimensions one by one: `np.random.rand(1000, 1000)`. */
export const NUMPY_DIMENSIONS = new Set(['numpy.random.rand', 'numpy.random.randn']);
/** NumPy functions that take the shape as `size=` only: `np.random.normal(0, 1, size=(4096, 4096))`. */
export const NUMPY_SIZED = new Set(['numpy.random.normal', 'numpy.random.uniform', 'numpy.random.randint', 'numpy.random.standard_normal']);
/** NumPy functions that read a whole array from a file: its size is the file's, and the worker could read it itself. */
export const NUMPY_FILE_READS = new Set(['numpy.load', 'numpy.fromfile']);
/** NumPy functions that return an array the size of their first argument. */
export const NUMPY_SAME_SIZE = new Set(['numpy.asarray', 'numpy.array', 'numpy.ascontiguousarray', 'numpy.copy', 'numpy.frombuffer', 'numpy.asanyarray']);
/** Methods of an array (or bytes) that return a value as large as the receiver: `arr.tobytes()`, `arr.reshape(...)`. */
export const SAME_SIZE_METHODS = new Set(['tobytes', 'copy', 'reshape', 'ravel', 'flatten', 'view', 'transpose', 'squeeze']);
/** Library functions that make `n` random bytes: `os.urandom(n)`. */
export const RANDOM_BYTES = new Set(['os.urandom', 'secrets.token_bytes', 'random.randbytes']);

/** Bytes per element by dtype name (`np.float32`, `"uint8"`) or `array.array` type code; NumPy's default is float64. */
export const ITEM_SIZES: Record<string, number> = {
  float64: 8, double: 8, float_: 8, int64: 8, uint64: 8, int_: 8, complex64: 8, complex128: 16, float32: 4, single: 4,
  int32: 4, uint32: 4, float16: 2, half: 2, int16: 2, uint16: 2, int8: 1, uint8: 1, bool_: 1, bool: 1, byte: 1, ubyte: 1,
  f8: 8, f4: 4, f2: 2, i8: 8, i4: 4, i2: 2, i1: 1, u8: 8, u4: 4, u2: 2, u1: 1,
  // array.array type codes
  b: 1, B: 1, u: 4, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, f: 4, d: 8,
};

// ---------------------------------------------------------------- fork after threads (detectors/fork-start.ts)

/** What starts worker processes with the default start method (fork on Linux before Python 3.14), by library path. */
export const FORKING_CONSTRUCTORS = new Set([
  'multiprocessing.Process', 'multiprocessing.Pool', 'multiprocessing.pool.Pool', 'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures.process.ProcessPoolExecutor',
]);

/** The keyword, and the position, that give each constructor a start method of its own (a context). */
export const CONTEXT_ARGUMENT: Record<string, { keyword: string; position?: number }> = {
  'multiprocessing.Process': { keyword: '__none__' },
  'multiprocessing.Pool': { keyword: 'context', position: 4 },
  'multiprocessing.pool.Pool': { keyword: 'context', position: 4 },
  'concurrent.futures.ProcessPoolExecutor': { keyword: 'mp_context', position: 1 },
  'concurrent.futures.process.ProcessPoolExecutor': { keyword: 'mp_context', position: 1 },
};

/** Calls that start a thread at once or leave threads running in the process. */
export const THREAD_STARTERS = new Set(['threading.Thread', 'threading.Timer']);
/** Thread pools: their threads stay alive, parked on the pool's queue, until shutdown. */
export const THREAD_POOL_MAKERS = new Set(['concurrent.futures.ThreadPoolExecutor', 'multiprocessing.pool.ThreadPool', 'multiprocessing.dummy.Pool']);
/** Calls that run a function on the event loop's default executor, a thread pool that stays alive afterwards. */
export const DEFAULT_EXECUTOR_CALLS = new Set(['asyncio.to_thread']);
/** torch.cuda functions that initialise CUDA in the process (not `is_available()` or `device_count()`, which do not). */
export const CUDA_INIT = new Set(['torch.cuda.init', 'torch.cuda.set_device', 'torch.cuda.current_device', 'torch.cuda.synchronize', 'torch.cuda.mem_get_info']);
