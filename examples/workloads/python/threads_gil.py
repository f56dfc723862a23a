"""gil-bound: two threads score chunks in pure Python; the GIL runs them one at a time."""
import os
import threading
import time

CHUNK = 200_000
# Long enough for the probe's sampler to see both threads whatever the machine's load: a fixed amount of work took
# under half a second on a quiet machine, too short for a verdict, and a loaded one could end it between samples.
SECONDS = float(os.environ.get("WORKLOAD_SECONDS", "2"))


def score(deadline: float, out: list[int]) -> None:
    acc = 0
    chunks = 0
    while time.monotonic() < deadline:
        for i in range(CHUNK):
            acc = (acc + i * i) % 1_000_003
        chunks += 1
    out.append(chunks)


results: list[int] = []
deadline = time.monotonic() + SECONDS
threads = [threading.Thread(target=score, args=(deadline, results)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{sum(results)} chunks scored")
