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
