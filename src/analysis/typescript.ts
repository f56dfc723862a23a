/**
 * The TypeScript compiler API the analysis walks with: ts-morph's copy of it, bound once.
 *
 * Why not `import { ts } from 'ts-morph'` in every file: the bundler reads ts-morph as CommonJS and turns each use of
 * `ts` into a chain of property getters (its interop object, ts-morph's re-export, @ts-morph/common's), run again at
 * every `ts.isIdentifier(node)` of the walk: 8% of a scan's time on AnythingLLM. An import alias is a value read
 * once, when this module loads, and still names the compiler's types (`ts.Node`).
 */
import { ts as morphTs } from 'ts-morph';

export import ts = morphTs;
