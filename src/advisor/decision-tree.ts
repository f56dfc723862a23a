// The decision tree as data: questions, the branch each answer takes, and the leaves, which carry the
// workload type and the model. It is plain JSON-able data so the recommendation panel can draw the whole
// tree and walk it with a user's own answers before anything was measured. The measured answer to each
// question lives in deciders.ts, keyed by node id.
//
// It follows the articles' framework (../shared/seeds/000: "I/O-bound → asyncio; CPU-bound → process
// pool; large data → shared memory; mixed → asyncio + process pool"), translated to Node: the event loop
// for I/O, a worker_threads pool for CPU, SharedArrayBuffer or a transfer list for large data. Node adds
// one branch Python folds into "I/O": a loop blocked by a synchronous call that waits rather than computes.
import type { Model, WorkloadType } from './measurements';

export interface DecisionNode {
  kind: 'decision';
  id: string;
  question: string;
  /** What the question means in terms a user can answer without a profile. */
  help: string;
  yes: string;
  no: string;
}

export interface LeafNode {
  kind: 'leaf';
  id: string;
  type: WorkloadType;
  model: Model;
  /** The workload already uses this model: the advice is to keep it, not to change. */
  alreadyRight: boolean;
  title: string;
}

export type TreeNode = DecisionNode | LeafNode;

export interface DecisionTree {
  root: string;
  nodes: Record<string, TreeNode>;
}

const decision = (id: string, question: string, help: string, yes: string, no: string): DecisionNode => ({ kind: 'decision', id, question, help, yes, no });
const leaf = (id: string, type: WorkloadType, model: Model, alreadyRight: boolean, title: string): LeafNode => ({ kind: 'leaf', id, type, model, alreadyRight, title });

const NODES: TreeNode[] = [
  decision('active', 'Does the program compute or wait on I/O at all?', 'Is the event loop, a worker or the network busy for a real share of the run, or does it mostly sit on timers?', 'copies', 'idle'),
  decision(
    'copies',
    'Are large payloads copied between threads?',
    'Does it postMessage big arrays, buffers or strings (a megabyte or more) without a transfer list or a SharedArrayBuffer?',
    'large-data-copied',
    'main-busy',
  ),
  decision(
    'main-busy',
    'Is the main event loop busy most of the time, or blocked in long stretches?',
    'Do requests, timers or callbacks queue up behind work on the main thread?',
    'cpu-while-busy',
    'offloaded',
  ),
  decision(
    'cpu-while-busy',
    'Is the CPU computing while the loop is busy?',
    'Is it parsing, hashing, tokenising, compressing (computing), or waiting inside a synchronous call such as execSync or readFileSync?',
    'waits-too',
    'sync-io',
  ),
  decision(
    'waits-too',
    'Does it also wait on I/O for a real share of the time?',
    'Besides the computation, does it call APIs, databases or files and wait for them?',
    'mixed-on-main',
    'cpu-on-main',
  ),
  decision(
    'offloaded',
    'Do worker threads or child processes carry the CPU work?',
    'Is the heavy computation already running in worker_threads or child processes?',
    'offloaded-waits',
    'waits-io',
  ),
  decision(
    'offloaded-waits',
    'Does the main thread wait on I/O meanwhile?',
    'While the workers compute, does the main thread serve requests or call APIs?',
    'hybrid-in-place',
    'offloaded-bulk',
  ),
  decision(
    'offloaded-bulk',
    'Is bulk data handed over by transfer or shared memory?',
    'Do the workers get large arrays through a transfer list or a SharedArrayBuffer?',
    'shared-in-place',
    'pool-in-place',
  ),
  decision(
    'waits-io',
    'Is the loop mostly waiting on I/O?',
    'Does most of the time go to waiting for API calls, queries or files, or for the back-off and polling timers between them (not just sitting with a server open)?',
    'main-cpu-share',
    'light',
  ),
  decision(
    'main-cpu-share',
    'Is there also real CPU work on the main thread?',
    'Between the waits, does the main thread run CPU stages (chunking, tokenising, ranking) that take tens of milliseconds?',
    'mixed-on-main',
    'concurrent',
  ),
  decision('concurrent', 'Are the I/O calls concurrent?', 'Are several calls in flight at once, or does each await finish before the next starts?', 'bounded', 'io-serial'),
  decision('bounded', 'Is the concurrency bounded?', 'Is the number of calls in flight capped (a limit of 8-64), rather than everything at once?', 'io-concurrent', 'io-unbounded'),

  leaf('idle', 'idle', 'async', true, 'Idle: nothing to parallelise'),
  leaf('light', 'idle', 'async', true, 'Light load: the event loop has headroom'),
  leaf('large-data-copied', 'large-data', 'shared-memory', false, 'Large data copied: share or transfer it'),
  leaf('sync-io', 'sync-io-blocking', 'async', false, 'Synchronous I/O blocks the loop: make it async'),
  leaf('mixed-on-main', 'mixed', 'hybrid', false, 'I/O and CPU on one loop: move the CPU stages to a worker pool'),
  leaf('cpu-on-main', 'cpu-bound', 'worker-pool', false, 'CPU work on the main thread: move it to a worker pool'),
  leaf('hybrid-in-place', 'mixed', 'hybrid', true, 'Already hybrid: async I/O with CPU in workers'),
  leaf('shared-in-place', 'large-data', 'shared-memory', true, 'Already sharing or transferring large data'),
  leaf('pool-in-place', 'cpu-bound', 'worker-pool', true, 'Already on a worker pool'),
  leaf('io-serial', 'io-bound', 'async', false, 'I/O awaited one call at a time: run calls concurrently, with a limit'),
  leaf('io-unbounded', 'io-bound', 'async', false, 'Unbounded I/O fan-out: cap the concurrency'),
  leaf('io-concurrent', 'io-bound', 'async', true, 'Already async with bounded concurrency'),
];

export const DECISION_TREE: DecisionTree = { root: 'active', nodes: Object.fromEntries(NODES.map((n) => [n.id, n])) };
