#!/usr/bin/env node
// The same in-VS-Code suite (test/integration/suite/) in desktop VS Code, through @vscode/test-electron,
// for machines that can download VS Code. (These build machines cannot; there, `npm test` runs the suite
// in code-server through test/integration/run.mjs.)
//
//   npm run build && npm run compile && node test/integration/run-desktop.mjs [--restricted] [--version stable]
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const restricted = process.argv.includes('--restricted');
const versionAt = process.argv.indexOf('--version');
const version = versionAt >= 0 ? process.argv[versionAt + 1] : 'stable';

// A copy, as in run.mjs: the suite edits and saves files in its workspace.
const workspace = mkdtempSync(path.join(os.tmpdir(), 'cl-desktop-ws-'));
cpSync(path.join(repo, 'test/fixtures/workspaces/http-sync-io'), workspace, { recursive: true });
const userData = mkdtempSync(path.join(os.tmpdir(), 'cl-desktop-user-'));
try {
  await runTests({
    version,
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out/test/integration/suite/index.js'),
    launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', ...(restricted ? [] : ['--disable-workspace-trust'])],
    extensionTestsEnv: { CONCURRENCY_LENS_TEST_HOST: 'desktop', ...(restricted ? { CONCURRENCY_LENS_TEST_RESTRICTED: '1' } : {}) },
  });
} catch (err) {
  console.error(`desktop VS Code tests failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
}
