// Python's decision tree: Node's questions in Python's words, plus one Node does not need. Threads of one
// CPython interpreter run bytecode one at a time (the GIL), so threads that compute are not parallel at all:
// asked right after the copies question, before any question about the main thread, because GIL contention
// decides the model whatever the main thread does. The evidence rows reuse Node's tests where the measure
// means the same and only rename what was measured (pickling for postMessage, pool processes for workers).
import { DECIDERS, type Decider, type Test } from './deciders';
import { DECISION_TREE, type DecisionTree, type LeafNode, type TreeNode } from './decision-tree';
import type { Measurements } from './measurements';
import { bytes, cores, duration, percent } from './units';

const leaf = (id: string, type: LeafNode['type'], model: LeafNode['model'], alreadyRight: boolean, title: string): LeafNode => ({ kind: 'leaf', id, type, model, alreadyRight, title });

/** Leaf titles in Python's terms, by Node leaf id. */
const TITLES: Record<string, string> = {
  idle: 'Idle: nothing to parallelise',
  light: 'Light load: the event loop has headroom',
  'large-data-copied': 'Large data pickled to processes: use shared_memory',
  'sync-io': 'Blocking calls inside async def: await them or use asyncio.to_thread',
  'mixed-on-main': 'I/O and CPU on one loop: asyncio plus a ProcessPoolExecutor',
  'cpu-on-main': 'CPU work on the main thread or event loop: move it to a ProcessPoolExecutor',
  'hybrid-in-place': 'Already hybrid: asyncio with CPU in a process pool',
  'shared-in-place': 'Already sharing large data through shared_memory',
  'pool-in-place': 'Already on a process pool',
  'io-serial': 'I/O awaited one call at a time: asyncio.gather with a Semaphore',
  'io-unbounded': 'Unbounded asyncio fan-out: cap it with a Semaphore',
  'io-concurrent': 'Already asyncio with bounded concurrency',
};

function pythonTree(): DecisionTree {
  const nodes: Record<string, TreeNode> = {};
  for (const [id, node] of Object.entries(DECISION_TREE.nodes)) {
    nodes[id] = node.kind === 'leaf' ? { ...node, title: TITLES[id] ?? node.title } : { ...node };
  }
  const copies = nodes.copies;
  if (copies?.kind !== 'decision') throw new Error('the decision tree has no copies question');
  nodes.copies = {
    ...copies,
    question: 'Are large payloads pickled to other processes?',
    help: 'Does it pass big bytes, arrays or lists (a megabyte or more) to a process pool per task, rather than through multiprocessing.shared_memory?',
    no: 'gil',
  };
  nodes.gil = {
    kind: 'decision',
    id: 'gil',
    question: 'Do threads fight over the GIL?',
    help: 'Do two or more threads (a thread pool, asyncio.to_thread, threading.Thread) run pure-Python code at the same time?',
    yes: 'gil-bound',
    no: copies.no,
  };
  nodes['gil-bound'] = leaf('gil-bound', 'gil-bound', 'worker-pool', false, 'Threads fight over the GIL: use processes');
  const rename = (id: string, question: string, help: string): void => {
    const n = nodes[id];
    if (n?.kind === 'decision') nodes[id] = { ...n, question, help };
  };
  rename('main-busy', 'Is the main thread or event loop busy most of the time, or blocked in long stretches?', 'Do coroutines, callbacks or requests queue up behind work on the main thread?');
  rename('cpu-while-busy', 'Is the CPU computing while the loop is busy?', 'Is it parsing, hashing or tokenising (computing), or waiting inside a blocking call such as time.sleep, requests.get or open().read() inside async def?');
  rename('offloaded', 'Do pool processes or threads carry the CPU work?', 'Is the heavy computation already running in a ProcessPoolExecutor, multiprocessing or threads that release the GIL?');
  rename('offloaded-bulk', 'Is bulk data handed over through shared memory?', 'Do the processes get large arrays through multiprocessing.shared_memory rather than pickled arguments?');
  return { root: DECISION_TREE.root, nodes };
}

export const PYTHON_TREE: DecisionTree = pythonTree();

const pickled = (m: Measurements): number => (m.messages.count > 0 ? m.messages.clonedBytes / m.messages.count : 0);
const share = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

const gilTest: Test = {
  value: (m) => (m.gil?.enabled === false ? null : (m.gil?.contendedShare ?? null)),
  threshold: 'gilContendedShare',
  when: 'atLeast',
  describe: (m, v) =>
    m.gil?.enabled === false
      ? 'the interpreter runs without a GIL (a free-threaded build): threads run in parallel'
      : v === null
        ? 'no stack samples, so GIL contention could not be measured'
        : `two or more threads were running bytecode in ${percent(v)} of ${m.gil?.samples ?? 0} stack samples (${(m.gil?.meanThreads ?? 0).toFixed(1)} threads on average), while the process used ${cores(m.cpu.perWall)}`,
  unit: percent,
};

const mainBusy = (threshold: Test['threshold']): Test => ({
  value: (m) => m.main.busy,
  threshold,
  when: 'atLeast',
  describe: (m, v) => `main thread busy ${percent(v ?? 0)} of ${duration(m.wallMs)} (its event loop's time outside select() where one ran, else its CPU time)`,
  unit: percent,
});

const withTests = (id: string, replace: (tests: Test[]) => Test[]): Decider => ({ ...DECIDERS[id]!, tests: replace(DECIDERS[id]!.tests) });

export const PYTHON_DECIDERS: Readonly<Record<string, Decider>> = {
  ...DECIDERS,
  active: withTests('active', ([busy, wait, offload]) => [
    { ...busy!, describe: mainBusy('activeShare').describe },
    wait!,
    { ...offload!, describe: (m, v) => `${m.offload.workers} threads and ${m.offload.childProcesses} child processes busy ${cores(v ?? 0)}` },
  ]),
  copies: withTests('copies', ([size, copy]) => [
    { ...size!, value: pickled, describe: (m, v) => `${m.messages.count} objects pickled for other processes, ${bytes(m.messages.clonedBytes)} in all, ${bytes(v ?? 0)} each on average` },
    {
      ...copy!,
      value: (m) => share(m.messages.serializeMs ?? 0, m.wallMs),
      describe: (m, v) => `${duration(m.messages.serializeMs ?? 0)} pickling, sending and unpickling them, summed over the processes, ${percent(v ?? 0)} of the run`,
    },
  ]),
  gil: { combine: 'all', tests: [gilTest] },
  'main-busy': withTests('main-busy', ([, blocked]) => [mainBusy('mainBusy'), blocked!]),
  'cpu-while-busy': withTests('cpu-while-busy', ([t]) => [{ ...t!, describe: (_m, v) => (v === null ? 'CPU time while busy could not be measured' : `${percent(Math.min(v, 1))} of the busy time was CPU time (or waiting for a CPU)`) }]),
  offloaded: withTests('offloaded', ([t]) => [
    { ...t!, describe: (m, v) => `${m.offload.childProcesses} child processes and ${m.offload.workers} threads busy ${cores(v ?? 0)} on a ${m.cores}-core machine` },
  ]),
  'offloaded-bulk': withTests('offloaded-bulk', ([t]) => [
    {
      ...t!,
      value: (m) => share(m.messages.sharedBytes, Math.max(1, m.messages.count)),
      describe: (m, v) => `${bytes(m.messages.sharedBytes)} placed in shared_memory over ${m.messages.count} pickled messages, ${bytes(v ?? 0)} per message`,
    },
  ]),
  'main-cpu-share': withTests('main-cpu-share', ([, cpu]) => [mainBusy('mainCpuShareWithIo'), cpu!]),
};
