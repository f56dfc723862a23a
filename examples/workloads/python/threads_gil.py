"""gil-bound: two threads score chunks in pure Python; the GIL runs them one at a time."""
import threading

N = 4_000_000


def score(n: int, out: list[int]) -> None:
    acc = 0
    for i in range(n):
        acc = (acc + i * i) % 1_000_003
    out.append(acc)


results: list[int] = []
threads = [threading.Thread(target=score, args=(N, results)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{len(results)} chunks scored")
