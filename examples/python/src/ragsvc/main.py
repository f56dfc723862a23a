"""The ASGI app: routers, lifespan and the development server."""
import asyncio
import time
from contextlib import asynccontextmanager

import requests
import uvicorn
from fastapi import FastAPI

from .routes import chat, ingest
from .services.retrieval import open_index


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Runs once at start-up and once at shutdown: blocking here delays the start, not the requests.
    index = open_index()
    requests.get("http://localhost:11434/api/tags", timeout=5)
    yield
    index.close()


app = FastAPI(lifespan=lifespan)
app.include_router(chat.router)
app.include_router(ingest.router)


@app.get("/healthz")
def healthz():
    # A plain `def` endpoint: FastAPI runs it in its thread pool, so this sleep does not stall the event loop.
    time.sleep(0.01)
    return {"ok": True}


@app.on_event("shutdown")
async def flush_logs():
    time.sleep(0.5)


async def main():
    config = uvicorn.Config(app, port=8000)
    await uvicorn.Server(config).serve()


if __name__ == "__main__":
    asyncio.run(main())
