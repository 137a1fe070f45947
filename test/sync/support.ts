import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import type { PlatformActions } from '../../src/platform/types.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb, type Db } from '../../src/store/client.js'
import { createSync, type CreateSyncOptions } from '../../src/sync/feature.js'
import type { Sleep } from '../../src/sync/runner.js'
import type { Activity, Tier } from '../../src/tiers/ladder.js'

export const ACCOUNT = 'merchant-1'
export const T0 = Date.UTC(2026, 10, 24, 2, 0, 0)

export function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-sync-'))
  return path.join(dir, 'tierbot.db')
}

/** Simulated time: sleeping moves the clock instead of waiting (no timing assertions). */
export function fakeTime(start = T0) {
  let now = start
  const sleep: Sleep = async (ms, signal) => {
    if (!signal?.aborted) now += Math.max(0, ms)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { clock: () => now, sleep, advance: (ms: number) => { now += ms } }
}

export interface SeedContact {
  id: string
  name?: string
  remark?: string
  friend?: boolean
  tier?: Tier
  activity?: Activity
  pinned?: Tier | null
  interacted?: boolean
  personas?: string[]
}

export function seedContact(db: Db, c: SeedContact, now = T0): void {
  const tier = c.tier ?? 2
  db.$client.prepare(`
    INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, id) DO UPDATE SET remark = excluded.remark, friend = excluded.friend`)
    .run(ACCOUNT, c.id, c.name ?? c.id, c.remark ?? '', c.friend === false ? 0 : 1, now, now, now)
  setTier(db, c.id, tier, c.activity ?? 'active', c.pinned ?? null, now)
  const interacted = c.interacted ?? tier > 0
  db.$client.prepare(`
    INSERT OR REPLACE INTO contact_stats (account_id, contact_id, private_inbound, first_inbound_at, last_inbound_at, personas, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(ACCOUNT, c.id, interacted ? 1 : 0, interacted ? now : null, interacted ? now : null, JSON.stringify(c.personas ?? []), now)
}

export function setTier(db: Db, contactId: string, tier: Tier, activity: Activity = 'active', pinned: Tier | null = null, now = T0): void {
  db.$client.prepare(`
    INSERT OR REPLACE INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, since, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(ACCOUNT, contactId, tier, tier, pinned, activity, now, now)
}

export function setPhoneRemark(db: Db, contactId: string, remark: string): void {
  db.$client.prepare('UPDATE contacts SET remark = ? WHERE account_id = ? AND id = ?').run(remark, ACCOUNT, contactId)
}

type Failure = Error & { code?: number }

/** A WeChat account in memory: remarks and labels as the merchant would see them on the phone. */
export function fakeActions(clock: () => number) {
  const remarks = new Map<string, string>()
  const labels = new Map<string, Set<string>>()
  const calls: { at: number; kind: 'remark' | 'label_add' | 'label_remove'; contactId: string; value: string }[] = []
  /** Errors to throw, per op kind, in order, before succeeding. */
  const failures: Record<string, unknown[]> = { remark: [], label_add: [], label_remove: [] }
  let tagsUnimplemented = false
  let onCall: ((kind: string, contactId: string) => void | Promise<void>) | undefined

  async function run(kind: 'remark' | 'label_add' | 'label_remove', contactId: string, value: string, apply: () => void) {
    calls.push({ at: clock(), kind, contactId, value })
    await onCall?.(kind, contactId)
    if (kind !== 'remark' && tagsUnimplemented) {
      throw Object.assign(new Error('12 UNIMPLEMENTED: tagContactAdd'), { code: 12 }) as Failure
    }
    const next = failures[kind].shift()
    if (next) throw next
    apply()
  }

  const actions: Pick<PlatformActions, 'setRemark' | 'addLabel' | 'removeLabel'> = {
    setRemark: (id, remark) => run('remark', id, remark, () => { remarks.set(id, remark) }),
    addLabel: (id, label) => run('label_add', id, label, () => {
      labels.set(id, new Set([...(labels.get(id) ?? []), label]))
    }),
    removeLabel: (id, label) => run('label_remove', id, label, () => { labels.get(id)?.delete(label) }),
  }
  return {
    actions,
    calls,
    failures,
    remarkOf: (id: string) => remarks.get(id),
    labelsOf: (id: string) => [...(labels.get(id) ?? [])].sort(),
    unimplementTags: () => { tagsUnimplemented = true },
    setOnCall: (fn: typeof onCall) => { onCall = fn },
  }
}

export function testConfig(labels: Partial<Config['labels']> = {}, admins: string[] = []): Config {
  return { ...DEFAULT_CONFIG, admins, labels: { ...DEFAULT_CONFIG.labels, jitterMs: 1500, ...labels } }
}

export function makeSync(db: Db, over: Partial<CreateSyncOptions> & { clock: () => number; actions: CreateSyncOptions['actions'] }) {
  const notices: string[] = []
  const sync = createSync({
    db,
    config: testConfig(),
    logger: silentLogger,
    accountId: ACCOUNT,
    notify: (text) => { notices.push(text) },
    random: () => 0.5,
    ...over,
  })
  return { sync, notices }
}

export function openDb(file = ':memory:'): Db {
  return createDb(file)
}
