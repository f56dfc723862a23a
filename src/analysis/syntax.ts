// Small syntax helpers shared by the fact extractor and the shape checks.
import { ts } from './typescript';
import type { Scope } from './bindings';

export type FunctionLike =
  | ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration
  | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

/** The name a call is made by: `f` in `f()`, `m` in `obj.m()`; empty for anything else. */
export function calleeName(e: ts.Expression): string {
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : '';
}

/** `receiver.name`: the member and the receiver's own name (`users` in `tenant.libraries.users`), as FileFacts' MemberRef. */
export function memberRef(access: ts.PropertyAccessExpression): { name: string; receiver: string } | undefined {
  const receiver = calleeName(skipOuter(access.expression));
  return receiver ? { name: access.name.text, receiver } : undefined;
}

/** The name of what a class extends: `Base`, `ns.Base`, or the mixin in `extends PassportStrategy(Strategy)`. */
export function baseClassName(e: ts.Expression): string {
  const x = skipOuter(e);
  return ts.isCallExpression(x) ? calleeName(skipOuter(x.expression)) : calleeName(x);
}

/** A property's key when the code spells it: `name`, `'name'`, `name() {}`; not a computed key or a spread. */
export function propertyKey(p: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(p) || !p.name) return undefined;
  return ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return mods?.some((m) => m.kind === kind) ?? false;
}

export function skipOuter(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e))
      e = e.expression;
    else return e;
  }
}

/** `a || b` or `a ?? b`: a value with a fallback, `b` when `a` is missing. */
export function isFallback(e: ts.Node): e is ts.BinaryExpression {
  return ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken);
}

/** `list` in `list.length` (through parentheses and casts), the length of which an expression reads. */
export function lengthReceiver(e: ts.Expression): ts.Expression | undefined {
  const x = skipOuter(e);
  return ts.isPropertyAccessExpression(x) && x.name.text === 'length' ? skipOuter(x.expression) : undefined;
}

/** `false`, `0`, `''`, `null`, `undefined`, `void 0`: an argument (or a default) that leaves a flag off. */
export function isFalsyLiteral(e: ts.Expression): boolean {
  const x = skipOuter(e);
  if (x.kind === ts.SyntaxKind.FalseKeyword || x.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(x)) return true;
  if (ts.isIdentifier(x)) return x.text === 'undefined';
  if (ts.isNumericLiteral(x)) return Number(x.text) === 0;
  return ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) ? x.text === '' : false;
}

export function literalText(e: ts.Expression): string | undefined {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) ? e.text : undefined;
}

export function typeRefName(t: ts.TypeNode): string | undefined {
  if (ts.isTypeReferenceNode(t)) {
    const n = t.typeName;
    return ts.isIdentifier(n) ? n.text : n.right.text;
  }
  return undefined;
}

/** `T` of `T | null`, `T | undefined` (a field set later, a cache still empty); other types as they are. */
export function withoutNullish(t: ts.TypeNode): ts.TypeNode {
  if (ts.isParenthesizedTypeNode(t)) return withoutNullish(t.type);
  if (!ts.isUnionTypeNode(t)) return t;
  const rest = t.types.filter((m) => m.kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isLiteralTypeNode(m) && m.literal.kind === ts.SyntaxKind.NullKeyword));
  return rest.length === 1 ? withoutNullish(rest[0]) : t;
}

/** `T` of `Promise<T>` (what awaiting a value of the type gives); other types as they are. */
export function promisedType(t: ts.TypeNode): ts.TypeNode {
  return ts.isTypeReferenceNode(t) && typeRefName(t) === 'Promise' && t.typeArguments?.length === 1 ? t.typeArguments[0] : t;
}

/** `x = v`, `x += v`, `x ??= v`: an assignment of any kind. */
export function isAssignment(b: ts.BinaryExpression): boolean {
  return b.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && b.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** What `x++`, `--x` and the like step: the operand, or undefined for any other node. */
export function steppedOperand(n: ts.Node): ts.Expression | undefined {
  const step = (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
    (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken);
  return step ? n.operand : undefined;
}

/** The leftmost identifier of a receiver chain: `this.app.router` → router, `app.route('/x')` → app. */
export function rootName(e: ts.Expression): string | undefined {
  let x = skipOuter(e);
  for (;;) {
    if (ts.isIdentifier(x)) return x.text;
    if (ts.isPropertyAccessExpression(x)) {
      if (x.expression.kind === ts.SyntaxKind.ThisKeyword) return x.name.text;
      x = skipOuter(x.expression);
    } else if (ts.isCallExpression(x)) x = skipOuter(x.expression);
    else return undefined;
  }
}

export function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function constantNumber(e: ts.Expression, scope: Scope): number | undefined {
  const x = skipOuter(e);
  if (ts.isNumericLiteral(x)) return Number(x.text.replace(/_/g, ''));
  if (ts.isIdentifier(x)) {
    const b = scope.lookup(x.text);
    return b?.kind === 'number-const' ? b.value : undefined;
  }
  if (ts.isBinaryExpression(x)) {
    const a = constantNumber(x.left, scope);
    const b = constantNumber(x.right, scope);
    if (a === undefined || b === undefined) return undefined;
    switch (x.operatorToken.kind) {
      case ts.SyntaxKind.AsteriskToken: return a * b;
      case ts.SyntaxKind.PlusToken: return a + b;
      case ts.SyntaxKind.MinusToken: return a - b;
      case ts.SyntaxKind.SlashToken: return a / b;
      case ts.SyntaxKind.LessThanLessThanToken: return a << b;
      case ts.SyntaxKind.AsteriskAsteriskToken: return a ** b;
      default: return undefined;
    }
  }
  return undefined;
}

/**
 * Names of the functions and methods a file declares. In type-aware mode the checker is asked about an
 * unresolved callee only when its name is one of these (or a blocking API's), which keeps edits fast.
 */
export function declaredFunctionNames(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  const nameOf = (n: ts.PropertyName | ts.BindingName | undefined): void => {
    if (n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n))) names.push(n.text);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n)) nameOf(n.name);
    else if ((ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isPropertyAssignment(n)) && n.initializer &&
      (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) nameOf(n.name);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return names;
}

/** The `this.name = value` statements at the top level of a constructor's body, in order. */
export function thisAssignments(ctor: ts.ConstructorDeclaration): Array<{ name: string; value: ts.Expression }> {
  const out: Array<{ name: string; value: ts.Expression }> = [];
  for (const st of ctor.body?.statements ?? []) {
    const e = ts.isExpressionStatement(st) ? st.expression : undefined;
    if (!e || !ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    if (ts.isPropertyAccessExpression(e.left) && e.left.expression.kind === ts.SyntaxKind.ThisKeyword) out.push({ name: e.left.name.text, value: e.right });
  }
  return out;
}

/** What a function returns: its expression body, or the operands of its own `return` statements (none without a body). */
export function returnedValues(fn: { readonly body?: ts.ConciseBody }): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}
