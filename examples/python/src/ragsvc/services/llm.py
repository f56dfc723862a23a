"""The model client: a blocking one and an async one."""
import httpx
import requests


class LLMClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def complete(self, prompt: str) -> str:
        response = self.http.post(f"{self.base_url}/api/generate", json={"prompt": prompt}, timeout=60)
        return response.json()["response"]

    async def acomplete(self, prompt: str) -> str:
        async with httpx.AsyncClient(base_url=self.base_url) as client:
            response = await client.post("/api/generate", json={"prompt": prompt})
            return response.json()["response"]
