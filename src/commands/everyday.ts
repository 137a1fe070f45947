import type { Config } from '../config/schema.js'
import type { DisplayNames } from '../contacts/names.js'
import { MINUTE_MS } from '../shared/clock.js'
import type { Ladder, TierState } from '../tiers/api.js'
import type { Tier } from '../tiers/ladder.js'
import type { CustomerStore, ListRow } from './customer-store.js'
import type { Command } from './parse.js'
import type { ContactRef } from './resolve.js'
import type { CommandResult, ListEntry, Undone } from './results.js'
import type { CommandName } from './words.js'

/*
 * The everyday views (/list by rung or activity with spend, /top, /orders, /chat), /handled, note
 * deletion and /undo (issue 18 "dead ends"). Writes the merchant may take back are logged by the
 * handlers through `logUndo`; /undo reverts the newest one within commands.undoMinutes.
 */

export const MAX_ORDERS_SHOWN = 10
export const MAX_CHAT_SHOWN = 8
export const DEFAULT_TOP = 10

type WithContact = (command: CommandName, name: string, fn: (c: ContactRef) => CommandResult) => CommandResult

export interface EverydayDeps {
  config: Config
  ladder: Ladder
  store: CustomerStore
  names: DisplayNames
  maxList: number
}

type Everyday = Extract<Command, { kind: 'list' | 'top' | 'orders' | 'chat' | 'handled' | 'delnote' | 'undo' }>

export function createEverydayHandlers(deps: EverydayDeps) {
  const { config, ladder, store, names } = deps
  const entry = (accountId: string, r: ListRow): ListEntry => ({
    display: names.ofRow(accountId, r), activity: r.activity, pinned: r.pinned !== null, lastSeenAt: r.lastSeenAt,
    spendFen: r.spendFen, orders: r.orders, tier: r.tier,
  })
  const stateOf = (accountId: string, contactId: string): TierState | null => ladder.getTier(accountId, contactId) ?? null

  function undo(accountId: string, now: number, contactOf: (id: string) => ContactRef): CommandResult {
    const minutes = config.commands.undoMinutes
    const last = store.lastUndo(accountId, now - minutes * MINUTE_MS)
    if (!last) return { kind: 'nothing_to_undo', minutes }
    const before = last.before ? JSON.parse(last.before) as Record<string, unknown> : {}
    const contact = contactOf(last.contactId)
    let what: Undone
    let change = null
    switch (last.kind) {
      case 'paid':
        change = ladder.undoOrder(accountId, last.contactId, { kind: 'payment', orderId: Number(last.ref), confirmed: before.confirmed === true }, now)
        what = { kind: 'paid', amountFen: (before.amountFen as number | undefined) ?? null }
        break
      case 'refund':
        change = ladder.undoOrder(accountId, last.contactId, {
          kind: 'refund', refundId: Number(last.ref), cancelledOrderId: (before.cancelledOrderId as number | null | undefined) ?? null,
        }, now)
        what = { kind: 'refund', amountFen: (before.amountFen as number | undefined) ?? null }
        break
      case 'note':
        store.deleteNoteById(accountId, last.contactId, Number(last.ref))
        what = { kind: 'note', text: String(before.text ?? '') }
        break
      case 'pin': {
        const restored = (before.pinned as Tier | null | undefined) ?? null
        change = ladder.pin(accountId, last.contactId, restored, now)
        what = { kind: 'pin', restored }
        break
      }
      case 'snooze': {
        const restoredUntil = (before.until as number | null | undefined) ?? null
        store.restoreSnooze(accountId, last.contactId, restoredUntil, now)
        what = { kind: 'snooze', restoredUntil }
        break
      }
    }
    store.markUndone(last.id, now)
    return { kind: 'undone', contact, what, change, state: stateOf(accountId, last.contactId) }
  }

  return function run(cmd: Everyday, accountId: string, now: number, withContact: WithContact, contactOf: (id: string) => ContactRef): CommandResult {
    switch (cmd.kind) {
      case 'list': {
        if ('activity' in cmd) {
          const { rows, total } = store.listActivity(accountId, cmd.activity, deps.maxList)
          return { kind: 'list_activity', activity: cmd.activity, entries: rows.map((r) => entry(accountId, r)), total }
        }
        const { rows, total } = store.listTier(accountId, cmd.tier, deps.maxList)
        return { kind: 'list', tier: cmd.tier, entries: rows.map((r) => entry(accountId, r)), total }
      }
      case 'top':
        return { kind: 'top', entries: store.top(accountId, cmd.n ?? DEFAULT_TOP).map((r) => entry(accountId, r)) }
      case 'orders':
        return withContact('orders', cmd.name, (c) => {
          const { rows, total } = store.orders(accountId, c.id, MAX_ORDERS_SHOWN)
          return {
            kind: 'orders', contact: c, total,
            orders: rows.map((o) => ({ kind: o.kind, amountFen: o.amountFen, at: o.at, note: o.note, refunded: o.refundedAt !== null })),
          }
        })
      case 'chat':
        return withContact('chat', cmd.name, (c) => ({ kind: 'chat', contact: c, lines: store.chat(accountId, c.id, MAX_CHAT_SHOWN).reverse() }))
      case 'handled':
        return withContact('handled', cmd.name, (c) => ({ kind: 'handled', contact: c, had: store.markHandled(accountId, c.id, now) }))
      case 'delnote':
        return withContact('delnote', cmd.name, (c) => {
          const deleted = store.deleteNote(accountId, c.id, cmd.index)
          return { kind: 'note_deleted', contact: c, index: cmd.index, text: deleted?.text ?? null }
        })
      case 'undo':
        return undo(accountId, now, contactOf)
    }
  }
}
