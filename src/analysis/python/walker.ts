// The Python walker: one pass over a file's tree-sitter tree that extracts the same facts as the JavaScript walker
// (../fact-walker.ts, see ../file-facts.ts): the functions, the calls between them, the entries and start-up code,
// what the module exports (every module-level name), and candidate findings. It keeps the bindings of names in
// scope (`import x`, `import x as z`, `from x import y`, relative imports, classes, `self.x = ...` fields and
// instances of catalogued classes such as `httpx.Client()`), so a callee resolves to what it refers to. At each
// decorator and call it asks registrations.ts (an entry? start-up? run off the loop?) and the detectors in
// detectors/ (a candidate finding?).
//
// This file holds the walk's state for one file and the members the detectors and registrations.ts call; the work
// is done by:
//   walk.ts                 the tree walk: statements, functions and their parameters, classes, `for`, `with`
//   calls.ts                what a call adds: edges, dynamic calls, call detectors, its arguments by role
//   declarations.ts         what a block declares before it is walked: definitions, classes, assignments
//   import-bindings.ts      import statements into bindings (project modules, their exports, libraries)
//   expression-bindings.ts  what an expression or an annotation refers to
//   binding-members.ts      bindings alone: `x.attr`, what calling makes, a library binding's dotted path
import { Scope, type Binding } from '../bindings';
import { emptyFileFacts } from '../empty-facts';
import type { Candidate, FileFacts, FunctionFact } from '../file-facts';
import type { RuleId } from '../rules';
import { collectSuppressions, isSuppressed, type Suppressions } from '../suppressions';
import { declareBlock } from './declarations';
import { valueBinding } from './expression-bindings';
import { fileStartupKind } from './registrations';
import { field, hasToken, named, positionAt, stringValue, syntaxErrors, textOf, type PyNode, type PyTree } from './syntax-tree';
import { visit } from './walk';

export interface PythonExtractOptions {
  /** The project file of a module (see module-resolver.ts), or undefined for a library. */
  resolveModule: (dotted: string, fromFile: string, level: number) => string | undefined;
  /** The file's path below the analysed folder, with forward slashes: file patterns (views.py, alembic/) test it. */
  relPath: string;
  extraEntryCallees: string[];
}

export type ClassBinding = Extract<Binding, { kind: 'class' }>;

/** Where the walk is. */
export interface PyCtx {
  /** The enclosing function's id; undefined at module top level. */
  fn: string | undefined;
  scope: Scope;
  cls: ClassBinding | undefined;
  /** The enclosing function is an `async def`. */
  isAsync: boolean;
  /** Directly in a class body: a `def` here is a method of `cls`. */
  classBody?: boolean;
  /** Inside a `for` loop of this function: what it iterates over. */
  loopSource?: PyNode;
}

export class PythonWalker {
  readonly facts: FileFacts;
  private readonly suppressions: Suppressions;
  private readonly moduleScope = new Scope(undefined);
  private readonly fnByNode = new Map<PyNode, FunctionFact>();
  private readonly defById = new Map<string, PyNode>();
  /** Each class's binding, made once (declarations.ts) whether its definition is declared or walked first. */
  readonly classByNode = new Map<PyNode, ClassBinding>();
  /** Values made by a comprehension or a generator expression: `tasks = [fetch(u) for u in urls]`. */
  readonly comprehensions = new WeakMap<Binding, PyNode>();
  /** Lists filled by `.append(...)` inside a loop over `PyNode` (the loop's iterable). */
  readonly appendedInLoop = new WeakMap<Binding, PyNode>();
  /** Literal lists and tuples: their size is fixed in the code. */
  readonly literalCollections = new WeakSet<Binding>();
  /** A request handler's parameters and what is read from them (`body["documents"]`): as long as the client makes them. */
  readonly requestInputs = new WeakSet<Binding>();
  /** The file imports Sanic, which runs a plain `def` handler on the event loop itself. */
  importsSanic = false;
  /** The file imports an agent or MCP framework (AI_TOOL_FRAMEWORKS): `@mcp.tool()` and `@agent.tool` make AI tools. */
  importsAiToolFramework = false;
  /** Routers made with a path prefix, by name: `router = APIRouter(prefix="/ingest")`, `Blueprint(..., url_prefix=...)`. */
  readonly routerPrefixes = new Map<string, string>();
  /** The file is start-up code by its path (a migration, a management command, setup.py): so are its functions. */
  readonly startupKind: ReturnType<typeof fileStartupKind>;

  constructor(readonly tree: PyTree, readonly file: string, readonly opts: PythonExtractOptions) {
    this.facts = { ...emptyFileFacts(file, tree.text, tree.lineStarts.length), parseErrors: syntaxErrors(tree) };
    this.suppressions = collectSuppressions(tree.text);
    this.startupKind = fileStartupKind(opts.relPath);
  }

  run(): FileFacts {
    const ctx: PyCtx = { fn: undefined, scope: this.moduleScope, cls: undefined, isAsync: false };
    const body = named(this.tree.root);
    // Function bodies run later than the module, so they see every module-level name, wherever it is assigned.
    declareBlock(this, body, ctx, true);
    for (const st of body) this.visit(st, ctx);
    return this.facts;
  }

  /** Walks a node and what is inside it (walk.ts). */
  visit(node: PyNode, ctx: PyCtx): void {
    visit(this, node, ctx);
  }

  // ---------------------------------------------------------------- names and functions

  /** Binds a name in the current scope; at module level it is also one of the module's exports. */
  declareName(ctx: PyCtx, name: string, b: Binding, moduleLevel: boolean): void {
    ctx.scope.declare(name, b);
    if (moduleLevel) this.facts.exports.set(name, b);
  }

  /** The fact of a function of this file, recorded the first time its `def` is met. */
  fnFact(def: PyNode, name?: string): FunctionFact {
    const known = this.fnByNode.get(def);
    if (known) return known;
    const isAsync = hasToken(def, 'async');
    const fact: FunctionFact = {
      id: `${this.file}#${def.start}`,
      name: name ?? textOf(this.tree, field(def, 'name')!),
      line: positionAt(this.tree, def.start).line,
      isAsync,
      returnsPromise: isAsync,
    };
    if (this.startupKind) fact.startup = this.startupKind;
    this.fnByNode.set(def, fact);
    this.defById.set(fact.id, def);
    this.facts.functions.push(fact);
    return fact;
  }

  /** The `def` of a function of this file, by its fact's id: detectors read the body of a function handed over. */
  definitionOf(id: string): PyNode | undefined {
    return this.defById.get(id);
  }

  /** What an expression refers to, as far as the analysis cares (expression-bindings.ts). */
  valueBinding(node: PyNode, ctx: PyCtx): Binding | undefined {
    return valueBinding(this, node, ctx);
  }

  /** What a name means at module level (imports, functions, classes, assignments), whatever the walk's position. */
  moduleLookup(name: string): Binding | undefined {
    return this.moduleScope.lookup(name);
  }

  /** The name is bound inside a function (a nested def, a local, a parameter), not at module level. */
  isLocalName(name: string, ctx: PyCtx): boolean {
    for (let s: Scope | undefined = ctx.scope; s && s !== this.moduleScope; s = s.parent) if (s.hasOwn(name)) return true;
    return false;
  }

  // ---------------------------------------------------------------- candidates

  candidate(ctx: PyCtx, rule: RuleId, node: PyNode, message: string, extra: Pick<Candidate, 'severity' | 'requiresPromiseTarget' | 'related'> = {}): void {
    if (!ctx.fn) return;
    const start = positionAt(this.tree, node.start);
    const end = positionAt(this.tree, node.end);
    if (isSuppressed(this.suppressions, start.line, rule)) return;
    const fn = this.facts.functions.find((f) => f.id === ctx.fn);
    const snippet = `${fn?.name ?? ''}\n${textOf(this.tree, node).replace(/\s+/g, '').slice(0, 200)}`;
    this.facts.candidates.push({
      fnId: ctx.fn, rule, message, snippet, ...extra,
      line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
    });
  }

  positionOf(node: PyNode): { line: number; column: number } {
    return positionAt(this.tree, node.start);
  }

  text(node: PyNode): string {
    return textOf(this.tree, node);
  }

  stringValue(node: PyNode | undefined): string | undefined {
    return stringValue(this.tree, node);
  }
}
