"""Ingestion: embed documents, index them, refine summaries."""
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor

from fastapi import APIRouter

from ..services.embeddings import embed, index_document, refine, warm_up
from ..workers import tokenize_batch

router = APIRouter(prefix="/ingest")
POOL = ProcessPoolExecutor(max_workers=2)
RULES = ("remove boilerplate", "shorten", "fix the tone")


@router.post("/documents")
async def ingest_documents(body: dict):
    docs = body["documents"]
    vectors = await asyncio.gather(*[embed(doc) for doc in docs])
    await asyncio.gather(*[warm_up(model) for model in ("small", "large")])
    for doc in docs:
        await index_document(doc)
    tokens = await asyncio.get_running_loop().run_in_executor(POOL, tokenize_batch, docs)
    return {"count": len(vectors), "tokens": len(tokens)}


@router.post("/summary")
async def refine_summary(body: dict):
    text = body["text"]
    for rule in RULES:
        text = await refine(text, rule)
    time.sleep(0.2)
    return {"summary": text}


@router.post("/reindex")
async def reindex(body: dict):
    for doc in body["documents"]:
        await index_document(doc)
        await asyncio.sleep(0.05)
    return {"ok": True}
