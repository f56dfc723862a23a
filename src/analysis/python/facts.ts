// The Python front end's entry point: source text in, the same FileFacts the JavaScript front end makes out
// (../file-facts.ts), so linking, hot paths, chains, findings, suppressions and every output work unchanged.
import type { FileFacts } from '../file-facts';
import { parsePython } from './parser';
import { PythonWalker, type PythonExtractOptions } from './walker';

export type { PythonExtractOptions } from './walker';

/** The files the Python front end analyses. */
export function isPythonFile(file: string): boolean {
  return file.toLowerCase().endsWith('.py');
}

/** Parses and walks one file. Needs the parser loaded (loadPythonParser()); a syntax error still gives facts. */
export function extractPythonFacts(text: string, file: string, options: PythonExtractOptions): FileFacts {
  return new PythonWalker(parsePython(text), file, options).run();
}
