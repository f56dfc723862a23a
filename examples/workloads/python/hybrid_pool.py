"""mixed, keep: asyncio fetches documents from a slow API while a ProcessPoolExecutor tokenises them."""
import asyncio
from concurrent.futures import ProcessPoolExecutor

from slow_api import complete, start_slow_api

QUERIES = 48
LIMIT = 8


def preprocess(text: bytes) -> int:
    n = 0
    for _ in range(60000):
        for ch in text:
            n = (n * 31 + ch) % 1_000_003
    return n


async def main() -> None:
    server, port = await start_slow_api(0.2)
    limit = asyncio.Semaphore(LIMIT)
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=2) as pool:

        async def answer(i: int) -> int:
            async with limit:
                docs = await complete(port, f"query {i}")  # I/O on the loop
                score = await loop.run_in_executor(pool, preprocess, docs)  # CPU in a process
                await complete(port, f"generate {i} {score}")  # I/O again
                return score

        scores = await asyncio.gather(*(answer(i) for i in range(QUERIES)))
    server.close()
    await server.wait_closed()
    print(f"{len(scores)} answers")


if __name__ == "__main__":
    asyncio.run(main())
