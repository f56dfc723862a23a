"""CPU work for the process pool: blocking is the point here."""
import re

import numpy as np

from .config import ROOT

WORD = re.compile(r"\w+")
_matrix = None


def tokenize_batch(docs: list[str]) -> list[list[str]]:
    with open(ROOT / "vocab.txt", encoding="utf-8") as f:
        vocab = set(f.read().split())
    return [[w for w in WORD.findall(doc.lower()) if w in vocab] for doc in docs]


def rank(matrix: np.ndarray, vector: list[float]) -> list[int]:
    scores = matrix @ np.asarray(vector, dtype=matrix.dtype)
    return scores.argsort()[::-1].tolist()


def rank_preloaded(vector: list[float]) -> list[int]:
    global _matrix
    if _matrix is None:
        _matrix = np.load(ROOT / "embeddings.npy", mmap_mode="r")
    return rank(_matrix, vector)
