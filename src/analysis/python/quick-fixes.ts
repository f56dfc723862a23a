// Quick fixes for Python findings, as text replacements (the shape of ../quick-fixes.ts), only where the rewrite is
// safe from the file alone and the code is in an `async def`:
// - `time.sleep(x)` → `await asyncio.sleep(x)`;
// - another blocking call → `await asyncio.to_thread(f, args...)` (to_thread passes positional and keyword
//   arguments through); not `open()` (the reads that follow would still block) nor a context manager;
// - a dropped `asyncio.create_task(...)` → kept in a module-level set until it is done;
// - a coroutine called without `await` → awaited.
// `import asyncio` is added when the file lacks it. Needs the parser loaded (the analysis worker loads it first).
import type { FixTarget, QuickFix, TextReplacement } from '../quick-fixes';
import { isPythonParserLoaded, parsePython } from './parser';
import { field, hasToken, named, type PyNode, type PyTree } from './syntax-tree';

const TASKS_SET = '_background_tasks';

export function pythonQuickFixes(text: string, target: FixTarget): QuickFix[] {
  if (!isPythonParserLoaded()) return [];
  const tree = parsePython(text);
  const start = offsetOf(tree, target.line, target.column);
  const end = target.endLine !== undefined && target.endColumn !== undefined ? offsetOf(tree, target.endLine, target.endColumn) : undefined;
  if (start === undefined) return [];
  const call = nodeAt(tree.root, start, end, 'call');
  if (!call || !inAsyncDef(call)) return [];
  switch (target.rule) {
    case 'no-sync-io-in-hot-path':
    case 'no-blocking-crypto-in-hot-path':
      return blockingFix(tree, call);
    case 'no-floating-promise':
      return floatingFix(tree, call);
    default:
      return [];
  }
}

function offsetOf(tree: PyTree, line: number, column: number): number | undefined {
  const base = tree.lineStarts[line - 1];
  return base === undefined ? undefined : base + column - 1;
}

/** The node of that type spanning [start, end), or, without an end, the outermost one starting at start. */
function nodeAt(root: PyNode, start: number, end: number | undefined, type: string): PyNode | undefined {
  let found: PyNode | undefined;
  const visit = (n: PyNode): void => {
    if (start < n.start || start > n.end) return;
    if (n.type === type && n.start === start && (end === undefined || n.end === end)) {
      found ??= n;
      if (end === undefined) return;
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  return found;
}

/** Directly in an `async def`: not in a lambda or a comprehension, where `await` would change what runs when. */
function inAsyncDef(node: PyNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return hasToken(n, 'async');
    if (n.type === 'lambda' || n.type.endsWith('comprehension') || n.type === 'generator_expression') return false;
  }
  return false;
}

const text = (tree: PyTree, n: PyNode): string => tree.text.slice(n.start, n.end);

/** `await x` where the call was the target of `.attr`, a call or a subscript needs parentheses. */
function awaited(call: PyNode, code: string): string {
  const p = call.parent;
  const isTarget = p !== undefined && ((p.type === 'attribute' && call.field === 'object') || (p.type === 'call' && call.field === 'function') || (p.type === 'subscript' && call.field === 'value'));
  return isTarget ? `(await ${code})` : `await ${code}`;
}

function blockingFix(tree: PyTree, call: PyNode): QuickFix[] {
  const fn = field(call, 'function')!;
  const args = field(call, 'arguments');
  if (!args || args.type !== 'argument_list') return [];
  const callee = text(tree, fn);
  const inner = tree.text.slice(args.start + 1, args.end - 1).trim();
  const sleep = callee === 'time.sleep' || (callee === 'sleep' && /^from\s+time\s+import\s+[^\n]*\bsleep\b/m.test(tree.text));
  if (sleep) {
    return [{
      title: 'Use await asyncio.sleep()',
      preferred: true,
      edits: [...importAsyncio(tree), { start: call.start, end: call.end, text: awaited(call, `asyncio.sleep(${inner})`) }],
    }];
  }
  // open() returns a file whose reads block too; a context manager's enter and exit would stay on the loop.
  if (callee === 'open' || call.parent?.type === 'with_item' || call.parent?.type === 'as_pattern') return [];
  const code = `asyncio.to_thread(${callee}${inner ? `, ${inner}` : ''})`;
  return [{
    title: `Run it on a thread: await asyncio.to_thread(${callee}, …)`,
    preferred: true,
    edits: [...importAsyncio(tree), { start: call.start, end: call.end, text: awaited(call, code) }],
  }];
}

function floatingFix(tree: PyTree, call: PyNode): QuickFix[] {
  const stmt = call.parent;
  if (stmt?.type !== 'expression_statement') return [];
  const callee = text(tree, field(call, 'function')!);
  if (!/(^|\.)(create_task|ensure_future)$/.test(callee)) {
    return [{ title: 'Await it', preferred: true, edits: [{ start: call.start, end: call.start, text: 'await ' }] }];
  }
  const lineStart = tree.lineStarts[lineIndex(tree, stmt.start)];
  const indent = tree.text.slice(lineStart, stmt.start);
  if (indent.trim() !== '') return [];
  const eol = tree.text.includes('\r\n') ? '\r\n' : '\n';
  const fn = enclosingDef(call);
  const name = fn && /\btask\b/.test(text(tree, fn)) ? 'background_task' : 'task';
  const edits: TextReplacement[] = [
    {
      start: stmt.start,
      end: stmt.end,
      text: [`${name} = ${text(tree, call)}`, `${indent}${TASKS_SET}.add(${name})`, `${indent}${name}.add_done_callback(${TASKS_SET}.discard)`].join(eol),
    },
  ];
  if (!new RegExp(`^${TASKS_SET}\\b`, 'm').test(tree.text)) {
    const at = afterImports(tree);
    const comment = "# Tasks started and not awaited: kept here until done, so the event loop's weak reference is not the only one.";
    edits.unshift({ start: at, end: at, text: `${at === 0 ? '' : eol + eol}${comment}${eol}${TASKS_SET}: set[asyncio.Task] = set()${at === 0 ? eol : ''}` });
  }
  return [{ title: `Keep the task in ${TASKS_SET} until it is done`, preferred: true, edits: [...importAsyncio(tree), ...edits] }];
}

function enclosingDef(node: PyNode): PyNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

function lineIndex(tree: PyTree, offset: number): number {
  let i = 0;
  while (i + 1 < tree.lineStarts.length && tree.lineStarts[i + 1] <= offset) i++;
  return i;
}

const isImport = (n: PyNode): boolean => n.type === 'import_statement' || n.type === 'import_from_statement' || n.type === 'future_import_statement';

/** The end of the line after the module's leading imports (or its docstring), where a module-level name can go. */
function afterImports(tree: PyTree): number {
  let at = 0;
  for (const st of named(tree.root)) {
    if (isImport(st) || (at === 0 && st.type === 'expression_statement' && named(st)[0]?.type === 'string')) at = st.end;
    else break;
  }
  return at;
}

/** `import asyncio` before the first import (after `from __future__` ones and the docstring), unless it is there. */
function importAsyncio(tree: PyTree): TextReplacement[] {
  if (/^import[ \t]+([\w.]+[ \t]*,[ \t]*)*asyncio\b/m.test(tree.text)) return [];
  const eol = tree.text.includes('\r\n') ? '\r\n' : '\n';
  const statements = named(tree.root);
  const first = statements.find((st) => isImport(st) && st.type !== 'future_import_statement');
  if (first) return [{ start: first.start, end: first.start, text: `import asyncio${eol}` }];
  const at = afterImports(tree);
  return [{ start: at, end: at, text: at === 0 ? `import asyncio${eol}` : `${eol}import asyncio` }];
}
