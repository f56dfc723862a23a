// A @nestjs/schedule job that runs at most once a day blocks the event loop that rarely: its blocking calls are notes,
// like an administrator's route (Novu's daily telemetry reads a 36-byte file). A job that runs every minute, or every
// five, is a timer like any other, and a dropped promise is a warning whatever the schedule: a rejection ends the
// process however rarely the job runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const job = (schedule: string): string => [
  "import * as fs from 'node:fs';",
  "import { Cron, CronExpression } from '@nestjs/schedule';",
  'declare function send(body: string): Promise<void>;',
  'export class Jobs {',
  `  @Cron(${schedule})`,
  '  async run() {',
  "    const id = fs.readFileSync('.machine-id', 'utf8');", // 7
  '    send(id);', // 8
  '  }',
  '}',
].join('\n');

const found = (schedule: string): string[] =>
  analyseTempProject({ 'jobs.ts': job(schedule) }).map((f) => `${f.line} ${f.rule} ${f.severity}`).sort();

test('a job that runs at most once a day: its blocking calls are notes, its dropped promise still a warning', () => {
  for (const schedule of ['CronExpression.EVERY_DAY_AT_MIDNIGHT', 'CronExpression.EVERY_WEEK', "'0 3 * * *'", "'30 2 * * 1'", "'0 0 3 * * *'"]) {
    assert.deepEqual(found(schedule), ['7 no-sync-io-in-hot-path info', '8 no-floating-promise warning'], schedule);
  }
});

test('a job that runs every minute, every five or every hour is a timer like any other: warnings', () => {
  for (const schedule of ['CronExpression.EVERY_MINUTE', "'*/5 * * * *'", "'0 * * * *'", "'0 0 * * * *'", 'CronExpression.EVERY_HOUR', 'process.env.SCHEDULE!']) {
    assert.deepEqual(found(schedule), ['7 no-sync-io-in-hot-path warning', '8 no-floating-promise warning'], schedule);
  }
});
