// What the flamegraph run needs to know about 0x (checked against 0x 6): where its CLI is, which commands
// it can wrap, the command line that keeps its work out of the user's project, and how to read what it
// prints. 0x wraps exactly one `node` process, adding --prof and its own preloads to that node's command
// line, so a launcher (npm, npx, tsx) would leave the real workload out of its reach.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveCommand } from './command-line';

export const ZERO_X_INSTALL = 'npm install --save-dev 0x';

/** 0x names the page `{name}.html` in its output directory; the name is fixed so the run can find it. */
export const FLAMEGRAPH_HTML = 'flamegraph.html';

/**
 * 0x replaces these in --output-dir, so a directory whose name contains one would not be where the run
 * looks for the page.
 */
const OUTPUT_DIR_TEMPLATE = /\{(?:pid|timestamp|cwd|name|outputDir)\}/;

/** The V8 log of one isolate, as `node --prof --logfile=DIR/%p-v8.log` names it; the pid is the process's. */
const ISOLATE_LOG = /^isolate-(?:0x)?[0-9A-Fa-f]+-(?:\d+-)?(\d+)-v8\.log$/;

export type ZeroXLookup = { cmdPath: string } | { error: string };

/**
 * 0x's CLI: an explicit path, else the copy installed beside Concurrency Lens, else the workload's own
 * (a packaged extension ships without dev dependencies, so the project's copy is the usual one there).
 */
export function findZeroX(cwd: string, explicit?: string): ZeroXLookup {
  if (explicit !== undefined) {
    const cmdPath = path.resolve(cwd, explicit);
    if (fs.existsSync(cmdPath)) return { cmdPath };
    return { error: `0x was not found at ${cmdPath}. Install it in the project with \`${ZERO_X_INSTALL}\`, or give the path of its cmd.js` };
  }
  for (const from of [__dirname, cwd]) {
    try {
      return { cmdPath: require.resolve('0x/cmd.js', { paths: [from] }) };
    } catch {
      // Not installed there; try the next place.
    }
  }
  return { error: `The flamegraph needs 0x, which is not installed here or in ${cwd}. Install it in the project with \`${ZERO_X_INSTALL}\`` };
}

export interface NodeCommand {
  /** The node binary, as the user named it (`node` is found on PATH). */
  node: string;
  args: string[];
  /** Absolute path of the script, when the command names one; checked before anything runs. */
  script?: string;
}

const isNodeBinary = (file: string): boolean => /^node(js)?(\.exe)?$/i.test(path.basename(file));

/** The command as a node command line 0x can wrap, or why it cannot be one. */
export function nodeCommandFor(command: readonly string[], cwd: string): NodeCommand | { error: string } {
  const resolved = resolveCommand(command, cwd);
  if (resolved.script || (isNodeBinary(resolved.file) && resolved.args.length > 0)) {
    return { node: resolved.file, args: resolved.args, ...(resolved.script ? { script: resolved.script } : {}) };
  }
  return {
    error:
      `A flamegraph can only be made of a command that starts Node.js directly, like \`app.js ARGS\` or \`node [node options] app.js ARGS\`: ` +
      `0x profiles the one node process it starts, and \`${command.join(' ')}\` would start node through ${path.basename(resolved.file)}, out of its reach. ` +
      'Give the script that command runs instead (an npm script’s is in package.json); for TypeScript, `node --import tsx app.ts`.',
  };
}

export function outputDirProblem(outDir: string): string | undefined {
  const template = OUTPUT_DIR_TEMPLATE.exec(outDir);
  return template ? `The flamegraph directory must not contain ${template[0]}: 0x would replace it with a value of its own` : undefined;
}

/**
 * 0x's own command line. --working-dir is where node writes its V8 log while the workload runs (0x moves
 * it into the output directory afterwards); without it the log would appear in the user's project.
 * --quiet leaves out 0x's progress line, which rewrites the terminal line by line.
 */
export function zeroXArgs(cmdPath: string, outDir: string, workingDir: string, command: NodeCommand): string[] {
  return [cmdPath, '--quiet', `--output-dir=${outDir}`, `--working-dir=${workingDir}`, `--name=${path.basename(FLAMEGRAPH_HTML, '.html')}`, '--', command.node, ...command.args];
}

/** The pid of the process that wrote an isolate log, from the log's name. */
export function isolateLogPid(fileName: string): number | undefined {
  const m = ISOLATE_LOG.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

/** 0x reports a failed workload this way on stderr (and still draws the flamegraph); nothing for exit code 0 or a signal. */
const WORKLOAD_FAILED = /^Target subprocess error, code: (-?\d+)\r?\n?/gm;

export function workloadExitCodeFrom(stderr: string): number | undefined {
  const all = [...stderr.matchAll(WORKLOAD_FAILED)];
  return all.length > 0 ? Number(all[all.length - 1][1]) : undefined;
}

/** The workload's stderr without 0x's own note about its exit code. */
export const withoutZeroXNotes = (stderr: string): string => stderr.replace(WORKLOAD_FAILED, '');

/** What the workload printed before 0x's note on its failure; 0x's own errors, if any, come after it. */
export function workloadStderrFrom(stderr: string): string {
  const all = [...stderr.matchAll(WORKLOAD_FAILED)];
  return all.length > 0 ? stderr.slice(0, all[all.length - 1].index) : stderr;
}

/** 0x prints its fatal errors as `Error: \n🚫  MESSAGE` followed by the stack. */
export function zeroXErrorFrom(stderr: string): string | undefined {
  const start = stderr.lastIndexOf('🚫');
  if (start < 0) return undefined;
  const lines = stderr.slice(start + '🚫'.length).split('\n');
  const end = lines.findIndex((l) => /^\s+at /.test(l));
  return lines
    .slice(0, end < 0 ? lines.length : end)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
