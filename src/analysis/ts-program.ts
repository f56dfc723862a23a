// The analysed files as one TypeScript program, for the type checker (type-aware mode). The walker and the checker
// must see the same syntax trees (the checker answers about the nodes the walker holds), so each analysed file is
// parsed once here and the program's compiler host hands out that tree. The other files the program needs
// (TypeScript's lib files, which come with the analyser; @types and files imported from outside the analysed paths,
// read from disk) are parsed once and kept, so a program rebuilt after an edit reuses every tree that did not change.
// Plain TypeScript: a ts-morph project did the same with a wrapper around every file, and was loaded and filled even
// without the checker (BENCHMARKS.md, "A plain TypeScript program").
import { ts } from './typescript';
import { toPosix } from './source-files';
import { tsLibFiles } from './ts-libs-lazy';

/**
 * JSDoc is parsed where it gives types: in JavaScript files (`@type`, `@param {…}`, which checkJs reads), not in
 * TypeScript files or the lib and @types declarations, whose comments the checker's answers here never need.
 */
const JSDOC_MODE = ts.JSDocParsingMode.ParseForTypeInfo;

/** Where the program's host says the lib files are: a folder of no disk (ts-morph's name for it). */
const LIB_FOLDER = '/node_modules/typescript/lib';

/** TypeScript's lib files, by path in LIB_FOLDER. */
let libFiles: Map<string, string> | undefined;
function libFile(key: string): string | undefined {
  libFiles ??= new Map(tsLibFiles().map((f) => [`${LIB_FOLDER}/${f.fileName}`, f.text]));
  return libFiles.get(key);
}

export class TsProgram {
  private readonly analysed = new Map<string, ts.SourceFile>();
  private readonly others = new Map<string, ts.SourceFile | undefined>();
  private readonly host: ts.CompilerHost;
  private last: ts.Program | undefined;
  /**
   * Which folders exist, asked by module resolution while one program is built: the same node_modules folders up the
   * tree for every import, each a stat of the disk (about 1% of a cold scan of Outline). Forgotten before the next
   * build, so a folder made since (an install) is seen.
   */
  private readonly folders = new Map<string, boolean>();

  constructor(private readonly options: ts.CompilerOptions) {
    const host = ts.createCompilerHost(options, true);
    host.jsDocParsingMode = JSDOC_MODE;
    const read = host.getSourceFile.bind(host);
    // The libs come with the analyser (as ts-morph ships them), not from a TypeScript install beside it.
    host.getDefaultLibLocation = () => LIB_FOLDER;
    host.getDefaultLibFileName = (o) => `${LIB_FOLDER}/${ts.getDefaultLibFileName(o)}`;
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => libFile(toPosix(fileName)) !== undefined || fileExists(fileName);
    const directoryExists = host.directoryExists?.bind(host);
    if (directoryExists) {
      host.directoryExists = (folder) => {
        let exists = this.folders.get(folder);
        if (exists === undefined) this.folders.set(folder, exists = directoryExists(folder));
        return exists;
      };
    }
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const key = toPosix(fileName);
      const own = this.analysed.get(key);
      if (own) return own;
      if (!this.others.has(key)) {
        const lib = libFile(key);
        const sf = lib !== undefined
          ? ts.createSourceFile(fileName, lib, typeof languageVersion === 'object' ? languageVersion : { languageVersion, jsDocParsingMode: JSDOC_MODE }, true)
          : read(fileName, languageVersion, onError, shouldCreate);
        this.others.set(key, sf);
      }
      return this.others.get(key);
    };
    this.host = host;
  }

  /** Parses an analysed file (parents set, as the walker needs), replacing its earlier tree. May throw on a tree too deep. */
  add(file: string, text: string, kind: ts.ScriptKind): ts.SourceFile {
    const sf = ts.createSourceFile(file, text, { languageVersion: this.options.target ?? ts.ScriptTarget.Latest, jsDocParsingMode: JSDOC_MODE }, true, kind);
    this.analysed.set(toPosix(file), sf);
    return sf;
  }

  get(file: string): ts.SourceFile | undefined {
    return this.analysed.get(toPosix(file));
  }

  remove(file: string): void {
    this.analysed.delete(toPosix(file));
  }

  /** A program over the analysed files as they are now, built from the last one (unchanged trees are reused). */
  program(): ts.Program {
    const rootNames = [...this.analysed.values()].map((sf) => sf.fileName);
    this.folders.clear();
    this.last = ts.createProgram({ rootNames, options: this.options, host: this.host, oldProgram: this.last });
    return this.last;
  }
}
