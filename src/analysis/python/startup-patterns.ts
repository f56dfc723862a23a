// What counts as start-up code in Python, beside ../startup-patterns.ts: code that runs once, when the service
// starts or stops, or by hand. Module top level (which includes `if __name__ == "__main__":` and
// `asyncio.run(main())`) needs no pattern: the linker treats what only module top level calls as start-up.
// Data only; the Python walker marks functions with these.
import type { StartupKind } from '../startup-patterns';

/** Lifecycle decorators: FastAPI/Starlette `@app.on_event('startup')`, Quart `@app.before_serving`, Sanic listeners. */
export const LIFECYCLE_DECORATORS = new Set([
  'on_event', 'before_serving', 'after_serving', 'while_serving', 'listener', 'before_server_start', 'after_server_start',
  'before_server_stop', 'after_server_stop', 'main_process_start', 'main_process_stop', 'on_startup', 'on_shutdown',
  'before_first_request', 'teardown_appcontext',
]);

/** Command-line commands: click `@click.command()`, `@cli.command()`, `@group.command()`, typer `@app.command()`, `@app.callback()`. */
export const CLI_DECORATORS = new Set(['command', 'group', 'callback', 'result_callback']);

/**
 * Keyword arguments that hand over start-up or shutdown code: `FastAPI(lifespan=lifespan)`,
 * `Starlette(on_startup=[connect], on_shutdown=[close])`.
 */
export const LIFECYCLE_KEYWORDS = new Set(['lifespan', 'on_startup', 'on_shutdown']);

/**
 * Lists the framework runs at start or stop: aiohttp `app.on_startup.append(init_db)`, `app.on_cleanup`,
 * `app.on_shutdown`, `app.cleanup_ctx.append(ctx)`.
 */
export const LIFECYCLE_LISTS = new Set(['on_startup', 'on_shutdown', 'on_cleanup', 'cleanup_ctx']);

/** Registration calls of start-up or shutdown code, by the called name, with the function's argument position. */
export const STARTUP_CALLS: ReadonlyArray<{ name: string; arg: number; kind: StartupKind; module?: string }> = [
  // `app.add_event_handler('startup', connect)`
  { name: 'add_event_handler', arg: 1, kind: 'lifecycle-hook' },
  { name: 'register', arg: 0, kind: 'shutdown-handler', module: 'atexit' },
  { name: 'signal', arg: 1, kind: 'shutdown-handler', module: 'signal' },
  { name: 'add_signal_handler', arg: 1, kind: 'shutdown-handler' },
];

/**
 * Whole files that run by hand or at deploy time, by their path below the analysed folder, beyond the folders
 * ../startup-patterns.ts already names (migrations/, scripts/, tests...): Alembic's migrations, Django's
 * management commands, packaging and task-runner files, pytest's conftest.
 */
export const PYTHON_STARTUP_FILES: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /(^|\/)alembic\//, reason: 'migration' },
  { pattern: /(^|\/)versions\/[^/]+\.py$/, reason: 'migration' },
  { pattern: /(^|\/)management\/commands\//, reason: 'command-line script' },
  { pattern: /(^|\/)(setup|manage|noxfile|fabfile|conftest)\.py$/, reason: 'script' },
];
