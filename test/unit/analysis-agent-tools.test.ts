// AI tools as entries: what an LLM agent runs on every tool call (AI SDK, OpenAI Agents, LangChain, MCP servers).
// The rule fixture (rules/frameworks/src/ai) checks which lines are reported; these check what the chain and the
// message say, and the shapes the fixture leaves out: a re-exported LangChain, a tool made by a function of the
// project, and tools of a server whose registration no route reaches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { FIXTURES } from './fixture-expectations';
import { tempProject } from './temp-project';

const describe = (f: Finding): string => `${f.file}:${f.line} ${f.entry} ${f.chain.map((s) => s.symbol).join(' → ')}`;

function hot(files: Record<string, string>): string[] {
  const p = tempProject(files);
  try {
    return analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: true }).findings.map(describe);
  } finally {
    p.cleanup();
  }
}

test('the chain of a tool names the tool, and the message says an agent runs it on every tool call', () => {
  const dir = path.join(FIXTURES, 'rules', 'frameworks');
  const findings = analyzePaths({ paths: [dir], cwd: dir, types: 'off' }).findings.filter((f) => f.file.startsWith('src/ai/'));
  assert.deepEqual(findings.filter((f) => f.entry === 'agent-tool').map(describe), [
    'src/ai/agent-tools.ts:13 agent-tool AI tool readNote: execute',
    'src/ai/agent-tools.ts:25 agent-tool AI tool listNotes: execute → listNotes',
    'src/ai/agent-tools.ts:29 agent-tool AI tool search',
    'src/ai/agent-tools.ts:38 agent-tool AI tool stat: func',
    'src/ai/agent-tools.ts:46 agent-tool AI tool: ArchiveTool._call',
    "src/ai/mcp-server.js:8 agent-tool MCP tool 'read_file'",
    "src/ai/mcp-server.js:10 agent-tool MCP tool 'list_dir'",
    'src/ai/mcp-server.js:15 agent-tool MCP CallTool request',
  ]);
  const direct = findings.find((f) => f.line === 13)!;
  assert.match(direct.message, /readFileSync blocks the event loop in an AI tool \(an agent runs it on every tool call\)/);
  const indirect = findings.find((f) => f.line === 25)!;
  assert.match(indirect.message, /on a path from an AI tool/);
  // A project's own `tool` and `registerTool` in a file that is no MCP server's: nothing says an agent calls them.
  assert.deepEqual(findings.filter((f) => f.file === 'src/ai/not-tools.js').map((f) => f.reach), ['unknown', 'unknown']);
});

test("LangChain re-exported by another package is still LangChain; a tool a function returns is named after it", () => {
  assert.deepEqual(hot({
    'tools/image.js': [
      "const fs = require('fs');",
      "const { tool } = require('@librechat/agents/langchain/tools');",
      'function createImageTool(dir) {',
      '  return tool(async ({ id }) => fs.readFileSync(`${dir}/${id}.png`), { name: undefined, schema: {} });',
      '}',
      'module.exports = { createImageTool };',
    ].join('\n'),
  }), ['tools/image.js:4 agent-tool AI tool createImageTool']);
});

test('an MCP server whose tools are registered from a route: the tool is the entry, not the route that built the server', () => {
  assert.deepEqual(hot({
    'mcp.ts': [
      "import { readFileSync } from 'fs';",
      "import { type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
      'export function documentTools(server: McpServer) {',
      "  server.registerTool('read_document', { title: 'Read' }, async ({ id }: { id: string }) => ({ text: readFileSync(`docs/${id}`, 'utf8') }));",
      '}',
    ].join('\n'),
    'app.ts': [
      "import express from 'express';",
      "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
      "import { documentTools } from './mcp';",
      'const app = express();',
      "app.post('/mcp', (req, res) => { const server = new McpServer({ name: 'docs', version: '1' }); documentTools(server); res.end(); });",
    ].join('\n'),
  }), ["mcp.ts:4 agent-tool MCP tool 'read_document'"]);
});

test("--entry names a project's own tool registry: the functions of the object it is given are entries", () => {
  const files = {
    'plugins/search.js': [
      "const { spawnSync } = require('child_process');",
      'module.exports = {',
      '  setup(aibitat) {',
      "    aibitat.function({ name: 'search', handler: async ({ q }) => spawnSync('rg', [q]).stdout.toString(), examples: [] });",
      '  },',
      '};',
    ].join('\n'),
  };
  const p = tempProject(files);
  try {
    const run = (extraEntryCallees: string[]) =>
      analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: true, extraEntryCallees }).findings.map(describe);
    assert.deepEqual(run([]), []);
    assert.deepEqual(run(['aibitat.function']), ['plugins/search.js:4 custom aibitat.function: handler']);
  } finally {
    p.cleanup();
  }
});
