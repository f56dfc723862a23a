"""io-bound, keep: summarises tickets with calls to a slow API, 16 in flight at once over keep-alive connections."""
import asyncio

from slow_api import start_slow_api

TICKETS = 160
LIMIT = 16


async def lane(port: int, tickets: list[int], answers: list[bytes]) -> None:
    """One keep-alive connection; LIMIT lanes bound the concurrency the way a Semaphore would."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while tickets:
            writer.write(f"ticket {tickets.pop()}\n".encode())
            await writer.drain()
            answers.append(await reader.readline())
    finally:
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    server, port = await start_slow_api(0.25)
    tickets = list(range(TICKETS))
    answers: list[bytes] = []
    await asyncio.gather(*(lane(port, tickets, answers) for _ in range(LIMIT)))
    server.close()
    await server.wait_closed()
    print(f"{len(answers)} requests")


asyncio.run(main())
