import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import type {
  DigestSnapshot, InquiryRow, NeverBoughtRow, OrderRow, SilentRow, WarmingRow,
} from '../../src/digest/types.js'
import { DAY_MS } from '../../src/shared/clock.js'

/** Local time in Asia/Shanghai (UTC+8, no DST) as epoch ms. */
export function sh(isoLocal: string): number {
  return Date.parse(`${isoLocal}+08:00`)
}

export const NOW = sh('2026-11-24T09:00:00')
export const daysAgo = (n: number, from = NOW) => from - n * DAY_MS

export function configWith(digest: Partial<Config['digest']> = {}): Config {
  return { ...DEFAULT_CONFIG, digest: { ...DEFAULT_CONFIG.digest, ...digest } }
}

export function emptySnapshot(over: Partial<DigestSnapshot> = {}): DigestSnapshot {
  return {
    accountId: 'acc',
    since: daysAgo(1),
    inquiries: [],
    silent: [],
    silentTotal: 0,
    warming: [],
    orders: [],
    neverBought: [],
    neverBoughtTotal: 0,
    changes: [],
    complaints: [],
    funnel: {
      total: 0,
      tiers: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
      activity: { new: 0, active: 0, silent: 0, dormant: 0, lost: 0 },
    },
    ...over,
  }
}

export function silent(name: string, over: Partial<SilentRow> = {}): SilentRow {
  return {
    contactId: `id-${name}`, name, tier: 4, activity: 'silent', snoozedUntil: null,
    lastInboundAt: daysAgo(40), lastOutboundAt: daysAgo(41), spendFen: 0, orders: 0, ...over,
  }
}

export function inquiry(name: string, over: Partial<InquiryRow> = {}): InquiryRow {
  return {
    contactId: `id-${name}`, name, tier: 2, activity: 'active', snoozedUntil: null,
    at: NOW - 3 * 3_600_000, text: '这个多少钱？', ...over,
  }
}

export function warming(name: string, activeDays: string[], over: Partial<WarmingRow> = {}): WarmingRow {
  return { contactId: `id-${name}`, name, tier: 2, activity: 'active', snoozedUntil: null, activeDays, ...over }
}

export function order(name: string, at: number, over: Partial<OrderRow> = {}): OrderRow {
  return {
    contactId: `id-${name}`, name, tier: 4, activity: 'active', snoozedUntil: null,
    orderId: 1, at, amountFen: 19_900, ...over,
  }
}

export function neverBought(name: string, over: Partial<NeverBoughtRow> = {}): NeverBoughtRow {
  return {
    contactId: `id-${name}`, name, tier: 3, activity: 'active', snoozedUntil: null,
    approvals: 2, intents: 1, lastInboundAt: daysAgo(2), ...over,
  }
}
