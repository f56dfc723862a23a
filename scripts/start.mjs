// `npm start`: the main job on the built-in examples, in both languages. The static check of examples/ (a small
// AI service in JavaScript and one in Python), a profile of the Node RAG pipeline and of a Python program whose
// threads fight over the GIL, then the report of the Node example. Each step is the CLI a user runs; the first
// that fails stops the job with its exit code. Without python3 on PATH the Python profile is skipped, and said so.
import { spawnSync } from 'node:child_process';

const cli = (...args) => ['node', ['dist/cli.js', ...args]];
const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

const steps = [
  cli('check', 'examples', '--fail-on', 'never'),
  cli('profile', 'examples/workloads/rag-pipeline.js'),
  hasPython ? cli('profile', 'examples/workloads/python/threads_gil.py') : null,
  cli('report', '--out', 'concurrency-lens-report.html', '--markdown', 'concurrency-lens-report.md'),
];

for (const step of steps) {
  if (!step) {
    console.error('\nnpm start: python3 is not on PATH, so the Python profile is skipped (install Python 3.8+ to see it).\n');
    continue;
  }
  const [command, args] = step;
  console.error(`\n$ concurrency-lens ${args.slice(1).join(' ')}\n`);
  const { status, signal } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? (signal ? 1 : 0));
}
