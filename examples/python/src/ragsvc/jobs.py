"""Jobs that something outside this code base starts."""
import time

from .services.retrieval import search


async def nightly_report() -> str:
    # No entry here reaches this coroutine: "unknown reach", a hint in the editor and left out of `check`.
    time.sleep(1)
    return search("daily summary")
