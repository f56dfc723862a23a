// A tiny test runner for the extension host: no mocha, just named async tests run in order. Each result
// line goes to console.log and to the file named by CONCURRENCY_LENS_TEST_LOG (set by test/integration/run.mjs),
// which the runner prints; failures make run() reject, which VS Code turns into a non-zero exit code.
import { appendFileSync } from 'node:fs';
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
