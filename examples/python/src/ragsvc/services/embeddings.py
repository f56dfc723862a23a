"""Embeddings through the async client."""
import httpx

client = httpx.AsyncClient(base_url="http://localhost:11434")


async def embed(doc: str) -> list[float]:
    response = await client.post("/api/embeddings", json={"prompt": doc})
    return response.json()["embedding"]


async def warm_up(model: str) -> None:
    await client.post("/api/generate", json={"model": model, "prompt": ""})


async def index_document(doc: str) -> None:
    await client.post("/api/index", json={"doc": doc})


async def refine(text: str, rule: str) -> str:
    response = await client.post("/api/generate", json={"prompt": f"{rule}: {text}"})
    return response.json()["response"]
