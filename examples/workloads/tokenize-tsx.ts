// A TypeScript batch job run through tsx, the way many services run TypeScript without a build step: it
// turns a document corpus into hashed feature ids on the main thread (the hashing trick, each word hashed
// with several seeds as a Bloom filter does), yielding between chunks. tsx compiles this file in memory
// into JavaScript on a single line and keeps the source map in memory too, so the profiler only finds
// these lines through the map the workload process itself holds.
//
// Expected profile: cpu-bound; model worker-pool; not right yet: spread the chunks over worker_threads.
// The time goes to the FNV-1a loop in hashChunk (marked HOT LINE); test/unit/profiler-tsx.test.ts expects
// hashChunk as the top hotspot, on its own lines of this file.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { generateDocuments } from './lib/corpus';
import { printThroughput } from './lib/throughput';
import { TimeBudget } from './lib/time-budget';

/** Types only: they vanish from the JavaScript, so its positions and this file's lines differ. */
interface HashingOptions {
  readonly buckets: number;
  readonly seeds: readonly number[];
}

const OPTIONS: HashingOptions = { buckets: 1 << 20, seeds: [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f] };
const DOCUMENTS = 1000;
/** Documents hashed between two turns of the event loop: a few tens of ms of CPU. */
const CHUNK = 50;

/**
 * Hashes documents [first, first + CHUNK) into `out`, one feature id per word and seed, and returns how
 * many ids it made. One call per chunk, so that it runs as a frame of its own rather than inlined into
 * main(): its definition is the line the profile can name through tsx's one-line output.
 */
function hashChunk(documents: readonly string[], first: number, options: HashingOptions, out: Uint32Array): number {
  let count = 0;
  for (let d = first; d < first + CHUNK; d++) {
    const text = documents[d];
    let written = 0;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      if (end < text.length && text.charCodeAt(end) !== 32) continue;
      for (const seed of options.seeds) {
        let hash: number = seed;
        for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619); // HOT LINE
        out[written++ % out.length] = (hash >>> 0) % options.buckets;
      }
      start = end + 1;
    }
    count += written;
  }
  return count;
}

async function main(): Promise<void> {
  const documents: string[] = generateDocuments({ count: DOCUMENTS, wordsPerDocument: 200 });
  const ids = new Uint32Array(1 << 14);
  const budget = new TimeBudget();
  let features = 0;
  for (let first = 0; !budget.expired; first = (first + CHUNK) % DOCUMENTS) {
    features += hashChunk(documents, first, OPTIONS, ids);
    await yieldToEventLoop();
  }
  printThroughput(features, 'features', budget.elapsedSeconds());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
