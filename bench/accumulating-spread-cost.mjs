// What a reduce or loop that copies its accumulator at every step costs on this machine, against the same result
// built in place: the figures behind no-accumulating-spread-in-hot-path (docs/rules/no-accumulating-spread-in-hot-path.md).
//   node bench/accumulating-spread-cost.mjs
// Prints the median of five runs per size (one run for 10,000 items: the object copy alone takes seconds), with the ratio to the in-place form from the same run and the load beside it.
import os from 'node:os';
import { medianMs as median } from './lib/median-time.mjs';

const shapes = [
  ['object: reduce((acc, r) => ({ ...acc, [r.id]: r }), {})', (rows) => rows.reduce((acc, r) => ({ ...acc, [r.id]: r }), {}),
    (rows) => rows.reduce((acc, r) => { acc[r.id] = r; return acc; }, {})],
  ['array: reduce((acc, r) => [...acc, r.id], [])', (rows) => rows.reduce((acc, r) => [...acc, r.id], []),
    (rows) => rows.reduce((acc, r) => { acc.push(r.id); return acc; }, [])],
  ['pages: all = [...all, ...page] for pages of 100', (rows) => { let all = []; for (let i = 0; i < rows.length; i += 100) all = [...all, ...rows.slice(i, i + 100)]; return all; },
    (rows) => { const all = []; for (let i = 0; i < rows.length; i += 100) all.push(...rows.slice(i, i + 100)); return all; }],
];

console.log('| shape | items | copying | in place | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, copying, inPlace] of shapes) {
  for (const n of [100, 1_000, 10_000]) {
    const rows = Array.from({ length: n }, (_, i) => ({ id: `row-${i}`, n: i }));
    const a = median(() => copying(rows), n >= 10_000 ? 1 : 5);
    const b = median(() => inPlace(rows));
    console.log(`| ${name} | ${n.toLocaleString('en')} | ${a.toFixed(2)} ms | ${b.toFixed(3)} ms | ${(a / b).toFixed(0)}x |`);
  }
}
console.log(`\nmachine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
