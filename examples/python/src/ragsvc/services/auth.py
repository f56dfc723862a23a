"""API keys and passwords."""
import hashlib
import hmac

import bcrypt

from ..config import SETTINGS


def verify_api_key(key: str) -> None:
    digest = hashlib.pbkdf2_hmac("sha256", key.encode(), SETTINGS["salt"].encode(), 600_000)
    if not hmac.compare_digest(digest.hex(), SETTINGS["api_key_hash"]):
        raise PermissionError("bad API key")


def hash_password(password: str) -> bytes:
    # Only the command-line tool calls this.
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())
