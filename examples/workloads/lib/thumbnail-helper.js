'use strict';
// The helper process of forked-helper-server.js: renders "thumbnails" (a downscaled grey-level grid of a
// seeded image) when the server asks over IPC, and otherwise waits for the next message. It ends when the
// server disconnects.
const { seededRandom } = require('./seeded-random');

function renderThumbnail({ id, size }) {
  const random = seededRandom(id);
  const source = 4 * size;
  const pixels = new Float64Array(source * source).map(() => random());
  const thumb = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) sum += pixels[(4 * y + dy) * source + 4 * x + dx];
      thumb.push(Math.round((sum / 16) * 255));
    }
  }
  return thumb;
}

process.on('message', (request) => {
  process.send({ id: request.id, thumbnail: renderThumbnail(request) });
});
process.once('disconnect', () => process.exit(0));
process.send({ ready: true });
