import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { createDb, type Db } from '../../src/store/client.js'
import type { Activity, Tier } from '../../src/tiers/ladder.js'

export const ACCOUNT = 'shop-1'
export const ADMIN = 'wxid_owner'
/** 2026-05-20 10:00 Asia/Shanghai. */
export const NOW = Date.UTC(2026, 4, 20, 2, 0, 0)
export const DAY = 86_400_000
export const CONFIG = { ...DEFAULT_CONFIG, admins: [ADMIN] }

export interface SeedContact {
  id: string
  name: string
  remark?: string
  friend?: boolean
  tier?: Tier
  pinned?: Tier | null
  activity?: Activity
  reasons?: Array<{ rule: string; text: string }>
  lastInboundAt?: number | null
  /** A group the contact spoke in (room id must contain '@'). */
  room?: { id: string; topic: string }
  account?: string
}

export function seedContact(db: Db, c: SeedContact): void {
  const sqlite = db.$client
  const a = c.account ?? ACCOUNT
  sqlite.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(a, c.id, c.name, c.remark ?? '', c.friend === false ? 0 : 1, NOW - 100 * DAY, NOW - 100 * DAY, NOW)
  const last = c.lastInboundAt === undefined ? NOW - 3 * DAY : c.lastInboundAt
  sqlite.prepare(`INSERT INTO contact_stats (account_id, contact_id, last_inbound_at, updated_at) VALUES (?, ?, ?, ?)`).run(a, c.id, last, NOW)
  if (c.tier !== undefined) {
    const tier = c.pinned ?? c.tier
    sqlite.prepare(`INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, reasons, since, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(a, c.id, tier, c.tier, c.pinned ?? null, c.activity ?? 'active',
      JSON.stringify(c.reasons ?? [{ rule: 'rounds', text: '3 轮私聊' }]), NOW - 10 * DAY, NOW)
  }
  if (c.room) {
    sqlite.prepare(`INSERT INTO rooms (account_id, id, topic, monitored, first_seen_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)
      ON CONFLICT DO NOTHING`).run(a, c.room.id, c.room.topic, NOW, NOW)
    sqlite.prepare(`INSERT INTO interactions (account_id, message_id, contact_id, room_id, direction, type, raw_type, at, text, received_at)
      VALUES (?, ?, ?, ?, 'in', 'text', 7, ?, 'hi', ?)`).run(a, `m-${c.id}-room`, c.id, c.room.id, NOW - 5 * DAY, NOW)
  }
}

/** A small shop: the owner (admin), customers with shared and partial names, a group. */
export function createShopDb(): Db {
  const db = createDb(':memory:')
  seedContact(db, { id: ACCOUNT, name: '测试店铺' })
  seedContact(db, { id: ADMIN, name: '店主小美', remark: '老板' })
  seedContact(db, { id: 'wxid_zs1', name: '张三', remark: 'L4|张三 宝妈', tier: 4, reasons: [{ rule: 'paid', text: '已付款 1 单 ¥199' }], room: { id: 'r1@chatroom', topic: '宝妈交流群' } })
  seedContact(db, { id: 'wxid_zs2', name: '张三', tier: 1, lastInboundAt: NOW - 40 * DAY, activity: 'silent' })
  seedContact(db, { id: 'wxid_zs3', name: '张三', tier: 2, lastInboundAt: NOW - 1 * DAY })
  seedContact(db, { id: 'wxid_ls', name: '李四', tier: 2 })
  seedContact(db, { id: 'wxid_ww', name: 'Wang Wu', tier: 3, reasons: [{ rule: 'approval-window', text: "2 次认同: 5月3日 '太好用了'" }] })
  seedContact(db, { id: 'wxid_zl', name: '赵六六', tier: 0, lastInboundAt: null })
  seedContact(db, { id: 'wxid_space', name: '王 小二', tier: 1 })
  seedContact(db, { id: 'r9@chatroom', name: '新品体验群' })
  return db
}
