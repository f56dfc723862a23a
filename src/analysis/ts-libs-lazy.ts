// TypeScript's lib files (lib.es2022.d.ts, lib.dom.d.ts...), loaded on first use: only the type checker's program
// needs them (ts-program.ts), and they are most of a 3 MB bundle. They come with the analyser, from @ts-morph/common, which
// ships them as strings, so the analysis needs no TypeScript install beside it. The analysis worker loads them from a
// bundle of their own (scripts/build.mjs), through the worker's code cache (analysis.worker.ts); elsewhere (the CLI,
// tests) it is a plain require.
import type * as TsMorphCommon from '@ts-morph/common';

type LibFiles = Pick<typeof TsMorphCommon, 'getLibFiles'>;

let loaded: LibFiles | undefined;
let loader: (() => LibFiles) | undefined;

/** The analysis worker's way of loading its bundle of the lib files. */
export function setTsLibsLoader(load: () => LibFiles): void {
  loader = load;
}

/** The lib files, by file name (`lib.es2022.d.ts`). */
export function tsLibFiles(): Array<{ fileName: string; text: string }> {
  loaded ??= loader ? loader() : (require('@ts-morph/common') as LibFiles);
  return loaded.getLibFiles();
}
