"""sync-io-blocking: request handlers are async def but call time.sleep and read a file synchronously."""
import asyncio
import os
import tempfile
import time

REQUESTS = 60


def load_template(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


async def handle(i: int, path: str) -> int:
    time.sleep(0.03)  # a "quick" retry back-off: blocks every other request too
    return len(load_template(path)) + i


async def main() -> None:
    fd, path = tempfile.mkstemp(suffix=".html")
    os.write(fd, b"<p>{{ answer }}</p>" * 100)
    os.close(fd)
    try:
        sizes = await asyncio.gather(*(handle(i, path) for i in range(REQUESTS)))
    finally:
        os.unlink(path)
    print(f"{len(sizes)} requests")


asyncio.run(main())
