// A tiny test runner for the extension host: no mocha, just named async tests run in order. Each result
// line goes to console.log and to the file named by CONCURRENCY_LENS_TEST_LOG (set by test/integration/run.mjs),
// which the runner prints; failures make run() reject, which VS Code turns into a non-zero exit code.
// checkPage asks the runner to look into a webview from the browser side.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';

type Test = { name: string; fn: () => Promise<void> | void };

export function log(line: string): void {
  console.log(line);
  const file = process.env.CONCURRENCY_LENS_TEST_LOG;
  if (file) appendFileSync(file, `${line}\n`);
}

export async function runTests(suite: string, tests: Test[]): Promise<void> {
  const failed: string[] = [];
  const only = process.env.CONCURRENCY_LENS_TEST_GREP;
  log(`# ${suite}`);
  let n = 0;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    n++;
    const started = Date.now();
    try {
      await t.fn();
      log(`ok ${n} - ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed.push(t.name);
      log(`not ok ${n} - ${t.name} (${Date.now() - started} ms)`);
      const text = err instanceof Error ? (err.stack ?? err.message) : inspect(err);
      for (const l of text.split('\n')) log(`  ${l}`);
    }
  }
  log(`# ${n - failed.length} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`${failed.length} of ${n} tests failed: ${failed.join('; ')}`);
}

/** Polls until `probe` returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface PageCheck {
  found: boolean;
  error?: string;
  /** Texts asked for that the panel's page does not show. */
  missingTexts?: string[];
  canvases?: number;
  /** Canvases with at least one painted pixel. */
  drawnCanvases?: number;
  /** Content Security Policy violations the page's console reported so far (the whole run's). */
  cspViolations: string[];
}

let pageChecks = 0;

/**
 * Asks test/integration/run.mjs to look at a panel's page in the browser (the extension host cannot see
 * into a webview): what the user sees, the canvases drawn. Undefined where no runner answers (the desktop
 * runner), so callers skip the check there.
 */
export async function checkPage(request: { panel: string; texts?: string[]; canvas?: boolean }, timeoutMs = 45_000): Promise<PageCheck | undefined> {
  const dir = process.env.CONCURRENCY_LENS_TEST_PAGE_CHECKS;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  const n = String(++pageChecks).padStart(3, '0');
  writeFileSync(path.join(dir, `${n}.request.json`), JSON.stringify(request));
  const result = path.join(dir, `${n}.result.json`);
  await waitFor(`the runner's page check of the ${request.panel} panel`, () => (existsSync(result) ? true : undefined), timeoutMs);
  return JSON.parse(readFileSync(result, 'utf8')) as PageCheck;
}
