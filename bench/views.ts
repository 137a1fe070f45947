import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../src/config/schema.js'
import { createIngest, type Ingest } from '../src/ingest/ingest.js'
import type { ChatEvent } from '../src/platform/types.js'
import { DAY_MS } from '../src/shared/clock.js'
import { silentLogger } from '../src/shared/logger.js'
import { closeDb, createDb, type Db } from '../src/store/client.js'
import { installLadder } from '../src/tiers/install.js'
import { createLadder, type LadderService } from '../src/tiers/service.js'
import { createViews, type ViewsService } from '../src/views/service.js'
import { createMessageStream, createWorld } from './synth.js'

/*
 * The views' extra cost (issue 12), in the same run: the same messages into two databases, one with
 * the ladder alone and one with the ladder and the views (intent score on ingest), in interleaved
 * chunks so drift hits both; then the daily pass on each (ladder alone vs ladder + views pass), and a
 * second views pass with nothing to change. Run alone: `npx tsx bench/views.ts [contacts] [messages]`.
 */

export interface ViewsBenchResult {
  contacts: number
  messages: number
  ingestOffMs: number
  ingestOnMs: number
  passOffMs: number
  /** The ladder pass on the views database (same work as passOffMs) and then the views pass. */
  passLadderMs: number
  passViewsMs: number
  passViewsSteadyMs: number
  viewsRows: number
}

interface Side { db: Db; ingest: Ingest; ladder: LadderService; views?: ViewsService }

function openSide(file: string, config: Config, withViews: boolean, clock: () => number): Side {
  const db = createDb(file)
  const ingest = createIngest(db)
  const ladder = createLadder(db, config, silentLogger, clock)
  const views = withViews ? createViews({ db, config, logger: silentLogger, ladder }) : undefined
  installLadder(ingest, ladder, db, config, undefined, views?.statsHooks)
  return { db, ingest, ladder, views }
}

export function measureViews(config: Config, options: { contacts: number; messages: number; seed: number; chunk?: number }): ViewsBenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-views-bench-'))
  const world = createWorld({ contacts: options.contacts, rooms: Math.max(5, Math.round(options.contacts / 500)), seed: options.seed, days: 365 })
  let now = world.startAt
  const clock = () => now
  const off = openSide(path.join(dir, 'off.db'), config, false, clock)
  const on = openSide(path.join(dir, 'on.db'), config, true, clock)
  try {
    for (const side of [off, on]) {
      side.db.$client.transaction(() => { for (const c of world.contacts) side.ingest.upsertContact(world.accountId, c, world.startAt) })()
    }
    const stream = createMessageStream(world, options.messages, options.seed)
    const chunk = options.chunk ?? 10_000
    let ingestOffMs = 0
    let ingestOnMs = 0
    let done = 0
    const feed = (side: Side, events: ChatEvent[]): number => {
      const t0 = performance.now()
      for (const e of events) side.ingest.ingestEvent(e, e.at)
      return performance.now() - t0
    }
    let round = 0
    while (done < options.messages) {
      const events = stream.take(Math.min(chunk, options.messages - done))
      if (events.length === 0) break
      now = events[events.length - 1].at
      // Alternate which side goes first: the second of a pair runs on a warmer cache.
      if (round++ % 2 === 0) { ingestOffMs += feed(off, events); ingestOnMs += feed(on, events) } else { ingestOnMs += feed(on, events); ingestOffMs += feed(off, events) }
      done += events.length
    }
    now = world.endAt + DAY_MS
    const time = (fn: () => unknown) => { const t0 = performance.now(); fn(); return performance.now() - t0 }
    const passOffMs = time(() => off.ladder.reclassifyAll(world.accountId, now))
    const passLadderMs = time(() => on.ladder.reclassifyAll(world.accountId, now))
    const passViewsMs = time(() => on.views!.refreshAll(world.accountId, now, new Set()))
    const passViewsSteadyMs = time(() => on.views!.refreshAll(world.accountId, now, new Set()))
    const viewsRows = on.db.$client.prepare('SELECT COUNT(*) FROM contact_views').pluck().get() as number
    return { contacts: options.contacts, messages: done, ingestOffMs, ingestOnMs, passOffMs, passLadderMs, passViewsMs, passViewsSteadyMs, viewsRows }
  } finally {
    closeDb(off.db)
    closeDb(on.db)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { DEFAULT_CONFIG } = await import('../src/config/schema.js')
  const contacts = Number(process.argv[2] ?? 20_000)
  const messages = Number(process.argv[3] ?? 100_000)
  const r = measureViews(DEFAULT_CONFIG, { contacts, messages, seed: 7 })
  process.stdout.write(`views: ${r.contacts} contacts, ${r.messages} messages\n` +
    `ingest off ${r.ingestOffMs.toFixed(0)} ms, on ${r.ingestOnMs.toFixed(0)} ms (×${(r.ingestOnMs / r.ingestOffMs).toFixed(3)})\n` +
    `pass: ladder alone ${r.passOffMs.toFixed(0)} ms; with views ${r.passLadderMs.toFixed(0)} + ${r.passViewsMs.toFixed(0)} ms (steady ${r.passViewsSteadyMs.toFixed(0)} ms), ${r.viewsRows} rows\n`)
}
