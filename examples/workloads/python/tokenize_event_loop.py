"""cpu-bound: a coroutine tokenises a corpus on the event loop, yielding between documents; one core busy."""
import asyncio

DOCS = 220


def tokenize(text: str) -> list[str]:
    tokens = []
    word = []
    for ch in text:
        if ch.isalnum():
            word.append(ch.lower())
        elif word:
            tokens.append("".join(word))
            word = []
    return tokens


async def main() -> None:
    doc = "The quick brown fox, 42 times, jumps over the lazy dog! " * 400
    total = 0
    for _ in range(DOCS):
        total += len(tokenize(doc))
        await asyncio.sleep(0)  # yields, but the loop is still busy computing
    print(f"{total} tokens")


asyncio.run(main())
