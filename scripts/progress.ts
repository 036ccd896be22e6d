// One progress line per step, with the time since the command started.
const started = Date.now()

export function elapsed(): string {
  return `${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s`
}

export function step(message: string): void {
  console.log(`[${elapsed()}] ${message}`)
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

/** Run tasks with at most `limit` at once, keeping their order in the results. */
export async function inParallel<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}
