// What a name in the analysed code refers to, as far as the analysis cares. Bindings are plain data so a
// file's facts can be cached and linked to other files' facts without keeping syntax trees around.

export type Binding =
  | { kind: 'node-module'; module: string }
  | { kind: 'node-member'; module: string; name: string }
  /** An instance of a Node class whose methods are in the catalogue, e.g. the fs.Dir from opendirSync. */
  | { kind: 'node-instance'; module: string; className: string }
  /** A method of a Node class or global namespace: Dir#readSync, Atomics.wait, process.nextTick. */
  | { kind: 'node-method'; module: string; className: string; name: string }
  | { kind: 'global'; name: string }
  /** A third-party package the catalogue knows (bcrypt, fs-extra, execa...), and a member of it by dotted path. */
  | { kind: 'package'; module: string }
  | { kind: 'package-member'; module: string; name: string }
  /**
   * `hidesPromise`: reached through a wrapper that runs f but does not hand back f's promise: `callbackify(f)` answers
   * through a callback, Overleaf's `expressify(f)` passes f's failure to `next`. A call of it returns no promise to drop.
   */
  | { kind: 'fn'; id: string; hidesPromise?: true }
  /**
   * `fields` holds what instance fields are known to be: `private readonly repo: Repo` (a parameter property) or `= new
   * Repo()`. `statics`: static methods, apart from instance ones, since a class may have both of one name (parse-server's
   * `get app()` and `static app(options)`); absent when there are none.
   */
  | { kind: 'class'; name: string; methods: Map<string, Binding>; fields: Map<string, Binding>; base?: Binding; statics?: Map<string, Binding> }
  | { kind: 'instance'; of: Binding }
  /** A promise of a library instance (a field annotated `Promise<FeatureExtractionPipeline>`): awaiting it gives `of`. */
  | { kind: 'promise'; of: Binding }
  | { kind: 'object'; members: Map<string, Binding> }
  | { kind: 'project-module'; file: string }
  | { kind: 'project-export'; file: string; name: string }
  /** A member of something only another file can tell us about; resolved when the project is linked. */
  | { kind: 'member'; of: Binding; name: string }
  | { kind: 'regex'; source: string; flags: string }
  /** `value`: a string literal's text, for what a table of module paths holds (FileFacts.moduleTableCalls). */
  | { kind: 'string-const'; value?: string }
  | { kind: 'number-const'; value: number }
  | { kind: 'binary'; shared: boolean; bytes?: number; type: string }
  /** Declared here, but nothing we track: it shadows outer names. */
  | { kind: 'opaque' };

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent: Scope | undefined) {}

  declare(name: string, binding: Binding): void {
    this.names.set(name, binding);
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return b;
    }
    return undefined;
  }

  hasOwn(name: string): boolean {
    return this.names.has(name);
  }
}

/** The key to look up a name with no binding in the walker's per-binding WeakMaps and WeakSets: never found. */
export const NO_BINDING: Binding = { kind: 'opaque' };

/** Globals the detectors know by name when nothing in scope shadows them. */
export const KNOWN_GLOBALS = new Set([
  'require', 'Atomics', 'Buffer', 'process', 'Promise', 'Date', 'performance', 'fetch', 'setTimeout', 'setInterval',
  'setImmediate', 'queueMicrotask', 'RegExp', 'SharedArrayBuffer', 'ArrayBuffer', 'module', 'exports',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'DataView',
]);

export const TYPED_ARRAY_BYTES: Record<string, number> = {
  Int8Array: 1, Uint8Array: 1, Uint8ClampedArray: 1, Int16Array: 2, Uint16Array: 2, Int32Array: 4, Uint32Array: 4,
  Float32Array: 4, Float64Array: 8, BigInt64Array: 8, BigUint64Array: 8, DataView: 1, ArrayBuffer: 1, SharedArrayBuffer: 1, Buffer: 1,
};

/**
 * A class's own member of that name: read from the class (`Repo.create`), its static first; from an instance
 * (`this.x`), its instance method or field first, then a static (`this` inside a static method is the class).
 */
export function classOwnMember(cls: Extract<Binding, { kind: 'class' }>, name: string, on: 'class' | 'instance'): Binding | undefined {
  const instance = cls.methods.get(name) ?? cls.fields.get(name);
  const statik = cls.statics?.get(name);
  return on === 'class' ? (statik ?? instance) : (instance ?? statik);
}

/**
 * The export a package binding stands for: `default` for the package itself (`import Redis from 'ioredis'`, a default
 * import or a CommonJS module), else the member's name (`import { Cluster } from 'ioredis'`). Undefined for others.
 */
export function packageExport(b: Binding): { module: string; name: string } | undefined {
  if (b.kind === 'package') return { module: b.module, name: 'default' };
  if (b.kind === 'package-member') return { module: b.module, name: b.name };
  return undefined;
}

/** The binding a member chain starts from, and the names along it: `db.query.chats.findMany` is db and query, chats, findMany. */
export function memberPath(target: Binding): { root: Binding; path: string[] } {
  const path: string[] = [];
  let root = target;
  while (root.kind === 'member') {
    path.unshift(root.name);
    root = root.of;
  }
  return { root, path };
}

/** A value another file of the project exports (an import of it), or a member of one: known only when linking. */
export function fromOtherFile(b: Binding): boolean {
  const { root } = memberPath(b);
  return root.kind === 'project-export' || root.kind === 'project-module';
}

/** A function or class member of the project's own, here or in another file: its body is analysed, not assumed. */
export function definedInProject(target: Binding | undefined): boolean {
  return target?.kind === 'fn' || target?.kind === 'member' || target?.kind === 'project-export';
}
