// Runs `count` async calls with at most `limit` in flight: the Node counterpart of an asyncio.Semaphore
// around TaskGroup tasks (p-limit style, without the dependency).
export async function mapLimited<T>(count: number, limit: number, call: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await call(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}
