#!/bin/sh
# Python probe overhead (BENCHMARKS.md, "Python probe overhead"): each workload run plain and with the probe
# loaded exactly as `profile` loads it (dist/python-probe first on PYTHONPATH, CONCURRENCY_LENS_PROBE_DIR set),
# interleaved, wall time by /usr/bin/time. Needs `npm run build` first. threads_gil.py runs for WORKLOAD_SECONDS
# whatever the probe costs: for it, compare the chunks it prints, not the wall times.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/examples/workloads/python" || exit 1
out=$(mktemp -d)
runs=${RUNS:-5}
for w in tokenize_event_loop.py threads_gil.py llm_fanout.py; do
  plain=""; probed=""
  i=0
  while [ $i -lt "$runs" ]; do
    plain="$plain $( { /usr/bin/time -f %e python3 "$w" >/dev/null; } 2>&1 | tail -1)"
    probed="$probed $( { CONCURRENCY_LENS_PROBE_DIR="$out/$w.$i" PYTHONPATH="$root/dist/python-probe" /usr/bin/time -f %e python3 "$w" >/dev/null; } 2>&1 | tail -1)"
    i=$((i + 1))
  done
  python3 -c 'import statistics as s, sys
w, a, b = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
p, q = s.median(a), s.median(b)
print(f"{w}: median plain {p:.2f} s, probed {q:.2f} s ({(q / p - 1) * 100:+.0f}%)  plain {a} probed {b}")' "$w" "$plain" "$probed"
done
rm -rf "$out"
