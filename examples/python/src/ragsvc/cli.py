"""The command-line tool: runs by hand, never per request."""
import time

import requests
import typer

from .services.auth import hash_password

app = typer.Typer()


@app.command()
def create_user(name: str, password: str) -> None:
    print(name, hash_password(password))


@app.command()
def wait_for_model() -> None:
    while requests.get("http://localhost:11434/api/tags", timeout=5).status_code != 200:
        time.sleep(1)


if __name__ == "__main__":
    app()
