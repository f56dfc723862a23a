// NestJS routes as chain labels: `@Controller('albums')` on the class and `@Post(':id/assets')` on the method start a
// chain at `POST /albums/:id/assets`. A route under /admin is admin only: a blocking call there is a note, but a
// dropped promise stays a warning, since an unhandled rejection ends the process whichever route made it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { analyseTempProject } from './analyse-temp-project';

const summary = (f: Finding): string => `${f.file}:${f.line} ${f.severity} ${f.rule} ${f.chain[0]?.symbol}`;

const DECORATORS = [
  'export const Controller = (path?: string | { path: string }): ClassDecorator => () => undefined;',
  'export const Get = (path?: string | string[]): MethodDecorator => () => undefined;',
  'export const Post = (path?: string): MethodDecorator => () => undefined;',
].join('\n');

test('a NestJS controller method starts its chain at the route of its class and method decorators', () => {
  const findings = analyseTempProject({
    'nest.ts': DECORATORS,
    'albums.controller.ts': [
      "import { readFileSync } from 'fs';",
      "import { Controller, Get, Post } from './nest';",
      "@Controller('albums')",
      'export class AlbumController {',
      "  @Post(':id/assets')",
      "  addAssets(): Buffer { return readFileSync('/albums/assets.json'); }",
      '  @Get()',
      "  list(): Buffer { return readFileSync('/albums/index.json'); }",
      '}',
    ].join('\n'),
    'users.controller.ts': [
      "import { readFileSync } from 'fs';",
      "import { Controller, Get } from './nest';",
      "@Controller({ path: '/users/' })",
      'export class UserController {',
      "  @Get(['me', 'self'])",
      "  me(): Buffer { return readFileSync('/users/me.json'); }",
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    'albums.controller.ts:6 warning no-sync-io-in-hot-path POST /albums/:id/assets: AlbumController.addAssets',
    'albums.controller.ts:8 warning no-sync-io-in-hot-path GET /albums: AlbumController.list',
    'users.controller.ts:6 warning no-sync-io-in-hot-path GET /users/me: UserController.me',
  ]);
});

test('under /admin a blocking call is a note, and a dropped promise stays a warning', () => {
  const findings = analyseTempProject({
    'nest.ts': DECORATORS,
    'gather.service.ts': [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      'export class GatherService {',
      "  async gather(): Promise<void> { await pool.query('select 1'); }",
      '}',
    ].join('\n'),
    'admin.controller.ts': [
      "import { readFileSync } from 'fs';",
      "import { Controller, Post } from './nest';",
      "import { GatherService } from './gather.service';",
      "@Controller('admin')",
      'export class AdminController {',
      '  constructor(private readonly gatherService: GatherService) {}',
      "  @Post('gather')",
      '  async gather(): Promise<void> {',
      "    readFileSync('/etc/gather.json');",
      '    this.gatherService.gather();',
      '  }',
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    'admin.controller.ts:9 info no-sync-io-in-hot-path POST /admin/gather (admin only): AdminController.gather',
    'admin.controller.ts:10 warning no-floating-promise POST /admin/gather (admin only): AdminController.gather',
  ]);
});

test("the application's global prefix (app.setGlobalPrefix('api')) comes before every controller route", () => {
  const findings = analyseTempProject({
    'nest.ts': DECORATORS,
    'main.ts': [
      'declare const app: { setGlobalPrefix(prefix: string, options?: object): void };',
      "app.setGlobalPrefix('api', { exclude: ['/'] });",
    ].join('\n'),
    'albums.controller.ts': [
      "import { readFileSync } from 'fs';",
      "import { Controller, Get } from './nest';",
      "@Controller('albums')",
      'export class AlbumController {',
      '  @Get()',
      "  list(): Buffer { return readFileSync('/albums/index.json'); }",
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['albums.controller.ts:6 warning no-sync-io-in-hot-path GET /api/albums: AlbumController.list']);
});

test('URI versioning (app.enableVersioning) puts /v1 after the global prefix: the default, or the version a route names', () => {
  const files = {
    'nest.ts': [
      DECORATORS,
      'export const Version = (v: unknown): MethodDecorator => () => undefined;',
      "export const VERSION_NEUTRAL = Symbol('VERSION_NEUTRAL');",
      'export enum VersioningType { URI, HEADER }',
    ].join('\n'),
    'main.ts': [
      "import { VersioningType } from './nest';",
      'declare const app: { setGlobalPrefix(prefix: string): void; enableVersioning(options: object): void };',
      "app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });",
      "app.setGlobalPrefix('api');",
    ].join('\n'),
    'portfolio.controller.ts': [
      "import { readFileSync } from 'fs';",
      "import { Controller, Get, Version, VERSION_NEUTRAL } from './nest';",
      "@Controller('portfolio')",
      'export class PortfolioController {',
      "  @Get('details')",
      "  details(): Buffer { return readFileSync('/portfolio/details.json'); }",
      "  @Get('performance')",
      "  @Version('2')",
      "  performance(): Buffer { return readFileSync('/portfolio/performance.json'); }",
      "  @Get('sitemap.xml')",
      '  @Version(VERSION_NEUTRAL)',
      "  sitemap(): Buffer { return readFileSync('/sitemap.xml'); }",
      '}',
    ].join('\n'),
    'auth.controller.ts': [
      "import { readFileSync } from 'fs';",
      "import { Controller, Get } from './nest';",
      "@Controller({ path: 'auth', version: '3' })",
      'export class AuthController {',
      "  @Get('keys')",
      "  keys(): Buffer { return readFileSync('/auth/keys.json'); }",
      '}',
    ].join('\n'),
  };
  assert.deepEqual(analyseTempProject(files).map(summary), [
    'auth.controller.ts:6 warning no-sync-io-in-hot-path GET /api/v3/auth/keys: AuthController.keys',
    'portfolio.controller.ts:6 warning no-sync-io-in-hot-path GET /api/v1/portfolio/details: PortfolioController.details',
    'portfolio.controller.ts:9 warning no-sync-io-in-hot-path GET /api/v2/portfolio/performance: PortfolioController.performance',
    'portfolio.controller.ts:12 warning no-sync-io-in-hot-path GET /api/portfolio/sitemap.xml: PortfolioController.sitemap',
  ]);
  // Header versioning leaves the path alone; so does URI versioning with no default for a route that names no version.
  const header = { ...files, 'main.ts': files['main.ts'].replace('VersioningType.URI', 'VersioningType.HEADER') };
  assert.match(analyseTempProject(header).map(summary)[1], /GET \/api\/portfolio\/details:/);
  const noDefault = { ...files, 'main.ts': files['main.ts'].replace(", defaultVersion: '1'", '') };
  assert.match(analyseTempProject(noDefault).map(summary)[1], /GET \/api\/portfolio\/details:/);
  // `prefix: false` leaves the bare number; a string replaces the `v`.
  const bare = { ...files, 'main.ts': files['main.ts'].replace("defaultVersion: '1'", "defaultVersion: '1', prefix: false") };
  assert.match(analyseTempProject(bare).map(summary)[1], /GET \/api\/1\/portfolio\/details:/);
  const named = { ...files, 'main.ts': files['main.ts'].replace("defaultVersion: '1'", "defaultVersion: '1', prefix: 'version-'") };
  assert.match(analyseTempProject(named).map(summary)[1], /GET \/api\/version-1\/portfolio\/details:/);
});
