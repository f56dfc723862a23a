// Answers the few questions where the TypeScript type checker beats syntax: what a callee really is when
// the receiver is not a tracked name (`this.fs.readFileSync`, a Dir passed as a parameter), whether a call
// returns a promise, whether a value is a typed array, and a parameter's type name. Used only when the
// project has a config and @types/node; the analysis never depends on it.
import * as path from 'node:path';
import { ts } from './typescript';
import type { Binding } from './bindings';
import { canonicalModule, NODE_BUILTINS } from './blocking-apis';
import { TYPED_ARRAY_BYTES } from './bindings';

export interface TypeOracle {
  resolveCallee(callee: ts.Expression): Binding | undefined;
  /** A function of the analysed project the callee refers to, e.g. through a class field (`this.repo.load()`). */
  resolveProjectFunction(callee: ts.Expression): Binding | undefined;
  isPromiseLike(e: ts.Expression): boolean;
  binaryType(e: ts.Expression): { type: string; bytes?: number; shared: boolean } | undefined;
  parameterTypeName(p: ts.ParameterDeclaration): string | undefined;
}

const NODE_TYPES_DIR = `${path.sep}@types${path.sep}node${path.sep}`;

export class CheckerOracle implements TypeOracle {
  constructor(private readonly checker: () => ts.TypeChecker) {}

  /** The symbol a callee names, through import aliases. */
  private calleeSymbol(callee: ts.Expression): ts.Symbol | undefined {
    const checker = this.checker();
    const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  }

  resolveCallee(callee: ts.Expression): Binding | undefined {
    const symbol = this.calleeSymbol(callee);
    const decl = symbol?.declarations?.[0];
    if (!symbol || !decl) return undefined;
    const fileName = decl.getSourceFile().fileName;
    if (!fileName.includes(NODE_TYPES_DIR) && !fileName.includes('/@types/node/')) return undefined;
    let module: string | undefined;
    let className: string | undefined;
    for (let n: ts.Node | undefined = decl.parent; n; n = n.parent) {
      if (!className && (ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n)) && n.name) className = n.name.text;
      if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) {
        module = canonicalModule(n.name.text);
        break;
      }
    }
    if (!module || !NODE_BUILTINS.has(module)) return undefined;
    const name = symbol.name;
    return className ? { kind: 'node-method', module, className, name } : { kind: 'node-member', module, name };
  }

  resolveProjectFunction(callee: ts.Expression): Binding | undefined {
    const symbol = this.calleeSymbol(callee);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!decl) return undefined;
    const sf = decl.getSourceFile();
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) return undefined;
    let fn: ts.Node | undefined;
    if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isFunctionExpression(decl) || ts.isArrowFunction(decl)) fn = decl;
    else if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer &&
      (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) fn = decl.initializer;
    if (!fn) return undefined;
    // Same id scheme as the fact extractor: absolute file path and the node's position.
    return { kind: 'fn', id: `${path.resolve(sf.fileName)}#${fn.pos}` };
  }

  isPromiseLike(e: ts.Expression): boolean {
    const checker = this.checker();
    const type = checker.getTypeAtLocation(e);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    const then = type.getProperty('then');
    if (!then) return false;
    const thenType = checker.getTypeOfSymbolAtLocation(then, e);
    return thenType.getCallSignatures().length > 0;
  }

  binaryType(e: ts.Expression): { type: string; bytes?: number; shared: boolean } | undefined {
    const type = this.checker().getTypeAtLocation(e);
    const name = type.getSymbol()?.getName();
    if (!name || TYPED_ARRAY_BYTES[name] === undefined) return undefined;
    return { type: name, shared: name === 'SharedArrayBuffer' };
  }

  parameterTypeName(p: ts.ParameterDeclaration): string | undefined {
    const type = this.checker().getTypeAtLocation(p);
    return type.getSymbol()?.getName() ?? type.aliasSymbol?.getName();
  }
}
