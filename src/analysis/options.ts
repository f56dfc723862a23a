// What a caller can tune. The editor maps its settings onto this; the CLI maps its flags.
import type { Severity } from './findings';

export type TypeMode = 'auto' | 'on' | 'off';

export interface AnalyzerOptions {
  /** Files or folders to analyse; folders are walked. Absolute, or relative to `cwd`. */
  paths: string[];
  /** Findings report `file` relative to this folder. Defaults to process.cwd(). */
  cwd?: string;
  /**
   * Use the TypeScript type checker where it sharpens the answer (receiver types, promise-returning calls,
   * request/response parameter types). `auto` turns it on when a tsconfig.json/jsconfig.json and
   * @types/node are found. Syntax alone always works.
   */
  types?: TypeMode;
  /** Globs (relative to cwd) a file must match to be analysed; empty means all supported files. */
  include?: string[];
  /** Globs (relative to cwd) that exclude files, in addition to the defaults (node_modules, dist, out, build, coverage, .git, venv). */
  exclude?: string[];
  /** Extra hot-path entry callees, e.g. `bot.command` or `queue.process`: functions passed to them are entries. */
  extraEntryCallees?: string[];
  /** Per-rule severity overrides; `off` disables a rule. */
  severity?: Record<string, Severity | 'off'>;
  /**
   * A baseline file (absolute, or relative to `cwd`): findings it lists are left out of the result, which says how
   * many in `baseline`. A missing or broken file leaves everything in and says why in `baseline.error`.
   */
  baselineFile?: string;
  /**
   * Leave out the findings no known entry reaches (reach `unknown`), and with them the type checker's questions about
   * them. For callers that would drop them anyway: the CLI without --unknown-reach or a baseline. The editor shows
   * them as hints, and a baseline must list them, so the default keeps them.
   */
  skipUnknownReach?: boolean;
  /** Files larger than this are skipped with a reason. Default 2 MB: parsing is about 70 bytes of memory per byte of source. */
  maxFileBytes?: number;
}

/**
 * Folders of build output and dependencies, declaration files, and tests: test callbacks block on purpose and
 * are not a request path. `--include` brings any of them back.
 */
export const DEFAULT_EXCLUDES = [
  '**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/coverage/**',
  '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/__tests__/**', '**/*.test.*', '**/*.spec.*',
  // Python: virtual environments, installed packages, bytecode caches and pytest's test files.
  '**/venv/**', '**/.venv/**', '**/__pycache__/**', '**/site-packages/**', '**/.tox/**', '**/.nox/**', '**/.mypy_cache/**',
  '**/test_*.py', '**/*_test.py', '**/conftest.py',
];

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.py'];

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
