// Detector: postMessage without a transfer list copies its data with structured clone. Flagged for binary
// data of a megabyte or more (or of unknown size); a SharedArrayBuffer is shared, not copied.
import type { ts } from '../typescript';
import { formatMiB, ONE_MIB } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';

export function checkPostMessage(w: FactWalker, call: ts.CallExpression, ctx: WalkCtx): void {
  if (call.arguments.length !== 1) return; // a second argument is a transfer list or options with one
  const arg = call.arguments[0];
  const data = w.binaryOf(arg, ctx) ?? w.opts.types?.binaryType(arg);
  if (!data || data.shared) return;
  if (data.bytes !== undefined && data.bytes < ONE_MIB) return;
  const size = data.bytes !== undefined ? ` (${formatMiB(data.bytes)})` : '';
  w.candidate(ctx, 'no-large-postmessage-copy', call,
    `postMessage copies this ${data.type}${size} with structured clone {where}; pass a transfer list (postMessage(data, [data.buffer])) or share a SharedArrayBuffer`);
}
