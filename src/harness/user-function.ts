// Loads the user's own function and inputs for `bench --function`, the same way in the harness thread and
// in every pool worker. Dynamic import takes CommonJS and ES modules alike; TypeScript must be compiled
// first (Node 20 does not strip types).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface FunctionSpec {
  /** Absolute path of the module. */
  module: string;
  exportName: string;
  /** Absolute path of the module whose `inputs` export (an array, or a function returning one) makes the inputs. */
  inputModule: string;
}

export type UserFunction = (input: unknown) => unknown;

/** `path/to/module.js#exportName`; without `#name`, the default export. */
export function parseFunctionRef(ref: string, cwd: string): { module: string; exportName: string } {
  const hash = ref.lastIndexOf('#');
  const file = hash > 0 ? ref.slice(0, hash) : ref;
  const exportName = hash > 0 ? ref.slice(hash + 1) : 'default';
  if (file.trim() === '' || exportName.trim() === '') throw new Error(`expected path/to/module.js#exportName (got '${ref}')`);
  return { module: path.resolve(cwd, file), exportName };
}

const loaded = new Map<string, Promise<Record<string, unknown>>>();

function importModule(file: string): Promise<Record<string, unknown>> {
  let p = loaded.get(file);
  if (!p) {
    p = import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
    loaded.set(file, p);
  }
  return p;
}

/** The export, looked up on the module and, for CommonJS, on its `module.exports` (the `default` of the import). */
function pick(mod: Record<string, unknown>, name: string): unknown {
  if (name in mod) return mod[name];
  const cjs = mod.default as Record<string, unknown> | undefined;
  return cjs && typeof cjs === 'object' ? cjs[name] : undefined;
}

export async function loadUserFunction(spec: Pick<FunctionSpec, 'module' | 'exportName'>): Promise<UserFunction> {
  const fn = pick(await importModule(spec.module), spec.exportName);
  if (typeof fn !== 'function') throw new Error(`${spec.module} has no exported function '${spec.exportName}' (found ${fn === undefined ? 'nothing' : typeof fn})`);
  return fn as UserFunction;
}

export async function loadInputs(inputModule: string): Promise<unknown[]> {
  const mod = await importModule(inputModule);
  let made = pick(mod, 'inputs') ?? mod.default;
  if (typeof made === 'function') made = await (made as () => unknown)();
  if (!Array.isArray(made) || made.length === 0) {
    throw new Error(`${inputModule} must export \`inputs\`: a non-empty array, or a function that returns one`);
  }
  return made;
}

type TypedArray = Exclude<ArrayBufferView, DataView> & { length: number };
const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
export type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** A binary input copied once into shared memory: what crosses to a worker is the buffer, not a copy. */
export interface SharedInput {
  buffer: SharedArrayBuffer;
  type: TypedArrayName;
  length: number;
}

function typedArrayName(v: unknown): TypedArrayName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const name = v.constructor.name as TypedArrayName;
  return name in TYPED_ARRAYS ? name : undefined;
}

/** Binary inputs are typed arrays; only they can be handed over as shared memory. */
export const isBinary = (inputs: readonly unknown[]): boolean => inputs.every((v) => typedArrayName(v) !== undefined);

export function toShared(input: unknown): SharedInput {
  const type = typedArrayName(input);
  if (!type) throw new Error('only typed arrays can be shared');
  const src = input as TypedArray;
  const buffer = new SharedArrayBuffer(src.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  return { buffer, type, length: src.length };
}

/** The typed array a worker hands to the function: a view on the shared memory, no copy. */
export function fromShared(s: SharedInput): TypedArray {
  // Every typed array constructor takes a SharedArrayBuffer; the union of their signatures does not say so.
  const Ctor = TYPED_ARRAYS[s.type] as unknown as new (buffer: SharedArrayBuffer, offset: number, length: number) => TypedArray;
  return new Ctor(s.buffer, 0, s.length);
}

/** What one input costs to clone, roughly: its bytes when binary, its JSON length otherwise. */
export function inputBytes(input: unknown): number {
  if (ArrayBuffer.isView(input)) return input.byteLength;
  if (input instanceof ArrayBuffer) return input.byteLength;
  try {
    return JSON.stringify(input)?.length ?? 0;
  } catch {
    return 0;
  }
}
