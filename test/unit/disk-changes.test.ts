// Files changed on disk outside the editor are handed to the analysis in batches (src/extension/disk-changes.ts).
// The clock is Node's mock, so the batches do not depend on how busy the machine is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiskChanges, type DiskChangeBatch } from '../../src/extension/disk-changes';

test('events go as one batch once the disk has been quiet; each file counts by its last event', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: DiskChangeBatch[] = [];
  const changes = new DiskChanges(300, (b) => batches.push(b));
  changes.changed('/w/a.ts');
  changes.removed('/w/b.ts');
  t.mock.timers.tick(200);
  changes.removed('/w/a.ts'); // deleted after all
  changes.removed('/w/c.ts');
  changes.changed('/w/c.ts'); // deleted and written again: a change
  t.mock.timers.tick(299);
  assert.deepEqual(batches, [], 'each event restarts the wait');
  t.mock.timers.tick(1);
  assert.deepEqual(batches, [{ changed: ['/w/c.ts'], removed: ['/w/b.ts', '/w/a.ts'], project: false }]);

  changes.projectFile();
  changes.changed('/w/d.ts');
  t.mock.timers.tick(300);
  assert.deepEqual(batches.slice(1), [{ changed: ['/w/d.ts'], removed: [], project: true }], 'a new period starts empty');
  t.mock.timers.tick(1000);
  assert.equal(batches.length, 2, 'nothing more without events');
  changes.removed('/w/d.ts');
  t.mock.timers.tick(300);
  assert.deepEqual(batches[2], { changed: [], removed: ['/w/d.ts'], project: false }, 'the project file was the last period\'s');
});

test('dispose drops what was gathered: nothing is handed on after it', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: DiskChangeBatch[] = [];
  const changes = new DiskChanges(300, (b) => batches.push(b));
  changes.changed('/w/a.ts');
  changes.dispose();
  t.mock.timers.tick(1000);
  assert.deepEqual(batches, []);
});

test('while a workspace scan holds them, batches wait; they go once the last scan releases them', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: DiskChangeBatch[] = [];
  const changes = new DiskChanges(300, (b) => batches.push(b));
  changes.hold(); // a scan starts
  changes.changed('/w/a.ts');
  t.mock.timers.tick(1000);
  assert.deepEqual(batches, [], 'the scan may have read a.ts before it changed: its result would overwrite the update');
  changes.hold(); // a second scan (a settings change) starts before the first ends
  changes.removed('/w/b.ts');
  changes.release();
  t.mock.timers.tick(1000);
  assert.deepEqual(batches, [], 'one scan still runs');
  changes.release();
  t.mock.timers.tick(299);
  assert.deepEqual(batches, []);
  t.mock.timers.tick(1);
  assert.deepEqual(batches, [{ changed: ['/w/a.ts'], removed: ['/w/b.ts'], project: false }]);
  changes.release(); // an extra release does not let a later scan's batches through
  changes.hold();
  changes.projectFile();
  t.mock.timers.tick(1000);
  assert.equal(batches.length, 1);
  changes.release();
  t.mock.timers.tick(300);
  assert.deepEqual(batches[1], { changed: [], removed: [], project: true });
  changes.release();
  t.mock.timers.tick(1000);
  assert.equal(batches.length, 2, 'a release with nothing gathered hands nothing on');
});
