import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { runImport, type ImportOptions } from '../../src/import/run.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb, type Db } from '../../src/store/client.js'
import { CUSTOMER_LINES, MERCHANT_LINES, random } from './helpers.js'

/*
 * The reader thread folds each person's messages of a batch (src/import/fold.ts) and the writer merges
 * the folds; files read on the writer's own thread are applied message by message. Rule checked: an
 * export gives the same counters, intent scores, orders and rungs either way, with everything that
 * makes a fold unusable in it (a chat across batches and transactions, the same people in a group, the
 * shop in a group that does not say who it is, a message seen live, an overlapping export, a chat
 * written newest first, a contact with history already).
 */

const SHOP = 'wxid_shop'
const NOW = Date.parse('2026-06-20T09:00:00+08:00')
const config = parseConfig({ admins: ['boss'] })
const T0 = Date.parse('2026-01-05T09:00:00+08:00') / 1000

interface Line { sender: string; name: string; at: number; type: number; content: string; id: string }

/** One chat's messages in time order (seconds, ties now and then), customers' and the shop's. */
function chat(seed: number, n: number, people: Array<{ id: string; name: string }>, shopSpeaks: boolean, fromDay = 0): Line[] {
  const r = random(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]
  let at = T0 + fromDay * 86400 + seed * 3600
  const out: Line[] = []
  for (let i = 0; i < n; i++) {
    const g = r()
    at += g < 0.15 ? 0 : g < 0.8 ? Math.floor(r() * 1800) : Math.floor(r() * 26000)
    const own = shopSpeaks && r() < 0.35
    const who = own ? { id: SHOP, name: '鲜果铺' } : pick(people)
    const roll = r()
    const [type, content] = own ? [0, pick(MERCHANT_LINES)]
      : roll < 0.05 ? [99, '[转账] (客户 转账给 我) ￥128.00'] : roll < 0.08 ? [7, '微信红包'] : roll < 0.12 ? [1, '[图片]'] : [0, pick(CUSTOMER_LINES)]
    out.push({ sender: who.id, name: who.name, at, type, content, id: `${seed}${String(i).padStart(6, '0')}` })
  }
  return out
}

function jsonl(name: string, group: boolean, members: Array<{ id: string; name: string }>, lines: Line[]): string {
  return [
    { _type: 'header', chatlab: { version: '0.0.2', exportedAt: 1767252000, generator: 'WeFlow' }, meta: group ? { name, platform: 'wechat', type: 'group', groupId: `${name}@chatroom` } : { name, platform: 'wechat', type: 'private' } },
    ...members.map((m) => ({ _type: 'member', platformId: m.id, accountName: m.name })),
    ...lines.map((l) => ({ _type: 'message', sender: l.sender, accountName: l.name, timestamp: l.at, type: l.type, content: l.content, platformMessageId: l.id })),
  ].map((o) => JSON.stringify(o)).join('\n') + '\n'
}

const people = Array.from({ length: 6 }, (_, i) => ({ id: `wxid_k${i + 1}`, name: `客户${i + 1}` }))
const shop = { id: SHOP, name: '鲜果铺' }

function exportDir(): { earlier: string; main: string; live: Line } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-fold-'))
  const earlier = path.join(base, 'earlier')
  const main = path.join(base, 'main')
  fs.mkdirSync(earlier)
  fs.mkdirSync(main)
  const k1 = chat(1, 2600, [people[0]], true)
  // k1's first messages came in an earlier import: the rest lands on a row with counters and an open run.
  fs.writeFileSync(path.join(earlier, 'k1.jsonl'), jsonl('客户1', false, [shop, people[0]], k1.slice(0, 300)))
  fs.writeFileSync(path.join(main, 'a-k1.jsonl'), jsonl('客户1', false, [shop, people[0]], k1))
  for (let i = 1; i < 5; i++) {
    fs.writeFileSync(path.join(main, `b-k${i + 1}.jsonl`), jsonl(`客户${i + 1}`, false, [shop, people[i]], chat(i + 1, 500, [people[i]], true)))
  }
  // Written newest first: rebuilt from the log.
  fs.writeFileSync(path.join(main, 'c-k6.jsonl'), jsonl('客户6', false, [shop, people[5]], chat(6, 300, [people[5]], true).reverse()))
  // A group of the same people under group nicknames, and the shop, in a file that does not say which member is
  // the shop; later than their private chats (it adds to their rows), but for k5, who wrote there before.
  const members = people.slice(0, 4).map((p) => ({ id: p.id, name: `${p.name}（群）` }))
  fs.writeFileSync(path.join(main, 'd-group.jsonl'), jsonl('果友群', true, [shop, ...members], chat(7, 1500, members, true, 100)))
  const k5 = { id: people[4].id, name: '客户5（群）' }
  fs.writeFileSync(path.join(main, 'd-group2.jsonl'), jsonl('二群', true, [shop, k5], chat(8, 200, [k5], true, -3)))
  // Another tool's copy of part of k3's chat: those messages are there already.
  const k3 = chat(3, 500, [people[2]], true)
  fs.writeFileSync(path.join(main, 'e-k3-again.jsonl'), jsonl('客户3', false, [shop, people[2]], k3.slice(100, 300).map((l) => ({ ...l, id: `x${l.id}` }))))
  return { earlier, main, live: chat(4, 500, [people[3]], true).find((l) => l.sender !== SHOP && l.type === 0 && l.at > T0 + 4 * 3600 + 86400)! }
}

function setup(live: Line): Db {
  const db = createDb(':memory:')
  const ingest = createIngest(db)
  ingest.upsertContact(SHOP, { id: SHOP, name: '鲜果铺', remark: '', friend: false, kind: 'individual' }, NOW)
  for (const p of people) ingest.upsertContact(SHOP, { id: p.id, name: p.name, remark: '', friend: true, kind: 'individual' }, NOW, NOW - 200 * 86_400_000)
  // One of k4's messages was seen live (the puppet's id, not the export's).
  db.$client.prepare(`INSERT INTO interactions (account_id, message_id, contact_id, room_id, direction, type, raw_type, at, text, signals, received_at)
    VALUES (?, 'live-1', 'wxid_k4', NULL, 'in', 'text', 7, ?, ?, NULL, ?)`).run(SHOP, live.at * 1000, live.content, NOW - 1000)
  return db
}

async function importBoth(reader: ImportOptions['reader'], dirs: { earlier: string; main: string; live: Line }) {
  const db = setup(dirs.live)
  const run = (paths: string[]) => runImport({ paths, format: 'auto', dryRun: false, config, logger: silentLogger, clock: () => NOW, progress: 'off', db, reader })
  await run([dirs.earlier])
  const summary = await run([dirs.main])
  const all = (sql: string) => db.$client.prepare(sql).all() as Array<Record<string, unknown>>
  const stats = all('SELECT * FROM contact_stats ORDER BY contact_id')
  return {
    summary: { messages: summary.messages, orders: summary.orders, rebuilt: summary.rebuilt, people: summary.people },
    stats: stats.map(({ intent_score: _score, ...rest }) => rest),
    scores: stats.map((s) => s.intent_score as number | null),
    orders: all('SELECT contact_id, kind, amount_fen, at, message_id FROM orders ORDER BY message_id'),
    tiers: all('SELECT contact_id, tier, evidence_tier, activity FROM tiers ORDER BY contact_id'),
    interactions: all('SELECT COUNT(*) AS n FROM interactions'),
  }
}

describe('history import: folded on the reader thread or applied message by message, the same result', () => {
  it('gives the same counters, intent scores, orders and rungs for an export with every case a fold cannot take whole', async () => {
    const dirs = exportDir()
    const threaded = await importBoth('thread', dirs)
    const inLine = await importBoth('in-line', dirs)
    // The export really has each case: a duplicate seen live and another tool's copy, a rebuilt contact.
    expect(inLine.summary.messages).toEqual({ imported: 2600 + 4 * 500 + 300 + 1500 + 200 - 300 - 1, duplicates: 300 + 200 + 1 })
    expect(inLine.summary.rebuilt).toBe(2)
    expect(threaded.summary).toEqual(inLine.summary)
    expect(threaded.stats).toEqual(inLine.stats)
    expect(threaded.orders).toEqual(inLine.orders)
    expect(threaded.tiers).toEqual(inLine.tiers)
    expect(threaded.interactions).toEqual(inLine.interactions)
    // Every customer has a score; a decayed sum added up in another order is equal to the last bits of a float.
    expect(inLine.scores.filter((s) => (s ?? 0) > 0).length).toBeGreaterThanOrEqual(6)
    threaded.scores.forEach((s, i) => expect(Math.abs((s ?? 0) - (inLine.scores[i] ?? 0))).toBeLessThanOrEqual(1e-9 * Math.max(1, inLine.scores[i] ?? 0)))
  }, 60_000)
})
