// Quick fixes for findings, as text replacements: only where the rewrite is safe without knowing more
// than the file. Inside an async function, a sync fs call becomes `await fs.promises.x()`, execSync and
// execFileSync an awaited exec/execFile, and blocking crypto an awaited callback form. A floating promise
// is awaited (in an async function) or gets a `.catch`, a typed array posted to a worker gets a transfer
// list, and `Promise.all(items.map(fn))` gets a concurrency limit (a small helper added to the file).
// Anything else gets no fix, and the editor offers "Show why" instead.
import { ts } from './typescript';
import { pythonQuickFixes } from './python/quick-fixes';

export interface FixTarget {
  rule: string;
  /** 1-based, as in findings. */
  line: number;
  column: number;
  /** Where the flagged code ends; `a.b().c()` and `a.b()` start at the same place. */
  endLine?: number;
  endColumn?: number;
}

export interface TextReplacement {
  /** Offsets into the text. */
  start: number;
  end: number;
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextReplacement[];
  /** The one to apply when the user asks for "the" fix. */
  preferred?: boolean;
}

/** fs functions whose `fs.promises` twin takes the same arguments and resolves to what the sync one returns. */
const FS_PROMISE_TWINS: Record<string, string> = Object.fromEntries(
  ['access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat', 'lutimes', 'mkdir', 'mkdtemp', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile'].map((n) => [`${n}Sync`, n]),
);

/**
 * Functions whose callback form takes the same arguments plus `(err, result)`: crypto's key derivations
 * and randomBytes (the same function, with a callback), and child_process's exec and execFile, whose
 * callback result is stdout (a string by default, where the sync form returns a Buffer: `.toString()`
 * and string use keep working).
 */
const CALLBACK_TWINS: Record<string, string> = {
  pbkdf2Sync: 'pbkdf2',
  scryptSync: 'scrypt',
  hkdfSync: 'hkdf',
  randomBytes: 'randomBytes',
  execSync: 'exec',
  execFileSync: 'execFile',
};

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/** The node of that kind spanning [pos, end), or, without an end, the innermost one starting at pos. */
function nodeAt<T extends ts.Node>(sf: ts.SourceFile, pos: number, end: number | undefined, is: (n: ts.Node) => n is T): T | undefined {
  const starting: T[] = [];
  const visit = (n: ts.Node): void => {
    if (pos < n.getFullStart() || pos > n.getEnd()) return;
    if (is(n) && n.getStart(sf) === pos) starting.push(n);
    n.forEachChild(visit);
  };
  visit(sf);
  return starting.find((n) => n.getEnd() === end) ?? starting[starting.length - 1];
}

function inAsyncFunction(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return (ts.getCombinedModifierFlags(n as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  }
  return false;
}

/** An awaited expression used as the target of `.x`, `[x]` or `(...)` needs parentheses. */
function awaited(node: ts.Expression, text: string): string {
  const p = node.parent;
  const isTarget = (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p)) && p.expression === node;
  return isTarget ? `(await ${text})` : `await ${text}`;
}

/** `X.nameSync(args)` with X a plain identifier: the namespace the analyser resolved to the module. */
function memberCall(call: ts.CallExpression): { object: string; name: string } | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
  return { object: callee.expression.text, name: callee.name.text };
}

export function quickFixes(text: string, fileName: string, target: FixTarget): QuickFix[] {
  // Python has its own fixes (asyncio.sleep, asyncio.to_thread, keeping tasks), from its own parser.
  if (/\.py$/i.test(fileName)) return pythonQuickFixes(text, target);
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  let pos: number;
  let end: number | undefined;
  try {
    pos = sf.getPositionOfLineAndCharacter(target.line - 1, target.column - 1);
    if (target.endLine !== undefined && target.endColumn !== undefined) end = sf.getPositionOfLineAndCharacter(target.endLine - 1, target.endColumn - 1);
  } catch {
    return [];
  }
  switch (target.rule) {
    case 'no-sync-io-in-hot-path':
      return [...syncFsFix(sf, pos, end), ...callbackFix(sf, pos, end)];
    case 'no-blocking-crypto-in-hot-path':
      return callbackFix(sf, pos, end);
    case 'no-floating-promise':
      return floatingFixes(sf, pos, end);
    case 'no-large-postmessage-copy':
      return transferFix(sf, pos, end);
    case 'no-unbounded-promise-all':
      return limitFix(sf, pos, end);
    default:
      return [];
  }
}

const FS_MODULES = new Set(['fs', 'node:fs']);

/**
 * Where a name imported on its own from fs is bound, and how to bind its promise twin beside it:
 * `import { readFileSync } from 'fs'` or `const { readFileSync } = require('fs')`, without renaming.
 */
function namedFsImport(sf: ts.SourceFile, name: string): { after: number; esm: boolean } | undefined {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && FS_MODULES.has(st.moduleSpecifier.text)) {
      const named = st.importClause?.namedBindings;
      if (named && ts.isNamedImports(named) && named.elements.some((e) => !e.propertyName && e.name.text === name)) return { after: st.getEnd(), esm: true };
    }
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        const required = init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments.length === 1 && ts.isStringLiteral(init.arguments[0]) && FS_MODULES.has(init.arguments[0].text);
        if (required && ts.isObjectBindingPattern(d.name) && d.name.elements.some((e) => !e.propertyName && ts.isIdentifier(e.name) && e.name.text === name))
          return { after: st.getEnd(), esm: false };
      }
    }
  }
  return undefined;
}

/** `readFileSync(...)` imported on its own: `await readFile(...)`, with `readFile` imported from fs/promises beside it. */
function namedSyncFsFix(sf: ts.SourceFile, call: ts.CallExpression): QuickFix[] {
  if (!ts.isIdentifier(call.expression)) return [];
  const name = call.expression.text;
  const twin = FS_PROMISE_TWINS[name];
  const bound = twin ? namedFsImport(sf, name) : undefined;
  // A name already used in the file could clash with the new import: no fix rather than a wrong one.
  if (!twin || !bound || new RegExp(`\\b${twin}\\b`).test(sf.getFullText())) return [];
  const eol = sf.getFullText().includes('\r\n') ? '\r\n' : '\n';
  const importLine = bound.esm ? `import { ${twin} } from 'node:fs/promises';` : `const { ${twin} } = require('node:fs/promises');`;
  const args = call.arguments.map((a) => a.getText(sf)).join(', ');
  return [
    {
      title: `Use await ${twin}() from node:fs/promises`,
      preferred: true,
      edits: [
        { start: bound.after, end: bound.after, text: `${eol}${importLine}` },
        { start: call.getStart(sf), end: call.getEnd(), text: awaited(call, `${twin}(${args})`) },
      ],
    },
  ];
}

function syncFsFix(sf: ts.SourceFile, pos: number, end: number | undefined): QuickFix[] {
  const call = nodeAt(sf, pos, end, ts.isCallExpression);
  if (call && ts.isIdentifier(call.expression) && inAsyncFunction(call)) return namedSyncFsFix(sf, call);
  const m = call && memberCall(call);
  const twin = m && FS_PROMISE_TWINS[m.name];
  if (!call || !m || !twin || !inAsyncFunction(call)) return [];
  const args = call.arguments.map((a) => a.getText(sf)).join(', ');
  const replacement = awaited(call, `${m.object}.promises.${twin}(${args})`);
  return [{ title: `Use await ${m.object}.promises.${twin}()`, preferred: true, edits: [{ start: call.getStart(sf), end: call.getEnd(), text: replacement }] }];
}

function callbackFix(sf: ts.SourceFile, pos: number, end: number | undefined): QuickFix[] {
  const call = nodeAt(sf, pos, end, ts.isCallExpression);
  const m = call && memberCall(call);
  const twin = m && CALLBACK_TWINS[m.name];
  if (!call || !m || !twin || !inAsyncFunction(call)) return [];
  const args = call.arguments.map((a) => a.getText(sf)).join(', ');
  // The callback form runs off the event loop (libuv's thread pool, or a child process); wrapped in a
  // promise, it needs no new import.
  const body = `new Promise((resolve, reject) => ${m.object}.${twin}(${args}, (err, result) => (err ? reject(err) : resolve(result))))`;
  const where = twin.startsWith('exec') ? 'the event loop keeps running while it waits' : "libuv's thread pool";
  return [{ title: `Use the async ${m.object}.${twin}() (${where})`, preferred: true, edits: [{ start: call.getStart(sf), end: call.getEnd(), text: awaited(call, body) }] }];
}

/** `port.postMessage(data)` with `data` a plain name: hand its buffer over instead of cloning it. */
function transferFix(sf: ts.SourceFile, pos: number, end: number | undefined): QuickFix[] {
  const call = nodeAt(sf, pos, end, ts.isCallExpression);
  if (!call || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'postMessage') return [];
  const [data, ...rest] = call.arguments;
  if (!data || rest.length > 0 || !ts.isIdentifier(data)) return [];
  const name = data.text;
  return [
    {
      title: `Transfer ${name}.buffer instead of copying it (${name} is unusable here afterwards)`,
      preferred: true,
      edits: [{ start: data.getEnd(), end: data.getEnd(), text: `, [${name}.buffer]` }],
    },
  ];
}

function floatingFixes(sf: ts.SourceFile, pos: number, end: number | undefined): QuickFix[] {
  const stmt = nodeAt(sf, pos, undefined, ts.isExpressionStatement) ?? nodeAt(sf, pos, end, ts.isExpression)?.parent;
  if (!stmt || !ts.isExpressionStatement(stmt)) return [];
  const expr = stmt.expression;
  const start = expr.getStart(sf);
  const code = expr.getText(sf);
  const simple = ts.isCallExpression(expr) || ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr) || ts.isNewExpression(expr);
  const fixes: QuickFix[] = [];
  if (inAsyncFunction(stmt)) fixes.push({ title: 'Await it', preferred: true, edits: [{ start, end: start, text: 'await ' }] });
  fixes.push({
    title: 'Let it run, handling its rejection: void … .catch()',
    preferred: fixes.length === 0,
    edits: [{ start, end: expr.getEnd(), text: `void ${simple ? code : `(${code})`}.catch((err) => console.error(err))` }],
  });
  return fixes;
}

/** The limit the fix writes in: enough to keep a remote API busy, few enough for its rate limit and sockets. */
export const DEFAULT_LIMIT = 16;
const LIMIT_HELPER = 'mapWithLimit';

function limitHelper(typed: boolean, eol: string): string {
  const sig = typed
    ? `async function ${LIMIT_HELPER}<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number, all: readonly T[]) => R | Promise<R>): Promise<R[]> {`
    : `async function ${LIMIT_HELPER}(items, limit, fn) {`;
  const decl = typed ? 'const results: R[] = new Array(items.length);' : 'const results = new Array(items.length);';
  return [
    '',
    '/** At most `limit` calls of `fn` in flight at once; results in input order, like Promise.all(items.map(fn)). */',
    sig,
    `  ${decl}`,
    '  let next = 0;',
    '  const lane = async () => {',
    '    while (next < items.length) {',
    '      const i = next++;',
    '      results[i] = await fn(items[i], i, items);',
    '    }',
    '  };',
    '  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));',
    '  return results;',
    '}',
    '',
  ].join(eol);
}

/** `Promise.all(items.map(fn))` → `mapWithLimit(items, 16, fn)`, with the helper added once at the end of the file. */
function limitFix(sf: ts.SourceFile, pos: number, end: number | undefined): QuickFix[] {
  const call = nodeAt(sf, pos, end, ts.isCallExpression);
  if (!call || !ts.isPropertyAccessExpression(call.expression) || call.expression.getText(sf) !== 'Promise.all' || call.arguments.length !== 1) return [];
  const mapped = call.arguments[0];
  if (!ts.isCallExpression(mapped) || !ts.isPropertyAccessExpression(mapped.expression) || mapped.expression.name.text !== 'map' || mapped.arguments.length !== 1) return [];
  const items = mapped.expression.expression.getText(sf);
  const fn = mapped.arguments[0].getText(sf);
  const edits: TextReplacement[] = [{ start: call.getStart(sf), end: call.getEnd(), text: `${LIMIT_HELPER}(${items}, ${DEFAULT_LIMIT}, ${fn})` }];
  const text = sf.getFullText();
  if (!new RegExp(`function\\s+${LIMIT_HELPER}\\b`).test(text)) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const typed = /\.[cm]?tsx?$/i.test(sf.fileName);
    edits.push({ start: text.length, end: text.length, text: `${text.endsWith(eol) || text === '' ? '' : eol}${limitHelper(typed, eol)}` });
  }
  return [{ title: `Limit it to ${DEFAULT_LIMIT} at a time: ${LIMIT_HELPER}(${items}, ${DEFAULT_LIMIT}, …)`, preferred: true, edits }];
}

/** The fix applied to the text, for tests and for callers without an editor. */
export function applyFix(text: string, fix: QuickFix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
