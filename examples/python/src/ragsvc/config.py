"""Settings, read once when the module is imported."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PROMPTS_DIR = ROOT / "prompts"
DB_PATH = ROOT / "index.sqlite3"


def load_settings() -> dict:
    # Start-up: only the module top level calls this.
    with open(ROOT / "settings.json", encoding="utf-8") as f:
        return json.load(f)


SETTINGS = load_settings()
