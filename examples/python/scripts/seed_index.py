"""Seeds the index by hand: a script, never on a request path."""
import asyncio
import sqlite3
import time

import requests


async def main() -> None:
    conn = sqlite3.connect("index.sqlite3")
    for url in ["http://localhost:8000/ingest/documents"]:
        requests.post(url, json={"documents": ["hello"]}, timeout=30)
        time.sleep(0.1)
    conn.close()


if __name__ == "__main__":
    asyncio.run(main())
