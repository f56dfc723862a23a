// The facts of a file before a front end's walk (fact-walker.ts for JavaScript and TypeScript, python/walker.ts
// for Python), in a file of its own so that neither front end loads the other's parser to get it.
import type { FileFacts } from './file-facts';

/** The facts of a file before its walk, for both front ends: nothing found yet. */
export function emptyFileFacts(file: string, text: string, lineCount: number): FileFacts {
  return {
    file,
    topId: `${file}#top`,
    lines: lineCount - (text.endsWith('\n') ? 1 : 0),
    functions: [],
    edges: [],
    entryRefs: [],
    entryParams: [],
    dynamicCalls: [],
    returnedMembers: [],
    moduleTableCalls: [],
    keyedCalls: [],
    mounts: [],
    routers: [],
    exportedLocals: new Map(),
    startupRefs: [],
    timerRefs: [],
    candidates: [],
    exports: new Map(),
    builtExports: new Map(),
    starExports: [],
    mixinFiles: [],
    importsWorkerApi: false,
    workerTargets: [],
    typeLinkedFiles: [],
    parseErrors: [],
    shebang: text.startsWith('#!'),
    useServer: false,
  };
}
