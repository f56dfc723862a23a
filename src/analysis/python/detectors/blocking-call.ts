// Detector: a call that blocks the calling thread (time.sleep, requests, urllib, httpx.Client, open(), os/shutil/
// pathlib file I/O, subprocess, sync database drivers, key derivation and password hashing). The walker resolves
// what the callee refers to; this looks it up in the Python catalogue (../blocking-apis.ts), which names the rule.
import type { Binding } from '../../bindings';
import { splitPath } from '../binding-members';
import { lookupPythonBlockingApi } from '../blocking-apis';
import { field, named, stringValue, type PyNode } from '../syntax-tree';
import type { PyCtx, PythonWalker } from '../walker';

export function checkBlockingCall(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): void {
  let api;
  if (target?.kind === 'package-member') {
    const { module, name } = splitPath(target);
    api = lookupPythonBlockingApi(module, name);
  } else if (target?.kind === 'node-method') {
    api = lookupPythonBlockingApi(target.module, target.name, target.className);
  }
  if (!api) return;
  // `yaml.safe_load("a: 1")`: the input is written in the code, so it is as small as the code shows.
  if (api.cost === 'input' && isLiteralFirstArgument(w, call)) return;
  // The call as written (`requests.get()`, `self.client.get()`), and its catalogue name when written otherwise.
  const written = w.text(field(call, 'function')!).replace(/\s+/g, '');
  const canonical = api.className ? `${api.module}.${api.className}.${api.name}` : api.module === 'builtins' ? api.name : `${api.module}.${api.name}`;
  const shown = written === canonical || written.endsWith(`.${canonical}`) ? `${written}()` : `${written}() (${canonical})`;
  if (api.cost === 'input') {
    w.candidate(ctx, api.rule, call, `${shown} computes on the event loop {where} for as long as its input takes; if the input can be large (an upload, a whole document), use ${api.instead}`);
    return;
  }
  const metadata = api.cost === 'metadata';
  const verb = api.rule === 'no-blocking-crypto-in-hot-path' ? 'holds the event loop for the whole computation' : metadata ? 'blocks the event loop briefly' : 'blocks the event loop';
  const message = metadata
    ? `${shown} ${verb} {where} (one small system call); prefer ${api.instead}`
    : `${shown} ${verb} {where}; use ${api.instead} instead`;
  w.candidate(ctx, api.rule, call, message, metadata ? { severity: 'info' } : {});
}

/** The call's first positional argument is a string literal (`"a: 1"`, not an f-string with fields). */
function isLiteralFirstArgument(w: PythonWalker, call: PyNode): boolean {
  const args = field(call, 'arguments');
  const first = args ? named(args).find((a) => a.type !== 'keyword_argument') : undefined;
  return first !== undefined && stringValue(w.tree, first) !== undefined;
}
