import { DEFAULT_CONFIG } from '../src/config/schema.js'
import { writeFileSync } from 'node:fs'
import { buildDigest, silentText } from '../src/digest/build.js'
import { loadDigestSnapshot } from '../src/digest/snapshot.js'
import { DAY_MS } from '../src/shared/clock.js'
import { localDay } from '../src/shared/day.js'
import { createDb } from '../src/store/client.js'
import { printProfile, profileStatements } from './statement-profile.js'

/*
 * Digest build at design scale (100k contacts, a realistic mix of rungs and activity): the target is
 * ≤ 0.5 s for snapshot + build. Run: npx tsx bench/digest.ts [contacts]
 */

const N = Number(process.argv[2] ?? 100_000)
const A = 'bench'
const now = Date.parse('2026-11-24T09:00:00+08:00')
const tz = DEFAULT_CONFIG.timezone
const db = createDb(':memory:')
const sqlite = db.$client

const insContact = sqlite.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
  VALUES (?, ?, ?, '', 1, 0, 0, 0)`)
const insTier = sqlite.prepare(`INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, activity, since, updated_at)
  VALUES (?, ?, ?, ?, ?, 0, 0)`)
const insStats = sqlite.prepare(`INSERT INTO contact_stats (account_id, contact_id, last_inbound_at, last_outbound_at, spend_fen,
  orders, unanswered_intent_at, unanswered_intent_text, active_days, last_complaint_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`)
const insOrder = sqlite.prepare(`INSERT INTO orders (account_id, contact_id, kind, amount_fen, at, source, created_at)
  VALUES (?, ?, 'payment', ?, ?, 'import', 0)`)
const insHistory = sqlite.prepare(`INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, at, seq)
  VALUES (@account, @contact, @from, @to, 'active', 'active', 'message', @at,
    (SELECT COALESCE(MAX(seq), 0) + 1 FROM tier_history WHERE account_id = @account AND contact_id = @contact))`)

let seed = 42
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)

sqlite.transaction(() => {
  for (let i = 0; i < N; i++) {
    const id = `c${i}`
    const tier = [0, 0, 1, 1, 1, 2, 2, 3, 4, 5][Math.floor(rand() * 10)]
    const lastIn = tier === 0 ? null : now - Math.floor(rand() * 400) * DAY_MS
    const age = lastIn === null ? 999 : (now - lastIn) / DAY_MS
    const activity = lastIn === null ? 'dormant' : age <= 30 ? 'active' : age <= 180 ? 'silent' : 'dormant'
    const orders = tier >= 4 ? 1 + Math.floor(rand() * 5) : 0
    const days = lastIn === null ? [] : Array.from({ length: 5 }, (_, k) => localDay(lastIn - k * DAY_MS * (rand() < 0.7 ? 1 : 2), tz))
    insContact.run(A, id, `客户${i}`)
    insTier.run(A, id, tier, tier, activity)
    insStats.run(A, id, lastIn, lastIn !== null && rand() < 0.3 ? lastIn + DAY_MS : lastIn, orders * 9_900, orders,
      rand() < 0.01 ? now - rand() * 10 * DAY_MS : null, '多少钱', JSON.stringify(days), rand() < 0.005 ? now - rand() * 2 * DAY_MS : null)
    for (let k = 0; k < orders; k++) insOrder.run(A, id, 9_900, now - Math.floor(rand() * 365) * DAY_MS)
    if (rand() < 0.02) insHistory.run({ account: A, contact: id, from: tier, to: Math.min(5, tier + 1), at: now - rand() * 2 * DAY_MS })
  }
})()
sqlite.pragma('optimize')

const profile = process.env.PROFILE ? profileStatements(sqlite, process.env.PROFILE === 'plan') : undefined

for (let run = 0; run < 3; run++) {
  const t0 = performance.now()
  const snapshot = loadDigestSnapshot(db, A, now, DEFAULT_CONFIG)
  const t1 = performance.now()
  const messages = buildDigest(snapshot, now, DEFAULT_CONFIG)
  const t2 = performance.now()
  process.stdout.write(`digest ${N} contacts: snapshot ${(t1 - t0).toFixed(1)} ms, build ${(t2 - t1).toFixed(1)} ms, ` +
    `${messages.length} messages, ${snapshot.silentTotal} wake-up candidates\n`)
  // DUMP=file: the texts, to check that a speed-up changes no output.
  if (process.env.DUMP && run === 0) {
    const silent = [5, 10, 50].map((k) => silentText(loadDigestSnapshot(db, A, now, DEFAULT_CONFIG, { silentLimit: k, onlySilent: true }), now, DEFAULT_CONFIG, k))
    writeFileSync(process.env.DUMP, [...messages, ...silent].join('\n=====\n'))
  }
}

if (profile) printProfile(profile())
