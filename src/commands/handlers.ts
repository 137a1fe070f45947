import type { Config } from '../config/schema.js'
import { DAY_MS } from '../shared/clock.js'
import type { Db } from '../store/client.js'
import type { Ladder, TierState } from '../tiers/api.js'
import type { Tier } from '../tiers/ladder.js'
import { formatLocalDate, localNoon, resolvePastDate, type DateWord } from './date-words.js'
import { localToday } from '../shared/local-date.js'
import type { Command, Parsed } from './parse.js'
import { displayNamesFor } from '../contacts/names.js'
import { createCustomerStore } from './customer-store.js'
import { createEverydayHandlers } from './everyday.js'
import { createContactResolver, type ContactRef, type ContactResolver } from './resolve.js'
import type { BirthdayInfo, CommandResult, HistoryEntry, SyncHealthInfo } from './results.js'
import { findBirthdayInNote } from '../occasions/birthday-note.js'
import { nextOccurrence } from '../occasions/calendar-year.js'
import { createOccasionStore } from '../occasions/occasion-store.js'
import { createStatsReader } from './stats.js'
import type { CommandName } from './words.js'
import { runViewsCommand } from '../views/commands.js'
import type { ViewsService } from '../views/service.js'
import type { ForgetCommands } from '../privacy/forget-command.js'

/*
 * Each command as a function of (command, account, now) → a result value. Writes go through the
 * Ladder (payments, refunds, pins) or straight to their own tables (notes, snoozes).
 */

/** The digest feature's text, injected so commands do not depend on how the digest is built. */
export interface DigestCommands {
  silent(accountId: string, now: number, n: number): string
  hot(accountId: string, now: number): string
  /** `full`: every list shown (`/digest 全部`), not capped at the configured entries per section. */
  digest(accountId: string, now: number, full?: boolean): string[]
}

export interface HandlerDeps {
  db: Db
  config: Config
  ladder: Ladder
  digest?: DigestCommands
  syncHealth?: () => SyncHealthInfo | null | undefined
  resolver?: ContactResolver
  /** Intent, lifecycle, value, referrals and points (absent: /tier shows the ladder only). */
  views?: ViewsService
  /** The merchant's admins are not customers: commands about them answer so instead of acting. */
  isAdmin?: (accountId: string, contactId: string, now: number) => boolean
  adminIds?: (accountId: string, now: number) => ReadonlySet<string>
  /** `/forget` (src/privacy): confirmation and deletion; the reply text comes back from it. */
  forget?: ForgetCommands
  /** More `/stats` lines from other features (retention policy, oldest text kept). */
  statsExtra?: (accountId: string, now: number) => string[]
}

export const MAX_LIST = 20
export const MAX_NOTES_SHOWN = 10
export const MAX_HISTORY_SHOWN = 5

/** When a dated `/paid` or `/refund` happened: today → now; an earlier day → its local noon; later or too far back → refused. */
function datedTime(command: 'paid' | 'refund', date: DateWord, now: number, config: Config): { ok: true; at: number; dated: true } | { ok: false; result: CommandResult } {
  const r = resolvePastDate(date, now, config.timezone, config.commands.maxBackdateDays)
  if (!r.ok) {
    return { ok: false, result: { kind: 'invalid', reason: { code: 'date', command, input: formatLocalDate(r.date, localToday(now, config.timezone).year), problem: r.problem } } }
  }
  return { ok: true, at: r.today ? now : localNoon(r.date, config.timezone), dated: true }
}

/** `actor`: who sent the command (admin contact id, or `room:<id>`), for commands that audit it. */
export type RunCommand = (parsed: Parsed, accountId: string, now: number, actor?: string) => CommandResult

export function createHandlers(deps: HandlerDeps): RunCommand {
  const { db, config, ladder } = deps
  const sqlite = db.$client
  const resolver = deps.resolver ?? createContactResolver(db, config.labels.remarkPrefix)
  const stats = createStatsReader(db)
  const lastInbound = sqlite.prepare('SELECT last_inbound_at AS at FROM contact_stats WHERE account_id = ? AND contact_id = ?')
  const history = sqlite.prepare(`SELECT from_tier AS fromTier, to_tier AS toTier, from_activity AS fromActivity,
      to_activity AS toActivity, cause, at FROM tier_history
    WHERE account_id = ? AND contact_id = ? ORDER BY at DESC, seq DESC LIMIT ${MAX_HISTORY_SHOWN}`)
  const insertNote = sqlite.prepare('INSERT INTO notes (account_id, contact_id, text, at) VALUES (?, ?, ?, ?)')
  const countNotes = sqlite.prepare('SELECT COUNT(*) AS n FROM notes WHERE account_id = ? AND contact_id = ?')
  const recentNotes = sqlite.prepare(`SELECT text, at FROM notes WHERE account_id = ? AND contact_id = ?
    ORDER BY at DESC, id DESC LIMIT ${MAX_NOTES_SHOWN}`)
  const upsertSnooze = sqlite.prepare(`INSERT INTO snoozes (account_id, contact_id, until, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET until = excluded.until, created_at = excluded.created_at`)
  const deleteSnooze = sqlite.prepare('DELETE FROM snoozes WHERE account_id = ? AND contact_id = ? AND until > ?')
  const names = displayNamesFor(db, config.labels.remarkPrefix)
  const store = createCustomerStore(db)
  const everyday = createEverydayHandlers({ config, ladder, store, names, maxList: MAX_LIST })
  const contactOf = (accountId: string, id: string): ContactRef => {
    const [c] = resolver.describe(accountId, [id])
    return c ?? { id, name: id, remark: '', display: names.of(accountId, id) }
  }

  const occasions = createOccasionStore(db)
  /** The stored birthday and when it next falls, for /tier and /生日. */
  const birthdayOf = (accountId: string, contactId: string, now: number): { birthday?: BirthdayInfo } => {
    const date = occasions.getBirthday(accountId, contactId)
    return date ? { birthday: { date, next: nextOccurrence(date, localToday(now, config.timezone)) } } : {}
  }

  const stateOf = (accountId: string, contactId: string): TierState | null => ladder.getTier(accountId, contactId) ?? null
  const viewsOf = (accountId: string, contactId: string, state: TierState | null, now: number) =>
    deps.views && config.views.enabled ? { views: deps.views.viewsOf(accountId, contactId, state?.tier ?? 0, state?.activity ?? 'new', now) } : {}

  /**
   * How a reply names the contact and what a command it suggests should name: a display others share
   * carries the id, and the suggested command names the id (the shared name would only list them all again).
   */
  function commandRef(accountId: string, c: ContactRef): { id: string; display: string; name: string } {
    const tag = `（ID ${c.id}）`
    const base = c.display.endsWith(tag) ? c.display.slice(0, -tag.length) : c.display
    const again = resolver.resolve(accountId, base)
    const own = again.kind === 'found' && again.contact.id === c.id
    return { id: c.id, display: own ? base : base + tag, name: own ? base : c.id }
  }

  /** Resolve the name, then run `fn` on the one contact; ambiguity and misses become results. */
  function withContact(command: CommandName, accountId: string, now: number, name: string, fn: (c: ContactRef) => CommandResult): CommandResult {
    const r = resolver.resolve(accountId, name)
    switch (r.kind) {
      case 'found':
        if (deps.isAdmin?.(accountId, r.contact.id, now)) return { kind: 'not_customer', command, contact: r.contact }
        return fn(r.contact)
      case 'ambiguous': return { kind: 'ambiguous', command, query: r.query, candidates: r.candidates, total: r.total }
      case 'not_found': return { kind: 'not_found', command, query: r.query, suggestions: r.suggestions }
    }
  }

  /**
   * `/note 王 小二 喜欢蓝色`: the name is the first word unless the first words together are exactly one
   * contact's name or remark (`王 小二`); otherwise `王` would find 王 小二 by a partial match and the note
   * would begin with 小二. The note keeps at least one word.
   */
  function noteName(accountId: string, first: string, text: string): { name: string; text: string } {
    const words = text.split(/\s+/)
    for (let k = Math.min(words.length - 1, 3); k >= 1; k--) {
      const name = [first, ...words.slice(0, k)].join(' ')
      const r = resolver.resolve(accountId, name)
      const key = name.normalize('NFKC').toLowerCase()
      if (r.kind !== 'found') continue
      if ([r.contact.name, r.contact.remark].some((n) => n.normalize('NFKC').toLowerCase() === key) || /\(id \S+\)$/.test(key)) {
        return { name, text: text.replace(new RegExp(`^(?:\\S+\\s+){${k}}`), '') }
      }
    }
    return { name: first, text }
  }

  function run(cmd: Command, accountId: string, now: number, actor: string): CommandResult {
    switch (cmd.kind) {
      case 'tier':
        return withContact('tier', accountId, now, cmd.name, (c) => {
          const state = stateOf(accountId, c.id)
          return {
            kind: 'tier', contact: c, state,
            lastInboundAt: (lastInbound.get(accountId, c.id) as { at: number | null } | undefined)?.at ?? null,
            ...birthdayOf(accountId, c.id, now), ...viewsOf(accountId, c.id, state, now),
          }
        })
      case 'pin':
        return withContact('tier', accountId, now, cmd.name, (c) => {
          const pinned = ladder.getTier(accountId, c.id)?.pinnedTier ?? null
          // The same pin again (or `auto` on an unpinned contact) changes nothing: nothing for /undo to take back.
          if (pinned !== cmd.tier) store.logUndo(accountId, 'pin', c.id, null, { pinned }, now)
          const change = ladder.pin(accountId, c.id, cmd.tier, now)
          return { kind: 'pinned', contact: c, tier: cmd.tier, change, state: stateOf(accountId, c.id), before: pinned }
        })
      case 'why':
        return withContact('why', accountId, now, cmd.name, (c) => {
          const state = stateOf(accountId, c.id)
          return { kind: 'why', contact: c, state, history: history.all(accountId, c.id) as HistoryEntry[], ...viewsOf(accountId, c.id, state, now) }
        })
      case 'paid': {
        // A late payment's date is checked before the name: a refusal must not depend on who it was for.
        const when = cmd.date ? datedTime('paid', cmd.date, now, config) : { ok: true as const, at: now, dated: false }
        if (!when.ok) return when.result
        return withContact('paid', accountId, now, cmd.name, (c) => {
          const res = ladder.recordPayment(accountId, c.id, { amountFen: cmd.amountFen, at: when.at, source: 'command', note: cmd.note }, now)
          store.logUndo(accountId, 'paid', c.id, res.orderId, { confirmed: res.confirmed === true, amountFen: cmd.amountFen }, now)
          return {
            kind: 'paid', contact: c, amountFen: cmd.amountFen, note: cmd.note, change: res.change, state: stateOf(accountId, c.id),
            ...(when.dated ? { paidAt: when.at } : {}),
          }
        })
      }
      case 'refund': {
        // As a late payment: the date is checked before the name.
        const when = cmd.date ? datedTime('refund', cmd.date, now, config) : null
        if (when && !when.ok) return when.result
        return withContact('refund', accountId, now, cmd.name, (c) => {
          const res = ladder.recordRefund(accountId, c.id, cmd.amountFen, now, cmd.note, when?.at)
          if (res.refused) {
            return { kind: 'refund_refused', contact: c, amountFen: cmd.amountFen, reason: res.refused, openFen: res.openFen ?? 0, ...(res.paidAt !== undefined ? { paidAt: res.paidAt } : {}), ...(res.asOf !== undefined ? { asOf: res.asOf } : {}) }
          }
          store.logUndo(accountId, 'refund', c.id, res.refundId ?? null, { cancelledOrderId: res.cancelledOrderId, amountFen: cmd.amountFen }, now)
          return {
            kind: 'refunded', contact: c, amountFen: cmd.amountFen, cancelled: res.cancelledOrderId !== null,
            change: res.change, state: stateOf(accountId, c.id), ...(when ? { refundedAt: when.at } : {}),
          }
        })
      }
      case 'note': {
        const { name, text } = noteName(accountId, cmd.name, cmd.text)
        return withContact('note', accountId, now, name, (c) => {
          const note = insertNote.run(accountId, c.id, text, now)
          store.logUndo(accountId, 'note', c.id, Number(note.lastInsertRowid), { text }, now)
          // A clear birthday in the note is offered, never taken silently (issue 20).
          const found = findBirthdayInNote(text)
          const known = occasions.getBirthday(accountId, c.id)
          const offer = found && JSON.stringify(found) !== JSON.stringify(known) ? { birthdayHint: found, commandName: commandRef(accountId, c).name } : {}
          return { kind: 'noted', contact: c, total: (countNotes.get(accountId, c.id) as { n: number }).n, ...offer }
        })
      }
      case 'notes':
        return withContact('notes', accountId, now, cmd.name, (c) => ({
          kind: 'notes', contact: c,
          notes: recentNotes.all(accountId, c.id) as Array<{ text: string; at: number }>,
          total: (countNotes.get(accountId, c.id) as { n: number }).n,
        }))
      case 'snooze':
        return withContact('snooze', accountId, now, cmd.name, (c) => {
          const days = cmd.days ?? config.commands.defaultSnoozeDays
          const previous = store.snoozeUntil(accountId, c.id)
          const before = previous !== null && previous > now ? previous : null
          // Lifting a snooze that was not there writes nothing, so it leaves nothing for /undo (which takes back the write before it).
          if (days === 0 && before === null) return { kind: 'unsnoozed', contact: c, wasSnoozed: false }
          store.logUndo(accountId, 'snooze', c.id, null, { until: before }, now)
          if (days === 0) return { kind: 'unsnoozed', contact: c, wasSnoozed: deleteSnooze.run(accountId, c.id, now).changes > 0 }
          const until = now + days * DAY_MS
          upsertSnooze.run(accountId, c.id, until, now)
          return { kind: 'snoozed', contact: c, days, until }
        })
      case 'list':
      case 'top':
      case 'orders':
      case 'chat':
      case 'handled':
      case 'delnote':
      case 'undo':
        return everyday(cmd, accountId, now, (command, name, fn) => withContact(command, accountId, now, name, fn), (id) => contactOf(accountId, id))
      case 'silent':
        return deps.digest ? { kind: 'text', text: deps.digest.silent(accountId, now, cmd.n ?? config.digest.wakeUpCount) } : { kind: 'unavailable', command: 'silent' }
      case 'hot':
        return deps.digest ? { kind: 'text', text: deps.digest.hot(accountId, now) } : { kind: 'unavailable', command: 'hot' }
      case 'digest':
        if (!deps.digest) return { kind: 'unavailable', command: 'digest' }
        // Asked mid-day: the views sections (高意向, 复购) count today's changes too, as /list does.
        deps.views?.refreshChanged(accountId, now, deps.adminIds?.(accountId, now) ?? new Set())
        return { kind: 'digest', messages: deps.digest.digest(accountId, now, cmd.full === true) }
      case 'report':
        return { kind: 'report' }
      case 'stats':
        return { kind: 'stats', ...stats.read(accountId, now, deps.adminIds?.(accountId, now)), sync: deps.syncHealth?.() ?? null, extra: deps.statsExtra?.(accountId, now) }
      case 'forget': {
        if (!deps.forget) return { kind: 'unavailable', command: 'forget' }
        const r = resolver.resolve(accountId, cmd.name)
        // `/forget 张三 确认` right after picking one of several 张三 from the list confirms the one picked.
        const asked = r.kind === 'ambiguous' && cmd.confirm ? deps.forget.pending(accountId, actor, now) : undefined
        const picked = r.kind === 'ambiguous' ? r.candidates.find((c) => c.id === asked) : r.kind === 'found' ? r.contact : undefined
        if (r.kind === 'ambiguous' && !picked) return { kind: 'ambiguous', command: 'forget', query: r.query, candidates: r.candidates, total: r.total }
        const target = picked ? commandRef(accountId, picked) : null
        return { kind: 'text', text: deps.forget.handle({ accountId, actor, target, query: cmd.name, confirm: cmd.confirm, now }) }
      }
      case 'help':
        return cmd.topic ? { kind: 'help', topic: cmd.topic } : cmd.asked ? { kind: 'help', asked: cmd.asked } : { kind: 'help' }
      case 'birthday':
        return withContact('birthday', accountId, now, cmd.name, (c) => {
          if (cmd.clear) {
            const had = occasions.getBirthday(accountId, c.id)
            occasions.clearBirthday(accountId, c.id)
            return { kind: 'birthday', action: 'cleared', contact: c, birthday: had, next: null }
          }
          const before = cmd.date ? occasions.getBirthday(accountId, c.id) : null
          if (cmd.date) occasions.setBirthday(accountId, c.id, cmd.date, 'command', now)
          const birthday = birthdayOf(accountId, c.id, now).birthday
          return {
            kind: 'birthday', action: cmd.date ? 'set' : 'show', contact: c, birthday: birthday?.date ?? null, next: birthday?.next ?? null, before,
            commandName: commandRef(accountId, c).name,
          }
        })
      case 'listView':
      case 'ref':
      case 'refs':
      case 'points':
        if (!deps.views) return { kind: 'unavailable', command: cmd.kind === 'listView' ? 'list' : cmd.kind }
        return runViewsCommand(cmd, deps.views, config, accountId, now, (command, name, fn) => withContact(command, accountId, now, name, fn),
          cmd.kind === 'listView' ? deps.adminIds?.(accountId, now) : undefined)
      default: {
        const exhaustive: never = cmd
        return exhaustive
      }
    }
  }

  return (parsed, accountId, now, actor = 'unknown') => {
    if (parsed.kind === 'invalid' || parsed.kind === 'unknown') return parsed
    return run(parsed, accountId, now, actor)
  }
}
