"""Ingestion: embed documents, index them, refine summaries, count tokens."""
import asyncio
import re
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from fastapi import APIRouter

from ..config import ROOT
from ..services.embeddings import embed, index_document, refine, warm_up
from ..workers import rank, rank_preloaded, tokenize_batch

router = APIRouter(prefix="/ingest")
POOL = ProcessPoolExecutor(max_workers=2)
RULES = ("remove boilerplate", "shorten", "fix the tone")
WORD = re.compile(r"\w+")
# Loaded once at import: tens of megabytes of float32 vectors.
EMBEDDINGS = np.load(ROOT / "embeddings.npy")


def count_tokens(text: str) -> dict[str, int]:
    # Pure-Python CPU work: it holds the GIL from start to end.
    counts: dict[str, int] = {}
    for word in WORD.findall(text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts


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


@router.post("/tokens")
async def token_counts(body: dict):
    # On a thread, the GIL keeps this loop as slow as on the event loop, and the loop waits for the lock meanwhile.
    counts = await asyncio.to_thread(count_tokens, body["text"])
    # The same kind of work in the service's process pool, created once at import: the right place for it.
    tokens = await asyncio.get_running_loop().run_in_executor(POOL, tokenize_batch, [body["text"]])
    return {"distinct": len(counts), "tokens": len(tokens[0])}


@router.post("/tokens/batch")
async def token_batch(body: dict):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=2) as pool:
        batches = await loop.run_in_executor(pool, tokenize_batch, body["texts"])
    lengths = await loop.run_in_executor(POOL, lambda: [len(t) for t in body["texts"]])
    return {"batches": len(batches), "longest": max(lengths)}


@router.post("/similar")
async def similar(body: dict):
    loop = asyncio.get_running_loop()
    # The whole matrix is pickled into the worker process with every request, to rank one vector.
    ranked = await loop.run_in_executor(POOL, rank, EMBEDDINGS, body["vector"])
    # The worker loads the matrix itself, once: only the vector travels.
    preloaded = await loop.run_in_executor(POOL, rank_preloaded, body["vector"])
    return {"ranked": ranked[:10], "preloaded": preloaded[:10]}
