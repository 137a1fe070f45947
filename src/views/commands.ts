import type { Config } from '../config/schema.js'
import type { Command } from '../commands/parse.js'
import type { ContactRef } from '../commands/resolve.js'
import type { CommandResult, ListEntry } from '../commands/results.js'
import type { CommandName } from '../commands/words.js'
import type { Activity } from '../tiers/ladder.js'
import type { ViewsService } from './service.js'

/*
 * The views' commands: /list by view, /ref (推荐), /refs (推荐名单), /points (积分). Pure of I/O beyond
 * the views service; names are resolved by the caller's withContact (misses and ambiguity as results).
 */

export type ViewsCommand = Extract<Command, { kind: 'listView' | 'ref' | 'refs' | 'points' }>

type WithContact = (command: CommandName, name: string, fn: (c: ContactRef) => CommandResult) => CommandResult

export const MAX_VIEW_LIST = 20
const POINTS_HISTORY = 5

export function runViewsCommand(cmd: ViewsCommand, views: ViewsService, config: Config, accountId: string, now: number, withContact: WithContact, admins: ReadonlySet<string> = new Set()): CommandResult {
  const store = views.store
  switch (cmd.kind) {
    case 'listView': {
      // Today's payments, pins and messages count before the nightly pass (what /tier says, /list shows).
      views.refreshChanged(accountId, now, admins)
      const v = cmd.view
      const filter = v.kind === 'stage' ? { kind: 'stage' as const, stage: v.stage } : v.kind === 'intent' ? { kind: 'intent' as const, band: v.band } : { kind: 'value' as const, cls: v.cls }
      const { rows, total } = store.listByView(accountId, filter, MAX_VIEW_LIST)
      const entries: ListEntry[] = rows.map((r) => ({
        display: views.names.ofRow(accountId, { id: r.id, name: r.name ?? '', remark: r.remark ?? '' }),
        activity: (r.activity ?? 'dormant') as Activity, pinned: r.pinned !== null, lastSeenAt: r.lastSeenAt,
      }))
      return { kind: 'viewList', view: v, entries, total }
    }
    case 'ref':
      return withContact('ref', cmd.name, (friend) => withContact('ref', cmd.referrer, (referrer) => {
        const r = views.recordReferral(accountId, friend.id, referrer.id, 'command', null, now, now)
        if (r.kind === 'cycle') return { kind: 'referred', contact: friend, referrer, outcome: 'cycle', hops: r.hops }
        if (r.kind !== 'recorded') return { kind: 'referred', contact: friend, referrer, outcome: r.kind }
        return { kind: 'referred', contact: friend, referrer, outcome: r.previous ? 'changed' : 'recorded', ...(r.previous ? { previous: r.previous } : {}) }
      }))
    case 'refs':
      return withContact('refs', cmd.name, (c) => {
        const entries = store.referralsBy(accountId, c.id).map((r) => ({
          display: views.names.ofRow(accountId, { id: r.contactId, name: r.name, remark: r.remark }),
          at: r.at, source: r.source, orders: r.orders, spendFen: r.spendFen,
        }))
        return { kind: 'refs', contact: c, entries }
      })
    case 'points':
      if (!config.views.points.enabled) return { kind: 'pointsOff' }
      return withContact('points', cmd.name, (c) => {
        store.grantOrderPoints(accountId, c.id, config.views.points.perYuan, now)
        const balance = store.pointsBalance(accountId, c.id)
        if (cmd.delta !== undefined) {
          if (balance + cmd.delta < 0 && !cmd.overdraw) return { kind: 'pointsShort', contact: c, balance, delta: cmd.delta }
          store.addPoints(accountId, c.id, cmd.delta, cmd.reason ?? (cmd.delta > 0 ? '手动加分' : '手动扣分'), 'command', null, now)
        }
        return {
          kind: 'points', contact: c, balance: store.pointsBalance(accountId, c.id),
          ...(cmd.delta !== undefined ? { delta: cmd.delta } : {}), ...(cmd.reason ? { reason: cmd.reason } : {}),
          history: store.pointsHistory(accountId, c.id, POINTS_HISTORY),
        }
      })
  }
}
