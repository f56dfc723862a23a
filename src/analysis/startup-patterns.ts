// What counts as start-up code: code that runs once, before or after the program serves work, or only by
// hand. Data only, beside entry-patterns.ts; the walker marks functions with these, and hot-paths.ts keeps
// start-up code out of both the hot set and the "unknown reach" set.

/** Why a function is start-up code. */
export type StartupKind =
  | 'listen-callback'
  | 'plugin'
  | 'lifecycle-hook'
  | 'shutdown-handler'
  | 'one-time-event'
  | 'cli-command'
  | 'static-generation'
  | 'migration'
  | 'top-level-timer'
  /** A route registered only in development or for tests: `if (isDev) app.get('/_e2e/...', h)`. */
  | 'development-only'
  /** A route whose handler closes the server it answers on: a setup wizard's temporary server serves it once. */
  | 'one-shot-route';

/** `server.listen(port, cb)`: the callback runs once, when the server starts listening. */
export const LISTEN_METHODS = new Set(['listen']);

/** `fastify.register(plugin)`, `app.register(plugin, opts)`: the plugin body runs at registration. */
export const PLUGIN_REGISTRATION_METHODS = new Set(['register']);

/** `fp(plugin)`, `fastifyPlugin(plugin)`: fastify-plugin wraps a plugin body. */
export const PLUGIN_WRAPPERS = new Set(['fp', 'fastifyPlugin']);

/** NestJS (and similar) lifecycle hooks: methods the framework calls once at start or stop. */
export const LIFECYCLE_METHODS = new Set([
  'onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown',
  // A NestJS gateway's OnGatewayInit hook: once, when its server starts.
  'afterInit',
]);

/**
 * Application events named for a phase of the process's life, handled by a decorated method
 * (`@OnEvent({ name: 'AppBootstrap' })`, `@OnEvent('app.shutdown')`, `@OnEvent('ConfigInit')`): they fire once.
 */
export const LIFECYCLE_EVENT_NAME = /(bootstrap|init|initiali[sz]ed?|startup|started|shutdown)$/i;

/** Events that fire once (or on the way down), so their handlers are not a hot path. */
export const ONE_TIME_EVENTS = new Set([
  'listening', 'ready', 'close', 'exit', 'beforeExit', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGBREAK',
  'uncaughtException', 'unhandledRejection', 'warning', 'connect', 'disconnect', 'reconnect', 'end', 'finish', 'error',
  'shutdown', 'online', 'open', 'mount',
]);

/** commander/yargs/caporal: `.action(cb)`; yargs `.command(name, desc, builder, handler)`. */
export const CLI_ACTION_METHODS = new Set(['action']);
export const CLI_COMMAND_METHODS = new Set(['command']);

/** Next.js exports that run at build time, not per request. */
export const STATIC_GENERATION_EXPORTS = new Set(['getStaticProps', 'getStaticPaths', 'generateStaticParams', 'generateMetadata']);

/** TypeORM migrations: classes implementing MigrationInterface; their up/down run by hand. */
export const MIGRATION_INTERFACES = new Set(['MigrationInterface']);

/** Folders whose files run by hand or at deploy time: migrations, seeders, scripts, command-line tools, tests. */
const STARTUP_FOLDERS: Record<string, string> = {
  migrations: 'migration', migration: 'migration', knex_migrations: 'migration', migrate: 'migration', upgrades: 'migration',
  seeders: 'seeder', seeds: 'seeder', seed: 'seeder',
  scripts: 'script', script: 'script',
  test: 'test', tests: 'test', __tests__: 'test', spec: 'test', specs: 'test', e2e: 'test', __mocks__: 'test', __fixtures__: 'test', fixtures: 'test',
};

/** Test files by name, as the default excludes name them (options.ts: `*.test.*`, `*.spec.*`). */
const TEST_FILE = /\.(test|spec)\.[^/]+$/i;

/** Build and tool configuration files. */
const CONFIG_FILE = /^(gulpfile|gruntfile|jakefile|webpack\.config|rollup\.config|vite\.config|vitest\.config|jest\.config|babel\.config|esbuild\.config|tsup\.config|next\.config|nuxt\.config|svelte\.config|astro\.config|tailwind\.config|postcss\.config|eslint\.config|prettier\.config|knexfile|ormconfig|playwright\.config)\.[cm]?[jt]s$/i;

/**
 * Start-up files of these kinds may still start a server (`#!/usr/bin/env node` over `http.createServer(...)`),
 * so request handlers registered in them stay entries; in tests, migrations and build configuration nothing is.
 */
export const REASONS_KEEPING_REQUEST_HANDLERS = new Set(['command-line script', 'script']);

/**
 * Why a whole file is start-up (or run-by-hand) code, or undefined. `rel` is the file's path relative to the
 * folder being analysed, so folders above it (a checkout under ~/scripts/) never count. `routeFile`: the file's path
 * makes it a framework's route (`pages/api/v1/migration/index.ts`, a data import, not a database migration), which
 * serves requests whatever its folders are called (tests aside).
 */
export function startupFileReason(rel: string, shebang: boolean, routeFile = false): string | undefined {
  const parts = rel.split('/');
  const name = parts[parts.length - 1];
  const folder = parts.slice(0, -1).map((segment) => STARTUP_FOLDERS[segment.toLowerCase()]).find((reason) => reason !== undefined);
  // Tests first: a test helper that starts a server, even as a script with a shebang, serves the tests only, so
  // nothing in it is an entry and what only tests reach is not hot (the tests themselves are excluded from reports).
  if (TEST_FILE.test(name) || folder === 'test') return 'test';
  if (routeFile) return undefined;
  if (shebang) return 'command-line script';
  if (CONFIG_FILE.test(name)) return 'build configuration';
  return folder;
}
