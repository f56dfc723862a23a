// The Python section of the catalogue of calls that block the calling thread: data only, like
// ../blocking-apis.ts for Node. The walker resolves what a callee refers to (through `import x`, `import x as z`,
// `from x import y`, and instances made by a catalogued constructor such as `httpx.Client()`), then looks it up
// here, so a project's own `sleep()` or `get()` never matches.
import type { BlockCost } from '../blocking-apis';
import type { RuleId } from '../rules';

export interface PythonBlockingApi {
  /** The module as imported: `time`, `os.path`, `urllib.request`; `builtins` for `open`. */
  module: string;
  /** The function, or the method when `className` is set. */
  name: string;
  /** Set for methods of instances made by a catalogued constructor (see PYTHON_CONSTRUCTORS). */
  className?: string;
  rule: RuleId;
  /** What to write instead, as it reads in a message. */
  instead: string;
  /** Default `bulk`; `metadata` is one small system call, reported as a note; `input`: computes over its first argument. */
  cost?: BlockCost;
}

/** The advice for blocking I/O that has no asyncio twin: run it on a thread. */
const TO_THREAD = 'await asyncio.to_thread(...)';

/** The advice for pure-Python CPU work: a thread would hold the GIL, so the loop's thread would still wait. */
const PROCESS_POOL = 'loop.run_in_executor(process_pool, ...) with a ProcessPoolExecutor created once';

const api = (module: string, names: string[], rule: RuleId, instead: string, cost?: BlockCost, className?: string): PythonBlockingApi[] =>
  names.map((name) => ({ module, name, rule, instead, ...(cost && { cost }), ...(className && { className }) }));

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

export const PYTHON_BLOCKING_APIS: readonly PythonBlockingApi[] = [
  ...api('time', ['sleep'], 'no-sync-io-in-hot-path', 'await asyncio.sleep(...)'),
  // HTTP clients whose calls wait for the network on the calling thread.
  ...api('requests', HTTP_VERBS, 'no-sync-io-in-hot-path', 'an async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(...)'),
  ...api('requests', HTTP_VERBS, 'no-sync-io-in-hot-path', 'an async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(...)', undefined, 'Session'),
  ...api('httpx', [...HTTP_VERBS, 'stream'], 'no-sync-io-in-hot-path', 'httpx.AsyncClient and await'),
  ...api('httpx', [...HTTP_VERBS, 'send', 'stream'], 'no-sync-io-in-hot-path', 'httpx.AsyncClient and await', undefined, 'Client'),
  ...api('urllib.request', ['urlopen', 'urlretrieve'], 'no-sync-io-in-hot-path', 'an async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(...)'),
  ...api('urllib3', HTTP_VERBS, 'no-sync-io-in-hot-path', 'an async client (httpx.AsyncClient, aiohttp)', undefined, 'PoolManager'),
  // Files. open() stands for the whole read or write that follows it.
  ...api('builtins', ['open'], 'no-sync-io-in-hot-path', 'aiofiles.open(...) or await asyncio.to_thread(...)'),
  ...api('pathlib', ['read_text', 'read_bytes', 'write_text', 'write_bytes', 'open', 'iterdir', 'glob', 'rglob', 'unlink', 'rmdir', 'rename', 'replace', 'touch'],
    'no-sync-io-in-hot-path', TO_THREAD, undefined, 'Path'),
  ...api('pathlib', ['exists', 'is_file', 'is_dir', 'stat', 'mkdir'], 'no-sync-io-in-hot-path', TO_THREAD, 'metadata', 'Path'),
  ...api('os', ['listdir', 'scandir', 'walk', 'remove', 'unlink', 'rename', 'replace', 'rmdir', 'removedirs', 'system', 'popen', 'read', 'write', 'fsync'],
    'no-sync-io-in-hot-path', TO_THREAD),
  ...api('os', ['stat', 'lstat', 'mkdir', 'makedirs', 'access', 'chmod'], 'no-sync-io-in-hot-path', TO_THREAD, 'metadata'),
  ...api('os.path', ['exists', 'isfile', 'isdir', 'getsize', 'getmtime', 'lexists'], 'no-sync-io-in-hot-path', TO_THREAD, 'metadata'),
  ...api('shutil', ['copy', 'copy2', 'copyfile', 'copytree', 'rmtree', 'move', 'make_archive', 'unpack_archive', 'disk_usage'], 'no-sync-io-in-hot-path', TO_THREAD),
  ...api('glob', ['glob', 'iglob'], 'no-sync-io-in-hot-path', TO_THREAD),
  // Child processes waited for on the calling thread.
  ...api('subprocess', ['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput'], 'no-sync-io-in-hot-path',
    'await asyncio.create_subprocess_exec(...) and await proc.communicate()'),
  ...api('subprocess', ['wait', 'communicate'], 'no-sync-io-in-hot-path', 'asyncio.create_subprocess_exec(...) and await proc.wait()', undefined, 'Popen'),
  // Synchronous database drivers: connecting and every query wait on the socket or the disk.
  ...api('sqlite3', ['connect'], 'no-sync-io-in-hot-path', 'aiosqlite or await asyncio.to_thread(...)'),
  ...api('sqlite3', ['execute', 'executemany', 'executescript', 'commit'], 'no-sync-io-in-hot-path', 'aiosqlite or await asyncio.to_thread(...)', undefined, 'Connection'),
  ...api('sqlite3', ['execute', 'executemany', 'executescript'], 'no-sync-io-in-hot-path', 'aiosqlite or await asyncio.to_thread(...)', undefined, 'Cursor'),
  ...api('psycopg2', ['connect'], 'no-sync-io-in-hot-path', 'psycopg 3 AsyncConnection or asyncpg'),
  ...api('psycopg2', ['commit'], 'no-sync-io-in-hot-path', 'psycopg 3 AsyncConnection or asyncpg', undefined, 'Connection'),
  ...api('psycopg2', ['execute', 'executemany'], 'no-sync-io-in-hot-path', 'psycopg 3 AsyncConnection or asyncpg', undefined, 'Cursor'),
  ...api('pymysql', ['connect'], 'no-sync-io-in-hot-path', 'aiomysql or asyncmy'),
  ...api('pymysql', ['commit'], 'no-sync-io-in-hot-path', 'aiomysql or asyncmy', undefined, 'Connection'),
  ...api('pymysql', ['execute', 'executemany'], 'no-sync-io-in-hot-path', 'aiomysql or asyncmy', undefined, 'Cursor'),
  // Key derivation and password hashing: deliberately slow CPU work.
  ...api('hashlib', ['pbkdf2_hmac', 'scrypt'], 'no-blocking-crypto-in-hot-path', 'await asyncio.to_thread(...) (hashlib releases the GIL), or a process pool'),
  ...api('bcrypt', ['hashpw', 'checkpw', 'kdf'], 'no-blocking-crypto-in-hot-path', 'await asyncio.to_thread(...) (bcrypt releases the GIL)'),
  // Libraries that compute over their input (a note: the code rarely shows how large it is). Pure-Python parsers hold
  // the GIL for the whole parse, and so does ElementTree's expat parser: a thread only moves the wait, the fix is a
  // process pool. tiktoken (openai/tiktoken src/py.rs: encode and decode run in `py.detach`) and lxml (its FAQ: it
  // frees the GIL while parsing) do their work in native code without the GIL, so a thread is enough.
  ...api('bs4', ['BeautifulSoup'], 'no-cpu-heavy-library-in-hot-path', PROCESS_POOL, 'input'),
  ...api('markdown', ['markdown'], 'no-cpu-heavy-library-in-hot-path', PROCESS_POOL, 'input'),
  ...api('markdownify', ['markdownify'], 'no-cpu-heavy-library-in-hot-path', PROCESS_POOL, 'input'),
  ...api('html2text', ['html2text'], 'no-cpu-heavy-library-in-hot-path', PROCESS_POOL, 'input'),
  ...api('yaml', ['load', 'safe_load', 'full_load', 'load_all', 'safe_load_all', 'dump', 'safe_dump'], 'no-cpu-heavy-library-in-hot-path', PROCESS_POOL, 'input'),
  ...api('xml.etree.ElementTree', ['fromstring', 'XML', 'parse'], 'no-cpu-heavy-library-in-hot-path', PROCESS_POOL, 'input'),
  ...api('lxml.html', ['fromstring', 'document_fromstring', 'parse'], 'no-cpu-heavy-library-in-hot-path', TO_THREAD, 'input'),
  ...api('lxml.etree', ['fromstring', 'XML', 'parse'], 'no-cpu-heavy-library-in-hot-path', TO_THREAD, 'input'),
  ...api('nltk', ['word_tokenize', 'sent_tokenize'], 'no-cpu-heavy-library-in-hot-path', PROCESS_POOL, 'input'),
  ...api('tiktoken', ['encode', 'encode_ordinary', 'encode_batch', 'decode'], 'no-cpu-heavy-library-in-hot-path', TO_THREAD, 'input', 'Encoding'),
];

/**
 * Calls that make an instance of a catalogued class: what they return is tracked, so `client.get()` is looked up
 * as `httpx.Client.get`. `module`/`name` is the constructor or factory, `className` the class of its product.
 */
export const PYTHON_CONSTRUCTORS: ReadonlyArray<{ module: string; name: string; className: string; classModule?: string }> = [
  { module: 'requests', name: 'Session', className: 'Session' },
  { module: 'requests', name: 'session', className: 'Session' },
  { module: 'httpx', name: 'Client', className: 'Client' },
  { module: 'urllib3', name: 'PoolManager', className: 'PoolManager' },
  { module: 'pathlib', name: 'Path', className: 'Path' },
  { module: 'pathlib', name: 'PurePath', className: 'PurePath' },
  { module: 'subprocess', name: 'Popen', className: 'Popen' },
  { module: 'sqlite3', name: 'connect', className: 'Connection' },
  { module: 'psycopg2', name: 'connect', className: 'Connection' },
  { module: 'pymysql', name: 'connect', className: 'Connection' },
  { module: 'tiktoken', name: 'get_encoding', className: 'Encoding' },
  { module: 'tiktoken', name: 'encoding_for_model', className: 'Encoding' },
  { module: 'concurrent.futures', name: 'ThreadPoolExecutor', className: 'ThreadPoolExecutor' },
  { module: 'concurrent.futures', name: 'ProcessPoolExecutor', className: 'ProcessPoolExecutor' },
  { module: 'multiprocessing', name: 'Pool', className: 'Pool' },
  // `with open(p) as f: f.read(4)`: a file object, whose methods are never the project's (open() itself is the blocking call).
  { module: 'builtins', name: 'open', className: 'IO' },
];

/** Methods of a catalogued instance that return another: `conn.cursor()` is a Cursor, `Path.parent` / `path / x` stay Paths. */
export const PYTHON_METHOD_PRODUCTS: ReadonlyArray<{ module: string; className: string; name: string; product: string }> = [
  { module: 'sqlite3', className: 'Connection', name: 'cursor', product: 'Cursor' },
  { module: 'sqlite3', className: 'Connection', name: 'execute', product: 'Cursor' },
  { module: 'psycopg2', className: 'Connection', name: 'cursor', product: 'Cursor' },
  { module: 'pymysql', className: 'Connection', name: 'cursor', product: 'Cursor' },
  { module: 'pathlib', className: 'Path', name: 'resolve', product: 'Path' },
  { module: 'pathlib', className: 'Path', name: 'joinpath', product: 'Path' },
  { module: 'pathlib', className: 'Path', name: 'with_suffix', product: 'Path' },
  { module: 'pathlib', className: 'Path', name: 'with_name', product: 'Path' },
];

/** Module aliases that name the same API: `os.path` is also `posixpath`; `from os import path`. */
export const PYTHON_MODULE_ALIASES: Record<string, string> = { posixpath: 'os.path', ntpath: 'os.path' };

const byKey = new Map<string, PythonBlockingApi>(PYTHON_BLOCKING_APIS.map((a) => [`${a.module}|${a.className ?? ''}|${a.name}`, a]));

export function lookupPythonBlockingApi(module: string, name: string, className?: string): PythonBlockingApi | undefined {
  return byKey.get(`${PYTHON_MODULE_ALIASES[module] ?? module}|${className ?? ''}|${name}`);
}

export function pythonConstructor(module: string, name: string): string | undefined {
  return PYTHON_CONSTRUCTORS.find((c) => c.module === (PYTHON_MODULE_ALIASES[module] ?? module) && c.name === name)?.className;
}

export function pythonMethodProduct(module: string, className: string, name: string): string | undefined {
  return PYTHON_METHOD_PRODUCTS.find((p) => p.module === module && p.className === className && p.name === name)?.product;
}
