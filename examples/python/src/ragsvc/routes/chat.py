"""Chat endpoints: retrieval, the model call and the audit trail."""
import asyncio
import subprocess
from pathlib import Path

import requests
from fastapi import APIRouter, Header, WebSocket

import ragsvc.services.auth as auth
from ..services import audit, retrieval
from ..services.llm import LLMClient

router = APIRouter()
llm = LLMClient("http://localhost:11434")
_pending: set[asyncio.Task] = set()


@router.post("/chat")
async def chat(body: dict, x_api_key: str = Header()):
    auth.verify_api_key(x_api_key)
    prompt = retrieval.load_prompt("answer").format(question=body["question"])
    context = retrieval.search(body["question"])
    answer = llm.complete(prompt + context)
    asyncio.create_task(audit.record("chat", body["question"]))
    task = asyncio.create_task(audit.record("answer", answer))
    _pending.add(task)
    task.add_done_callback(_pending.discard)
    return {"answer": answer}


@router.post("/chat/feedback")
async def feedback(body: dict):
    audit.record("feedback", body["text"])
    return {"ok": True}


@router.post("/chat/export")
async def export_audit(body: dict):
    audit.export_archive(body["path"])
    audit.export_archive_spawned(body["path"] + ".copy")
    return {"ok": True}


@router.get("/chat/models")
async def models():
    # The blocking client on a thread: the event loop keeps serving.
    response = await asyncio.to_thread(requests.get, "http://localhost:11434/api/tags", timeout=5)
    return response.json()


@router.post("/summarise")
def summarise(body: dict):
    # Sync endpoint: run in FastAPI's thread pool.
    return {"summary": llm.complete("Summarise: " + body["text"])}


@router.get("/chat/banner")
async def banner():
    # concurrency-lens: disable-next-line no-sync-io-in-hot-path -- a few bytes, and the page is cached by the CDN
    return {"banner": Path("banner.txt").read_text()}


@router.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket):
    await websocket.accept()
    version = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    await websocket.send_text(version)
