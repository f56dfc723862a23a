"""A slow completion API inside the same process: an asyncio server that answers each request after a delay,
so the I/O workloads need no network and no third-party packages."""
import asyncio


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    try:
        while line := await reader.readline():
            await asyncio.sleep(delay)  # the model "thinking"
            writer.write(b"summary of " + line)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass  # the client went away, or the run is over: nothing to answer
    finally:
        writer.close()


async def start_slow_api(delay: float = 0.04) -> tuple[asyncio.AbstractServer, int]:
    server = await asyncio.start_server(lambda r, w: _answer(r, w, delay), "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def complete(port: int, prompt: str) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(prompt.encode() + b"\n")
        await writer.drain()
        return await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
