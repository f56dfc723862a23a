// Entries of AI agents: the tools an LLM calls. An agent runs a tool's function on every tool call of a chat turn or
// job, on the same event loop as the server that runs the agent, so what a tool does is as hot as a route's work:
// AnythingLLM's file-search tool spawns ripgrep synchronously per call. The libraries and methods are data
// (AI_TOOL_LIBRARIES, MCP_* in entry-patterns.ts); LangChain's Tool subclasses are matched by their base class
// (BASE_CLASS_ENTRY_METHODS).
import { ts } from './typescript';
import { NO_BINDING, packageExport, type Binding } from './bindings';
import { AI_TOOL_LIBRARIES, MCP_REQUEST_HANDLER_METHOD, MCP_TOOL_METHODS } from './entry-patterns';
import { functionArgs, markEntry, markObjectMember } from './entries';
import type { FactWalker, WalkCtx } from './fact-walker';
import { calleeName, literalText, propertyKey, skipOuter } from './syntax';

/**
 * `tool({ description, execute })` (AI SDK), `tool(fn, { name })` and `new DynamicStructuredTool({ func })`
 * (LangChain), and in a file of an MCP server `server.registerTool('name', config, handler)`,
 * `server.tool('name', handler)`, `server.setRequestHandler(CallToolRequestSchema, handler)`.
 */
export function registerAgentTool(w: FactWalker, call: ts.CallExpression | ts.NewExpression, target: Binding | undefined, ctx: WalkCtx): void {
  const args = call.arguments ?? [];
  const made = packageExport(target ?? NO_BINDING);
  const library = made && AI_TOOL_LIBRARIES.find((l) => l.id === made.module);
  const handler = made && library ? library.factories[made.name] : undefined;
  if (handler !== undefined) {
    const name = toolName(call, args);
    const label = name !== undefined ? `AI tool ${name}` : 'AI tool';
    if (typeof handler === 'number') {
      for (const f of functionArgs(w, args.slice(handler, handler + 1), ctx)) markEntry(w, f, 'agent-tool', ctx, label);
      return;
    }
    for (const a of args) {
      const opts = skipOuter(a);
      if (!ts.isObjectLiteralExpression(opts)) continue;
      for (const p of opts.properties) if (propertyKey(p) === handler) markObjectMember(w, p, 'agent-tool', ctx, label);
    }
    return;
  }
  const callee = skipOuter(call.expression);
  if (!w.importsMcpServer || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(callee)) return;
  const method = callee.name.text;
  const last = args.length > 1 ? args.slice(-1) : [];
  if (MCP_TOOL_METHODS.has(method)) {
    const name = args[0] ? literalText(skipOuter(args[0])) : undefined;
    if (name === undefined) return;
    for (const f of functionArgs(w, last, ctx)) markEntry(w, f, 'agent-tool', ctx, `MCP tool '${name}'`);
  } else if (method === MCP_REQUEST_HANDLER_METHOD) {
    // `CallToolRequestSchema` reads "MCP CallTool request".
    const schema = args[0] ? calleeName(skipOuter(args[0])).replace(/RequestSchema$/, '') : '';
    for (const f of functionArgs(w, last, ctx)) markEntry(w, f, 'agent-tool', ctx, `MCP ${schema ? `${schema} ` : ''}request`);
  }
}

/**
 * What the tool is called: its options' `name` (`tool(fn, { name: 'image_gen' })`), else the key or variable that holds
 * it (`callApi: tool({...})`, `const searchTool = tool(...)`), else the function that returns it
 * (`function searchPastExperimentsTool(context) { return tool({...}) }`).
 */
function toolName(call: ts.CallExpression | ts.NewExpression, args: readonly ts.Expression[]): string | undefined {
  for (const a of args) {
    const opts = skipOuter(a);
    if (!ts.isObjectLiteralExpression(opts)) continue;
    const p = opts.properties.find((q) => propertyKey(q) === 'name');
    const text = p && ts.isPropertyAssignment(p) ? literalText(skipOuter(p.initializer)) : undefined;
    if (text !== undefined) return text;
  }
  let holder: ts.Node = call;
  while (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent) || ts.isAwaitExpression(holder.parent)) holder = holder.parent;
  const parent = holder.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === holder) return propertyKey(parent);
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  const returnedBy = ts.isReturnStatement(parent) ? ts.findAncestor(parent, ts.isFunctionLike) : undefined;
  const fn = returnedBy ?? (ts.isArrowFunction(parent) && parent.body === holder ? parent : undefined);
  return fn ? functionName(fn) : undefined;
}

/** `function f() {}`, `const f = () => ...`, a method `f() {}`: the name a reader knows the function by. */
function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const holder = fn.parent;
  return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}
