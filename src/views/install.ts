import type { AppContext } from '../app/context.js'
import { resolveAdmins } from '../commands/auth.js'
import { createContactResolver } from '../commands/resolve.js'
import type { Config } from '../config/schema.js'
import { silentLogger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { createLadder, type IsCustomer, type LadderService } from '../tiers/service.js'
import { createViews, type ViewsService } from './service.js'

/**
 * Wire the views into the app: the intent score on ingest is the caller's (installLadder's stats hooks,
 * `statsHooks`); here, new friends are checked for who brought them (a contact card sent earlier, or a
 * greeting naming a customer). The app stores the contact before this handler runs.
 */
export function installViews(ctx: AppContext, ladder: LadderService, isCustomer: IsCustomer = () => true): ViewsService {
  const resolver = createContactResolver(ctx.db, ctx.config.labels.remarkPrefix)
  const views = createViews({
    db: ctx.db, config: ctx.config, logger: ctx.logger, ladder,
    findByName(accountId, name) {
      const r = resolver.resolve(accountId, name)
      // Only a customer brings friends: a greeting naming the merchant's admin is no referral.
      return r.kind === 'found' && isCustomer(accountId, r.contact.id) ? r.contact.id : null
    },
  })
  ctx.platform.onEvent((event) => {
    if (event.type !== 'friendship') return
    const accountId = ctx.accountId()
    if (!accountId) return
    try {
      views.onFriendship(accountId, event.contact, event.hello ?? '', event.at, ctx.clock())
    } catch (err) {
      ctx.logger.error({ err, contactId: event.contact.id }, 'referral check failed')
    }
  })
  return views
}

/**
 * Outside the bot (`tierbot export`): bring the stored views of the contacts changed since the last
 * daily pass up to date, so a file exported at noon shows the morning's payment as /tier and /list do,
 * and credit the spend points /points would credit. Returns who is not a customer (the account, its admins).
 */
export function refreshChangedViews(db: Db, config: Config, accountId: string, now: number): ReadonlySet<string> {
  const notCustomers = new Set([accountId, ...resolveAdmins(db, accountId, config.admins, { remarkPrefix: config.labels.remarkPrefix, now }).ids])
  if (!config.views.enabled) return notCustomers
  const ladder = createLadder(db, config, silentLogger, () => now, (_account, contactId) => !notCustomers.has(contactId))
  const views = createViews({ db, config, logger: silentLogger, ladder })
  views.refreshChanged(accountId, now, notCustomers)
  if (config.views.points.enabled) {
    for (const id of views.store.buyers(accountId)) if (!notCustomers.has(id)) views.store.grantOrderPoints(accountId, id, config.views.points.perYuan, now)
  }
  return notCustomers
}
