// ts-morph, loaded on first use. The analyser needs it for a project (and the type checker's program), but the
// editor's first pass (Analyzer.analyzeFocus) parses with TypeScript alone, so the analysis worker loads ts-morph
// (3 MB of its 7) only once that pass is out: its bundle is a file of its own there (scripts/build.mjs), loaded
// through the worker's code cache (analysis.worker.ts). Elsewhere (the CLI, tests) it is a plain require.
import type * as TsMorph from 'ts-morph';

let loaded: typeof TsMorph | undefined;
let loader: (() => typeof TsMorph) | undefined;

/** The analysis worker's way of loading its ts-morph bundle. */
export function setTsMorphLoader(load: () => typeof TsMorph): void {
  loader = load;
}

export function tsMorph(): typeof TsMorph {
  loaded ??= loader ? loader() : (require('ts-morph') as typeof TsMorph);
  return loaded;
}
