// What a search of a growing list at every step of a loop costs on this machine, against the same result with a Set
// or a Map beside the list: the figures behind no-quadratic-scan-in-hot-path (docs/rules/no-quadratic-scan-in-hot-path.md).
//   node bench/quadratic-scan-cost.mjs
// Prints the median of five runs per size (three for 100,000 items), with the ratio to the Set/Map form from the same
// run and the load beside it. Every id is distinct, the worst case for the scan: each step looks at all kept so far.
import os from 'node:os';
import { medianMs as median } from './lib/median-time.mjs';

const shapes = [
  ['ids: if (!ids.includes(id)) ids.push(id)', (rows) => { const ids = []; for (const r of rows) if (!ids.includes(r.id)) ids.push(r.id); return ids; },
    (rows) => { const seen = new Set(); const ids = []; for (const r of rows) if (!seen.has(r.id)) { seen.add(r.id); ids.push(r.id); } return ids; }],
  ['rows: result.findIndex((x) => x.id === r.id) in a reduce', (rows) => rows.reduce((acc, r) => { if (acc.findIndex((x) => x.id === r.id) < 0) acc.push(r); return acc; }, []),
    (rows) => { const byId = new Map(); for (const r of rows) if (!byId.has(r.id)) byId.set(r.id, r); return [...byId.values()]; }],
  ['own list: rows.filter((r, i) => rows.indexOf(r) === i)', (rows) => { const ids = rows.map((r) => r.id); return ids.filter((id, i) => ids.indexOf(id) === i); },
    (rows) => [...new Set(rows.map((r) => r.id))]],
];

console.log('| shape | items | scanning | Set / Map | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, scanning, indexed] of shapes) {
  for (const n of [100, 1_000, 10_000, 100_000]) {
    const rows = Array.from({ length: n }, (_, i) => ({ id: `row-${i}`, value: i }));
    const runs = n >= 100_000 ? 3 : 5;
    const slow = median(() => scanning(rows), runs);
    const fast = median(() => indexed(rows), runs);
    console.log(`| ${name} | ${n.toLocaleString('en')} | ${slow.toFixed(2)} ms | ${fast.toFixed(2)} ms | ${(slow / fast).toFixed(0)}× |`);
  }
}
console.log(`\nnode ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
