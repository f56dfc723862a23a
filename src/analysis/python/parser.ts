// The Python parser: web-tree-sitter (tree-sitter compiled to WebAssembly) with the grammar's `.wasm` that the
// tree-sitter-python package ships, so nothing is compiled natively. Loading it is asynchronous (WebAssembly
// compilation), and the analyser's API is synchronous, so callers load it once up front with loadPythonParser()
// (the CLI and the analysis worker do, when there are .py files; see Analyzer.prepare) and parse synchronously after.
// The runtime and the grammar are read from beside the bundle (scripts/build.mjs copies both into dist/), or from
// node_modules when running unbundled (the unit tests).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import { toPyTree, type PyTree } from './syntax-tree';

/** The two WebAssembly files: web-tree-sitter's runtime and the Python grammar. */
export const PYTHON_WASM_FILES = { runtime: 'tree-sitter.wasm', grammar: 'tree-sitter-python.wasm' } as const;

let parser: TreeSitter.Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Where a wasm file is: beside the running bundle (dist/ for the CLI, dist/workers/ one level down for the analysis
 * worker), else in its package. `packagePath` is the file as `require.resolve` names it.
 */
function locate(name: string, packagePath: string): string {
  for (const dir of [__dirname, path.dirname(__dirname)]) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return require.resolve(packagePath);
}

/** Loads the parser once per process; later calls return the same promise. A failure can be retried. */
export function loadPythonParser(): Promise<void> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function load(): Promise<void> {
  // Required here, not imported at the top: JavaScript-only analyses never pay for evaluating the runtime.
  const { Parser, Language } = require('web-tree-sitter') as typeof TreeSitter;
  const [runtime, grammar] = await Promise.all([
    fs.promises.readFile(locate(PYTHON_WASM_FILES.runtime, 'web-tree-sitter/tree-sitter.wasm')),
    fs.promises.readFile(locate(PYTHON_WASM_FILES.grammar, 'tree-sitter-python/tree-sitter-python.wasm')),
  ]);
  // The bytes are handed over, so the runtime never looks for its file itself (its own lookup assumes node_modules).
  await Parser.init({ wasmBinary: runtime });
  const python = await Language.load(grammar);
  const p = new Parser();
  p.setLanguage(python);
  parser = p;
}

export function isPythonParserLoaded(): boolean {
  return parser !== undefined;
}

/** Parses Python source into a plain tree (see syntax-tree.ts). Throws when loadPythonParser() has not finished. */
export function parsePython(text: string): PyTree {
  if (!parser) throw new Error('the Python parser is not loaded (await loadPythonParser() first)');
  const tree = parser.parse(text);
  if (!tree) throw new Error('the Python parser gave no tree');
  try {
    return toPyTree(tree, text);
  } finally {
    // The tree lives in WebAssembly memory, which the garbage collector does not see.
    tree.delete();
  }
}
