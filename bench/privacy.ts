import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_CONFIG } from '../src/config/schema.js'
import { createIngest } from '../src/ingest/ingest.js'
import type { ChatEvent } from '../src/platform/types.js'
import { backupDatabase } from '../src/privacy/backup.js'
import { createForgetting } from '../src/privacy/forget.js'
import { createPrivacyStore } from '../src/privacy/privacy-store.js'
import { eraseOldText } from '../src/privacy/retention.js'
import { DAY_MS } from '../src/shared/clock.js'
import { silentLogger } from '../src/shared/logger.js'
import { closeDb, createDb } from '../src/store/client.js'
import { installLadder } from '../src/tiers/install.js'
import { createLadder } from '../src/tiers/service.js'

/*
 * What privacy costs (npx tsx bench/privacy.ts [--messages N]): ingest (stats + ladder, one transaction per
 * message, as the app does) into a plain file and into an encrypted one (TIERBOT_DB_KEY); then, on the
 * encrypted and plain files, the nightly retention erase, a backup and forgetting the busiest contact.
 * Synthetic, seeded data; fixed epoch times.
 */

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const MESSAGES = arg('--messages', 100_000)
const CONTACTS = Math.max(10, Math.floor(MESSAGES / 20))
const START = Date.parse('2026-01-01T10:00:00+08:00')
const SPAN = 180 * DAY_MS
const ACCOUNT = 'bench-shop'
const TEXTS = ['你好，在吗', '这个多少钱', '喜欢，谢谢', '质量差 要退款', '我闺蜜也想要', '收到了，好用', '宝宝用的', '好的']

function event(i: number): ChatEvent {
  const contact = `c${(i * 7919) % CONTACTS}`
  const inbound = i % 3 !== 2
  return {
    accountId: ACCOUNT, messageId: `m${i}`, chat: 'private', direction: inbound ? 'in' : 'out', kind: 'text', rawType: 7,
    at: START + Math.floor((i / MESSAGES) * SPAN), text: `${TEXTS[i % TEXTS.length]} #${i}`,
    talkerId: inbound ? contact : ACCOUNT, talkerName: contact, contactId: contact, listenerId: inbound ? ACCOUNT : contact,
  }
}

async function run(key: string | undefined) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-bench-'))
  const file = path.join(dir, 'bench.db')
  const db = createDb(file, { key })
  const ingest = createIngest(db)
  const ladder = createLadder(db, DEFAULT_CONFIG, silentLogger, () => START + SPAN)
  installLadder(ingest, ladder, db, DEFAULT_CONFIG)
  let t = performance.now()
  for (let i = 0; i < MESSAGES; i++) ingest.ingestEvent(event(i), START + SPAN)
  const ingestMs = performance.now() - t
  const now = START + SPAN + DAY_MS
  t = performance.now()
  const erased = await eraseOldText({ db, ladder, logger: silentLogger, accountId: ACCOUNT, days: 90, now })
  const eraseMs = performance.now() - t
  t = performance.now()
  const { bytes } = await backupDatabase(db.$client, path.join(dir, 'copy.db'))
  const backupMs = performance.now() - t
  t = performance.now()
  createPrivacyStore(db).oldestTextAt(ACCOUNT)
  const oldestMs = performance.now() - t
  const busiest = db.$client.prepare('SELECT contact_id FROM interactions GROUP BY contact_id ORDER BY COUNT(*) DESC LIMIT 1').pluck().get() as string
  t = performance.now()
  const outcome = createForgetting(db, DEFAULT_CONFIG).forget(ACCOUNT, busiest, 'bench', now)
  const forgetMs = performance.now() - t
  closeDb(db)
  fs.rmSync(dir, { recursive: true, force: true })
  return { oldestMs, ingestRate: MESSAGES / (ingestMs / 1000), eraseMs, erased: erased.texts, backupMs, mb: bytes / 1024 / 1024, forgetMs, forgotRows: [...outcome.deleted.values()].reduce((a, b) => a + b, 0) }
}

const plain = await run(undefined)
const encrypted = await run('bench key')
const row = (name: string, a: string, b: string) => console.log(`| ${name.padEnd(44)} | ${a.padStart(14)} | ${b.padStart(14)} |`)
console.log(`${MESSAGES} messages, ${CONTACTS} contacts, 180 days; retention 90 days`)
row('figure', 'plain', 'encrypted')
row('ingest (stats + ladder, 1 tx/message)', `${Math.round(plain.ingestRate)} msg/s`, `${Math.round(encrypted.ingestRate)} msg/s`)
row('encrypted / plain ingest', '', `${(encrypted.ingestRate / plain.ingestRate).toFixed(2)} x`)
row(`retention erase (${plain.erased} texts)`, `${Math.round(plain.eraseMs)} ms`, `${Math.round(encrypted.eraseMs)} ms`)
row(`backup (${plain.mb.toFixed(1)} MB / ${encrypted.mb.toFixed(1)} MB)`, `${Math.round(plain.backupMs)} ms`, `${Math.round(encrypted.backupMs)} ms`)
row('/stats: oldest text kept (query)', `${plain.oldestMs.toFixed(1)} ms`, `${encrypted.oldestMs.toFixed(1)} ms`)
row(`forget the busiest contact (${plain.forgotRows} rows)`, `${plain.forgetMs.toFixed(1)} ms`, `${encrypted.forgetMs.toFixed(1)} ms`)
