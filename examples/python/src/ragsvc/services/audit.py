"""The audit trail: written asynchronously, appended to a file by a background thread, archived by a child process."""
import asyncio
import multiprocessing
import queue
import shutil
import threading

_lines: "queue.Queue[str]" = queue.Queue()


def _append_forever() -> None:
    while True:
        line = _lines.get()
        with open("audit.log", "a", encoding="utf-8") as f:
            f.write(line + "\n")


# Started at import: from here on the process has a second thread, which takes the queue's lock with every line.
threading.Thread(target=_append_forever, daemon=True).start()


async def record(kind: str, text: str) -> None:
    await asyncio.sleep(0)
    print(kind, len(text))
    _lines.put(f"{kind} {len(text)}")


def _write_archive(path: str) -> None:
    shutil.copyfile("audit.log", path)


def export_archive(path: str) -> None:
    # Forked (the default start method on Linux before Python 3.14) while the thread above may hold a lock.
    multiprocessing.Process(target=_write_archive, args=(path,)).start()


def export_archive_spawned(path: str) -> None:
    # The same child started from a fresh interpreter: nothing of this process's threads comes along.
    multiprocessing.get_context("spawn").Process(target=_write_archive, args=(path,)).start()
