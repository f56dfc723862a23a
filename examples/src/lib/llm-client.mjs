// Client for an OpenAI-compatible completion endpoint (Ollama, vLLM, llama.cpp server, ...).

// A shared cell that nothing ever notifies, so waiting on it is a plain sleep.
const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps for `ms` milliseconds (borrowed from the ingestion CLI script). */
function sleepSync(ms) {
  Atomics.wait(SLEEP_CELL, 0, 0, ms);
}

export class LlmClient {
  #baseUrl;
  #model;
  #headers;

  /** @param {{ baseUrl: string, model: string, apiKey?: string }} options */
  constructor({ baseUrl, model, apiKey }) {
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#model = model;
    this.#headers = { 'content-type': 'application/json' };
    if (apiKey) this.#headers.authorization = `Bearer ${apiKey}`;
  }

  /**
   * One completion. Retries with exponential backoff while the server says it is busy.
   * @param {string} prompt
   * @returns {Promise<string>}
   */
  async complete(prompt, { maxTokens = 512, temperature = 0.2 } = {}) {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.#baseUrl}/v1/completions`, {
        method: 'POST',
        headers: this.#headers,
        body: JSON.stringify({ model: this.#model, prompt, max_tokens: maxTokens, temperature }),
      });
      if (res.ok) return (await res.json()).choices[0].text.trim();
      if ((res.status !== 429 && res.status !== 503) || attempt === 4) {
        throw new Error(`completion failed: HTTP ${res.status}`);
      }
      sleepSync(250 * 2 ** attempt);
    }
  }

  /** Every model the server offers. The listing is paginated: each page names the cursor of the next. */
  async listModels() {
    const models = [];
    let cursor = '';
    while (cursor !== null) {
      const page = await this.#get(`/v1/models?after=${encodeURIComponent(cursor)}`);
      models.push(...page.data.map((model) => model.id));
      cursor = page.next; // null on the last page
    }
    return models;
  }

  /** Uploaded files, with the same pagination. */
  async listFiles() {
    const files = [];
    for (let cursor = ''; cursor !== null; ) {
      const page = await this.#get(`/v1/files?after=${encodeURIComponent(cursor)}`);
      files.push(...page.data.map((file) => file.filename));
      cursor = page.next ?? null;
    }
    return files;
  }

  async #get(path) {
    const res = await fetch(`${this.#baseUrl}${path}`, { headers: this.#headers });
    if (!res.ok) throw new Error(`GET ${path} failed: HTTP ${res.status}`);
    return res.json();
  }
}
