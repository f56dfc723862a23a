"""CPU work for the process pool: blocking is the point here."""
import re

from .config import ROOT

WORD = re.compile(r"\w+")


def tokenize_batch(docs: list[str]) -> list[list[str]]:
    with open(ROOT / "vocab.txt", encoding="utf-8") as f:
        vocab = set(f.read().split())
    return [[w for w in WORD.findall(doc.lower()) if w in vocab] for doc in docs]
