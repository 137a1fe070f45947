import type { Config } from '../config/schema.js'
import type { ChatEvent, ContactInfo } from '../platform/types.js'
import type { Logger } from '../shared/logger.js'
import type { Signals } from '../signals/detect.js'
import { createStatsRepo, type StatsRow } from '../stats/repo.js'
import type { StatsStepHooks } from '../stats/step.js'
import { displayNamesFor, type DisplayNames } from '../contacts/names.js'
import type { Db } from '../store/client.js'
import type { LadderService } from '../tiers/service.js'
import type { Activity, Tier } from '../tiers/ladder.js'
import { decayScore, intentBand, topContributions, type DatedContribution, type IntentBand, type IntentRules } from './intent.js'
import { createIntentRowKeeper, intentRulesOf } from './intent-keeper.js'
import { classifyLifecycle, type Lifecycle } from './lifecycle.js'
import { classifyValue, valueThresholds, type ValueResult, type ValueThresholds } from './value.js'
import { createViewsStore, type DerivedView, type PassRow, type ReferralRow, type ViewsStore } from './views-store.js'
import { readReferrerName } from './words.js'

/*
 * The views feature over SQLite: the intent score kept on ingest (one row per message, aged on read),
 * lifecycle/intent band/value class derived in the daily pass (linear in the contacts: one read, one
 * sort per measure for the account's quantiles, writes only where something changed), and referrals
 * from contact cards, greetings and the merchant's word.
 */

/** The account's yardsticks are recomputed for a single /tier at most this often (the pass refreshes them). */
const THRESHOLDS_TTL_MS = 60 * 60 * 1000

export interface ContactViews {
  lifecycle: Lifecycle
  intent: { score: number; band: IntentBand; top: Array<DatedContribution & { now: number }> }
  value: ValueResult
}

export type ReferralOutcome =
  | { kind: 'recorded'; previous: string | null }
  | { kind: 'same' }
  | { kind: 'self' }
  /** The referrer was themselves brought, directly (hops 1) or further up the chain, by this contact. */
  | { kind: 'cycle'; hops: number }

export interface ViewsService {
  /** Ingest: one new message (inside the ingest transaction, after the stats step). */
  onMessage(event: ChatEvent, signals: Signals, now: number): void
  /**
   * The stats step's hooks (tiers/install.ts): the intent score kept in the contact's stats row as it is
   * written, then onMessage.
   */
  statsHooks: Required<Pick<StatsStepHooks, 'onRow' | 'onApplied'>>
  /** A new friend (friendship confirmed): a card or the greeting may name who brought them. */
  onFriendship(accountId: string, contact: ContactInfo, hello: string, at: number, now: number): ReferralRow | null
  /**
   * The daily pass: lifecycle, band and value for every customer; returns how many rows changed and
   * which contacts (the label sync re-plans those when view labels are on).
   */
  refreshAll(accountId: string, now: number, excluded: ReadonlySet<string>): { total: number; changed: number; changedIds: string[] }
  /**
   * Bring the stored views of the contacts changed since the last pass (or the last call) up to date, so
   * /list 老客 agrees with /tier the same minute; the daily pass still ages everyone else.
   */
  refreshChanged(accountId: string, now: number, excluded: ReadonlySet<string>): void
  /** One contact's views, computed now (fresh after a payment, not only after the pass). */
  viewsOf(accountId: string, contactId: string, tier: Tier, activity: Activity, now: number): ContactViews
  recordReferral(accountId: string, contactId: string, referrerId: string, source: 'card' | 'greeting' | 'command', detail: string | null, at: number, now: number): ReferralOutcome
  /** Called after stored views changed (the daily pass, or a refresh for /list or the digest): view labels follow. */
  onStored(listener: (accountId: string, contactIds: string[], now: number) => void): void
  store: ViewsStore
  intentRules: IntentRules
  /** The one display name of a contact (remark, else WeChat name, else id). */
  names: DisplayNames
}

export function createViews(deps: {
  db: Db
  config: Config
  logger: Logger
  ladder: Pick<LadderService, 'reclassifyContact' | 'flushChanges'>
  /** Finds an existing customer by a name a greeting gave (found only when unambiguous). */
  findByName?: (accountId: string, name: string) => string | null
}): ViewsService {
  const { db, config, logger, ladder } = deps
  const store = createViewsStore(db)
  const stats = createStatsRepo(db)
  const rules = intentRulesOf(config)
  const half = rules.halfLifeDays
  const lifeRules = config.views.lifecycle
  const thresholds = new Map<string, { at: number; t: ValueThresholds }>()
  const buyersStmt = db.$client.prepare(`SELECT orders, spend_fen AS spendFen, first_order_at AS firstOrderAt
    FROM contact_stats WHERE account_id = ? AND orders > 0`)

  function thresholdsFor(accountId: string, now: number): ValueThresholds {
    const cached = thresholds.get(accountId)
    if (cached && Math.abs(now - cached.at) < THRESHOLDS_TTL_MS) return cached.t
    const t = valueThresholds(buyersStmt.all(accountId) as Array<{ orders: number; spendFen: number; firstOrderAt: number | null }>, now)
    thresholds.set(accountId, { at: now, t })
    return t
  }

  /** The stored views of one contact as they read at `now`; null when unchanged (or nothing to view yet). */
  function derive(r: PassRow, t: ValueThresholds, now: number): DerivedView | null {
    const activity = (r.activity ?? 'dormant') as Activity
    const tier = (r.tier ?? 0) as Tier
    const life = classifyLifecycle({ orders: r.orders, lastInboundAt: r.lastInboundAt, lastOrderAt: r.lastOrderAt, lastComplaintAt: r.lastComplaintAt, tier, activity }, lifeRules)
    // Never interacted, never bought: nothing to view yet (and no row per silent friend of a 100k list).
    if (life.stage === '未互动' && r.stored === null) return null
    const band = intentBand(decayScore({ score: r.intentScore, at: r.intentAt }, now, half), activity, rules)
    const value = classifyValue({ orders: r.orders, spendFen: r.spendFen, firstOrderAt: r.firstOrderAt, lastOrderAt: r.lastOrderAt, intent: band }, t, now)
    const key = `${life.stage}|${life.sleep ?? ''}|${life.complaintSleeper ? 1 : 0}|${band}|${value.cls}|${value.reason}`
    if (key === r.stored) return null
    return { contactId: r.contactId, stage: life.stage, sleep: life.sleep, complaintSleeper: life.complaintSleeper, intentBand: band, valueClass: value.cls, valueReason: value.reason }
  }
  const storedListeners: Array<(accountId: string, contactIds: string[], now: number) => void> = []
  function putDerived(accountId: string, writes: DerivedView[], now: number): void {
    store.putDerived(accountId, writes, now)
    if (writes.length === 0) return
    const ids = writes.map((w) => w.contactId)
    for (const l of storedListeners) l(accountId, ids, now)
  }
  // Per account: up to when the stored views were brought up to date (the daily pass, or a /list since).
  const freshAt = new Map<string, number>()
  // Per account: when every stored view was last derived (this process). The intent decays, a last order
  // ages and activity moves with the clock alone, so views older than this are re-derived for everyone.
  const fullAt = new Map<string, number>()

  const keepIntent = createIntentRowKeeper(config)
  const customerMessage = (event: ChatEvent) => config.views.enabled && event.direction === 'in' && event.contactId !== event.accountId
  function onMessage(event: ChatEvent, _signals: Signals, _now: number): void {
    if (!customerMessage(event)) return
    if (event.kind === 'contact_card') {
      store.addCard(event.accountId, event.messageId, event.contactId, event.cardContactId ?? null, event.cardName ?? null, event.at)
    }
  }
  function onStatsRow(event: ChatEvent, signals: Signals, row: StatsRow): void {
    if (customerMessage(event)) keepIntent(event, signals, row)
  }

  function recordReferral(accountId: string, contactId: string, referrerId: string, source: 'card' | 'greeting' | 'command', detail: string | null, at: number, now: number): ReferralOutcome {
    if (referrerId === contactId) return { kind: 'self' }
    const existing = store.getReferral(accountId, contactId)
    if (existing && existing.referrerId === referrerId) return { kind: 'same' }
    // Nobody brings the person who brought them (nor anyone up that chain): a cycle is a typo or swapped names.
    const seen = new Set<string>([referrerId])
    for (let up = store.getReferral(accountId, referrerId), hops = 1; up; up = store.getReferral(accountId, up.referrerId), hops++) {
      if (up.referrerId === contactId) return { kind: 'cycle', hops }
      if (seen.has(up.referrerId)) break
      seen.add(up.referrerId)
    }
    db.$client.transaction(() => {
      store.putReferral(accountId, { contactId, referrerId, source, detail, at })
      // A real link counts for the referrer's L5 gate, like the keyword signal does (stats.referrals).
      if (existing) {
        store.bumpReferrals(accountId, existing.referrerId, -1, now)
        ladder.reclassifyContact(accountId, existing.referrerId, { kind: 'referral', ref: contactId }, now)
      }
      store.bumpReferrals(accountId, referrerId, 1, now)
      if (config.views.points.enabled && config.views.points.perReferral > 0) {
        // A corrected referral moves its points: the new referrer earns them, the one before gives them back.
        if (existing) store.moveReferralPoints(accountId, contactId, referrerId, config.views.points.perReferral, now)
        else store.addPoints(accountId, referrerId, config.views.points.perReferral, '推荐新朋友', 'referral', contactId, at)
      }
      ladder.reclassifyContact(accountId, referrerId, { kind: 'referral', ref: contactId }, now)
    })()
    ladder.flushChanges()
    logger.info({ accountId, contactId, referrerId, source }, 'referral recorded')
    return { kind: 'recorded', previous: existing?.referrerId ?? null }
  }

  const service: ViewsService = {
    store,
    names: displayNamesFor(db, config.labels.remarkPrefix),
    intentRules: rules,
    onMessage,
    statsHooks: { onRow: onStatsRow, onApplied: onMessage },
    recordReferral,
    onStored(listener) {
      storedListeners.push(listener)
    },
    onFriendship(accountId, contact, hello, at, now) {
      if (!config.views.enabled || contact.id === accountId || store.getReferral(accountId, contact.id)) return null
      const card = store.findCard(accountId, contact.id, contact.name)
      if (card && card.at <= at && card.referrerId !== contact.id) {
        recordReferral(accountId, contact.id, card.referrerId, 'card', '名片', at, now)
        return store.getReferral(accountId, contact.id) ?? null
      }
      const name = readReferrerName(hello)
      const referrerId = name ? deps.findByName?.(accountId, name) ?? null : null
      if (referrerId && referrerId !== contact.id && referrerId !== accountId) {
        recordReferral(accountId, contact.id, referrerId, 'greeting', hello.slice(0, 40), at, now)
        return store.getReferral(accountId, contact.id) ?? null
      }
      return null
    },
    refreshAll(accountId, now, excluded) {
      if (!config.views.enabled) return { total: 0, changed: 0, changedIds: [] }
      // Stream the read (the connection cannot write while it is open), then write what changed. Only
      // buyers wait for the value thresholds (which need every buyer); the rest is decided as it is read,
      // so a 100k-contact pass never holds every row.
      const writes: Array<DerivedView & { seq: number }> = []
      const buyers: Array<{ seq: number; row: PassRow }> = []
      const decide = (r: PassRow, seq: number, t: ValueThresholds): void => {
        const view = derive(r, t, now)
        if (view) writes.push({ seq, ...view })
      }
      // classifyValue reads the thresholds for buyers only: any value serves the others.
      const unread = valueThresholds([], now)
      let total = 0
      for (const r of store.iteratePass(accountId)) {
        if (excluded.has(r.contactId)) continue
        const seq = total++
        if (r.orders > 0) buyers.push({ seq, row: r })
        else decide(r, seq, unread)
      }
      const t = valueThresholds(buyers.map((b) => b.row), now)
      thresholds.set(accountId, { at: now, t })
      for (const b of buyers) decide(b.row, b.seq, t)
      // In the order read, as before.
      writes.sort((a, b) => a.seq - b.seq)
      putDerived(accountId, writes, now)
      freshAt.set(accountId, now)
      fullAt.set(accountId, now)
      return { total, changed: writes.length, changedIds: writes.map((w) => w.contactId) }
    },
    refreshChanged(accountId, now, excluded) {
      if (!config.views.enabled) return
      const full = fullAt.get(accountId)
      if (full === undefined || Math.abs(now - full) >= THRESHOLDS_TTL_MS) {
        service.refreshAll(accountId, now, excluded)
        return
      }
      const since = freshAt.get(accountId) ?? store.lastPassAt(accountId)
      if (since === null) return
      const t = thresholdsFor(accountId, now)
      const writes: DerivedView[] = []
      for (const r of store.changedSince(accountId, since)) {
        const view = excluded.has(r.contactId) ? null : derive(r, t, now)
        if (view) writes.push(view)
      }
      putDerived(accountId, writes, now)
      freshAt.set(accountId, now)
    },
    viewsOf(accountId, contactId, tier, activity, now) {
      const s = stats.get(accountId, contactId)
      const intent = store.getIntent(accountId, contactId) ?? { score: 0, at: null, top: '[]' }
      const score = decayScore({ score: intent.score, at: intent.at }, now, half)
      const band = intentBand(score, activity, rules)
      const lifecycle = classifyLifecycle({
        orders: s?.orders ?? 0, lastInboundAt: s?.lastInboundAt ?? null, lastOrderAt: s?.lastOrderAt ?? null,
        lastComplaintAt: s?.lastComplaintAt ?? null, tier, activity,
      }, lifeRules)
      const value = classifyValue({
        orders: s?.orders ?? 0, spendFen: s?.spendFen ?? 0, firstOrderAt: s?.firstOrderAt ?? null, lastOrderAt: s?.lastOrderAt ?? null, intent: band,
      }, thresholdsFor(accountId, now), now)
      return { lifecycle, intent: { score, band, top: topContributions(JSON.parse(intent.top) as DatedContribution[], now, half, 3) }, value }
    },
  }
  return service
}
