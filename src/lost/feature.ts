import type { AppContext } from '../app/context.js'
import type { Ingest } from '../ingest/ingest.js'
import type { ChatEvent } from '../platform/types.js'
import type { Sync } from '../sync/feature.js'
import type { LadderService } from '../tiers/service.js'
import { clearLost, markLost } from './store.js'

/*
 * Lost customers (流失, docs/rules.md §6): a contact that deleted the account — or was removed by it — leaves
 * every list that chases customers (its activity becomes `lost`) and is never written to again (the
 * sync drops its queued label and remark writes). Added again, it is active once more, history intact:
 * heard as a confirmed friendship, or, when the re-add happened while the bot was away (or the puppet does
 * not report it), as their next private message, which only a friend can send.
 */
export function installLost(ctx: AppContext, ladder: LadderService, sync: () => Sync | undefined, ingest?: Ingest): void {
  const { db, logger, clock } = ctx
  const replan = (accountId: string, contactId: string, ref: 'lost' | 'back', now = clock()) => {
    ladder.reclassifyContact(accountId, contactId, { kind: 'friendship', ref }, now)
    sync()?.planContact(contactId, now)
  }
  const wroteAgain = (event: ChatEvent, now?: number) => {
    if (event.chat !== 'private' || event.direction !== 'in') return
    if (!clearLost(db, event.accountId, event.contactId, event.at)) return
    logger.info({ contactId: event.contactId }, 'lost customer wrote again (a friend once more)')
    replan(event.accountId, event.contactId, 'back', now)
  }
  // In the message's own transaction: a crash right after it commits must not leave them lost, since the
  // redelivered message is a duplicate and would bring nobody back.
  if (ingest) ingest.addStep(wroteAgain)
  else ctx.onLogged((event) => wroteAgain(event))
  ctx.platform.onEvent((event) => {
    const accountId = ctx.accountId()
    if (!accountId) return
    if (event.type === 'friend-lost') {
      if (!markLost(db, accountId, event.contactId, event.by, event.at)) return
      logger.info({ contactId: event.contactId, by: event.by }, 'customer lost (no longer a friend)')
      replan(accountId, event.contactId, 'lost')
    } else if (event.type === 'friendship') {
      if (!clearLost(db, accountId, event.contact.id)) return
      logger.info({ contactId: event.contact.id }, 'lost customer added again')
      replan(accountId, event.contact.id, 'back')
    }
  })
}
