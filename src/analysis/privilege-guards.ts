// A function that stops unless its caller is an administrator or a moderator: what it does after the check, few
// requests do. NodeBB's write API checks in the function, not in the route's middleware:
//   const isAdminOrMod = await privileges.topics.isAdminOrMod(tid, caller.uid);
//   if (!isAdminOrMod) throw new Error('[[error:no-privileges]]');
//   ...  // moving, bumping, purging: moderator actions
// The route is not admin-only (any user may call it and be refused), but the work past the check is: reported as a
// note, as for a route behind an admin middleware (entries.ts isAdminOnly). A flag read from the session does the same:
// Etherpad's admin socket namespaces start `if (!isAdmin) return;` before they register their listeners.
import { ts } from './typescript';
import { PRIVILEGE_CHECK, PRIVILEGE_FLAG } from './entry-patterns';
import { calleeName, skipOuter } from './syntax';

/**
 * Whether `st` is `if (<no privilege>) throw/return`, where the test is a privilege check's call, a name a preceding
 * statement of the block set from one (`const ok = await isAdminOrMod(...)`, or from `Promise.all([...])` of checks),
 * or a privilege flag (`!isAdmin`, `!req.user.is_admin`).
 */
export function isPrivilegeGuard(st: ts.Statement, preceding: readonly ts.Statement[]): boolean {
  if (!ts.isIfStatement(st) || st.elseStatement || !exits(st.thenStatement) || !negates(st.expression)) return false;
  const checked = new Set<string>();
  for (const p of preceding) {
    if (!ts.isVariableStatement(p)) continue;
    for (const d of p.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer && madeByCheck(d.initializer)) checked.add(d.name.text);
    }
  }
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(n) && (checked.has(n.text) || PRIVILEGE_FLAG.test(n.text))) || isCheckCall(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(st.expression);
  return found;
}

/** `isAdminOrMod(tid, uid)`, `privileges.users.isAdministrator(uid)`: a call of a privilege check. */
function isCheckCall(n: ts.Node): boolean {
  return ts.isCallExpression(n) && PRIVILEGE_CHECK.test(calleeName(skipOuter(n.expression)));
}

/** `await isAdmin(uid)`, or `await Promise.all([isAdminOrMod(tid, uid), canMove(pid, uid)])` with such a call. */
function madeByCheck(init: ts.Expression): boolean {
  let x = skipOuter(init);
  if (ts.isAwaitExpression(x)) x = skipOuter(x.expression);
  if (isCheckCall(x)) return true;
  const list = ts.isCallExpression(x) && calleeName(skipOuter(x.expression)) === 'all' && x.arguments[0] ? skipOuter(x.arguments[0]) : undefined;
  return list !== undefined && ts.isArrayLiteralExpression(list) && list.elements.some((e) => isCheckCall(skipOuter(e)));
}

/** A test that is true when the check failed: `!ok`, `!checks.every(Boolean)`, `!(await isAdmin(uid))`. */
function negates(condition: ts.Expression): boolean {
  const x = skipOuter(condition);
  if (ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.ExclamationToken) return true;
  // `!a || !b`: refused when either check fails.
  return ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.BarBarToken && negates(x.left) && negates(x.right);
}

/** A statement that leaves the function: `throw`, `return`, or a block ending in one. */
function exits(st: ts.Statement): boolean {
  if (ts.isThrowStatement(st) || ts.isReturnStatement(st)) return true;
  return ts.isBlock(st) && st.statements.length > 0 && exits(st.statements[st.statements.length - 1]);
}
