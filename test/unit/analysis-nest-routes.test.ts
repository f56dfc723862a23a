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
