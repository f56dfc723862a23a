"""Prompts and the document index."""
import sqlite3

from ..config import DB_PATH, PROMPTS_DIR


def load_prompt(name: str) -> str:
    with open(PROMPTS_DIR / f"{name}.txt", encoding="utf-8") as f:
        return f.read()


def open_index() -> sqlite3.Connection:
    return sqlite3.connect(DB_PATH)


def search(question: str) -> str:
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute("SELECT text FROM chunks WHERE chunks MATCH ? LIMIT 5", (question,)).fetchall()
    return "\n".join(row[0] for row in rows)
