import { DAY_MS, HOUR_MS } from '../src/shared/clock.js'
import type { RunningApp } from './app-harness.js'
import type { BenchOptions } from './core.js'
import { createMessageStream, type World } from './synth.js'

/*
 * Old messages arriving at once (a chat-history import) into the full account, with times in the
 * year before the history. Half go through the live path (one transaction per message), half through
 * the same ingest in transactions of `chunk` messages, which is what an import command can afford:
 * nobody is waiting on each message's acknowledgement.
 */

export interface ImportResult {
  messages: number
  perMessageMs: number
  perMessageRate: number
  batchedMs: number
  batchedRate: number
}

export async function runImport(running: RunningApp, world: World, options: BenchOptions): Promise<ImportResult> {
  const old = { ...world, startAt: world.startAt - options.days * DAY_MS, endAt: world.startAt }
  const stream = createMessageStream(old, options.importMessages, options.seed + 1, 'old')
  const half = Math.floor(options.importMessages / 2)
  running.clock.set(world.endAt + 9 * HOUR_MS)
  let perMessageMs = 0
  for (let done = 0; done < half;) {
    const events = stream.take(Math.min(options.chunk, half - done))
    const t0 = performance.now()
    for (const event of events) await running.platform.deliver(event)
    perMessageMs += performance.now() - t0
    done += events.length
  }
  const ingest = running.app.ingest
  const now = world.endAt + 9 * HOUR_MS
  const batch = running.db.$client.transaction((events: ReturnType<typeof stream.take>) => {
    for (const event of events) ingest.ingestEvent(event, now)
  })
  let batchedMs = 0
  for (;;) {
    const events = stream.take(options.chunk)
    if (events.length === 0) break
    const t0 = performance.now()
    batch(events)
    batchedMs += performance.now() - t0
  }
  return {
    messages: options.importMessages,
    perMessageMs, perMessageRate: half / (perMessageMs / 1000),
    batchedMs, batchedRate: (options.importMessages - half) / (batchedMs / 1000),
  }
}
