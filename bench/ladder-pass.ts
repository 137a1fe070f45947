/*
 * The ladder's periodic pass over a synthetic account (issue 3): `tsx bench/ladder-pass.ts [contacts]`.
 * Stats rows are written directly (ingest has its own benchmark); the pass is what is measured.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_CONFIG } from '../src/config/schema.js'
import { DAY_MS } from '../src/shared/clock.js'
import { silentLogger } from '../src/shared/logger.js'
import { closeDb, createDb } from '../src/store/client.js'
import { createLadder } from '../src/tiers/service.js'
import { summarizeFunnel } from '../src/tiers/funnel.js'

const N = Number(process.argv[2] ?? 100_000)
const NOW = Date.UTC(2026, 5, 30, 4)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-ladder-'))
const db = createDb(path.join(dir, 'bench.db'))
let seed = 42
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)

const insertContact = db.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at) VALUES ('a', ?, ?, '', 1, ?, ?, ?)`)
const insertStats = db.$client.prepare(`INSERT INTO contact_stats (account_id, contact_id, rounds, private_inbound, group_interactions,
  first_inbound_at, last_inbound_at, orders, spend_fen, referrals, last_complaint_at, last_order_at, recent, updated_at)
  VALUES ('a', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
db.$client.transaction(() => {
  for (let i = 0; i < N; i++) {
    const id = `c${i}`
    const added = NOW - Math.floor(rand() * 400) * DAY_MS
    insertContact.run(id, `客户${i}`, added, added, NOW)
    if (rand() < 0.2) continue // strangers: no stats
    const last = NOW - Math.floor(rand() * 250 * DAY_MS)
    const rounds = Math.floor(rand() * 8)
    const orders = rand() < 0.2 ? 1 + Math.floor(rand() * 5) : 0
    const recent = Array.from({ length: Math.floor(rand() * 4) }, (_, k) => ({
      kind: rand() < 0.5 ? 'approval' : 'intent', at: last - k * DAY_MS * 20, text: '太好用了', messageId: `${id}-${k}`,
    }))
    insertStats.run(id, rounds, rounds + 1, Math.floor(rand() * 5), added, last, orders, orders * Math.floor(rand() * 30_000),
      rand() < 0.05 ? 1 : 0, rand() < 0.05 ? last : null, orders > 0 ? last : null, JSON.stringify(recent), NOW)
  }
})()

const ladder = createLadder(db, DEFAULT_CONFIG, silentLogger)
function time(label: string, at: number) {
  const t = performance.now()
  const cpu = process.cpuUsage()
  const r = ladder.reclassifyAll('a', at)
  const ms = performance.now() - t
  const used = process.cpuUsage(cpu)
  // CPU time beside wall time: on a shared box the wall figure includes waiting for a core.
  const cpuMs = (used.user + used.system) / 1000
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms wall ${cpuMs.toFixed(0).padStart(6)} ms cpu  ${Math.round(r.total / (ms / 1000)).toLocaleString('en')} contacts/s  ${r.changes.length} changes`)
}
console.log(`ladder pass over ${N.toLocaleString('en')} contacts (file DB, WAL)`)
time('first pass (every row new)', NOW)
time('second pass (nothing changed)', NOW)
time('a day later (time-caused changes)', NOW + DAY_MS)
console.log('funnel', JSON.stringify(summarizeFunnel(db, 'a').tiers), `rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`)
closeDb(db)
fs.rmSync(dir, { recursive: true, force: true })
