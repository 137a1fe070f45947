import type { AppContext } from '../app/context.js'
import type { Config } from '../config/schema.js'
import { loadDigestSnapshot } from '../digest/snapshot.js'
import { buildDigest, hotText, silentText } from '../digest/build.js'
import { FULL_PER_SECTION, HOT_PER_SECTION } from '../digest/sections.js'
import type { Ingest } from '../ingest/ingest.js'
import type { ChatEvent } from '../platform/types.js'
import { MINUTE_MS } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import type { Ladder } from '../tiers/api.js'
import { isCommandFrom, resolveAdmins, type AdminResolution } from './auth.js'
import { createHandlers, type DigestCommands, type HandlerDeps } from './handlers.js'
import { parseCommand } from './parse.js'
import { oldAliasHint } from './words.js'
import { APOLOGY, BARE_HELP_HINT, ignoredWordsHint, renderReply } from './replies.js'
import { createChoices } from './choices.js'
import type { SyncHealthInfo } from './results.js'
import type { ViewsService } from '../views/service.js'

/*
 * The commands feature: who may command → parse → handler → one Chinese reply. The one error
 * boundary of the feature: a surprise is logged with the message id and answered with an apology,
 * never with err.message.
 */

export interface CommandsDeps {
  db: Db
  config: Config
  logger: Logger
  ladder: Ladder
  /** The other views of a customer (/tier's extra line, /list 老客, /ref, /refs, /points). */
  views?: ViewsService
  /** /silent, /hot, /digest; defaults to the digest builder over this database. */
  digest?: DigestCommands
  syncHealth?: () => SyncHealthInfo | null | undefined
  forget?: HandlerDeps['forget']
  statsExtra?: HandlerDeps['statsExtra']
  /** /report: sends the picture (and caption) itself, where the command came from. */
  report?: (target: { contactId?: string; roomId?: string }, now: number) => Promise<void>
}

export interface Commands {
  /** The reply to send back where the command came from, or null (not a command / not allowed). */
  handle(event: ChatEvent, now: number): Promise<string | null>
  /** Resolve and pin the configured admins for an account (call at login); returns warnings to log. */
  prepareAccount(accountId: string, now: number): AdminResolution
  /** The admins' contact ids resolved for this account (e.g. the digest's recipients). */
  adminIds(accountId: string, now: number): string[]
  /** Would this message be treated as a command (sender allowed and text starting with `/`)? */
  isCommand(event: ChatEvent, now: number): boolean
  /** Is this contact one of the account's admins (the merchant, not a customer)? */
  isAdmin(accountId: string, contactId: string, now: number): boolean
}

/** Where the reply to a command goes: the admin's private chat or the control room. */
export function replyTarget(event: ChatEvent): { contactId?: string; roomId?: string } {
  return event.chat === 'group' ? { roomId: event.roomId } : { contactId: event.talkerId }
}

// A name in `admins` that matched nobody is looked up again (by remark only) at most this often.
const ADMIN_RETRY_MS = MINUTE_MS

export function createCommands(deps: CommandsDeps): Commands {
  const { db, config, logger } = deps
  const run = createHandlers({
    db, config, ladder: deps.ladder, views: deps.views, syncHealth: deps.syncHealth,
    digest: deps.digest ?? createDigestCommands(db, config),
    isAdmin: (accountId, contactId, now) => adminIds(accountId, now).has(contactId),
    adminIds: (accountId, now) => adminIds(accountId, now),
    forget: deps.forget, statsExtra: deps.statsExtra,
  })
  const admins = new Map<string, { res: AdminResolution; at: number }>()
  const parseOptions = { maxAmountYuan: config.commands.maxAmountYuan }
  const choices = createChoices()

  function prepareAccount(accountId: string, now: number): AdminResolution {
    const res = resolveAdmins(db, accountId, config.admins, { remarkPrefix: config.labels.remarkPrefix, now })
    admins.set(accountId, { res, at: now })
    for (const warning of res.warnings) logger.warn({ accountId }, warning)
    return res
  }

  function adminIds(accountId: string, now: number): ReadonlySet<string> {
    const cached = admins.get(accountId)
    if (!cached) return prepareAccount(accountId, now).ids
    if (cached.res.unresolved.length > 0 && now - cached.at >= ADMIN_RETRY_MS) {
      // Only a remark (set by the merchant) may resolve a late name: a customer's chosen name never does.
      const retry = resolveAdmins(db, accountId, cached.res.unresolved, { remarkPrefix: config.labels.remarkPrefix, remarkOnly: true, now })
      const ids = new Set([...cached.res.ids, ...retry.ids])
      cached.res = { ids, warnings: [...cached.res.warnings, ...retry.warnings], unresolved: retry.unresolved }
      cached.at = now
      for (const warning of retry.warnings) logger.warn({ accountId }, warning)
    }
    return cached.res.ids
  }

  function allowed(event: ChatEvent, now: number): boolean {
    return isCommandFrom(event, { adminIds: adminIds(event.accountId, now), controlRoom: config.controlRoom })
  }

  return {
    prepareAccount,
    adminIds(accountId, now) {
      const ids = adminIds(accountId, now)
      const unresolved = new Set(admins.get(accountId)?.res.unresolved ?? [])
      return [...ids].filter((id) => !unresolved.has(id))
    },
    isAdmin(accountId, contactId, now) {
      return adminIds(accountId, now).has(contactId)
    },
    isCommand(event, now) {
      return event.kind === 'text' && allowed(event, now) && parseCommand(event.text, parseOptions) !== null
    },
    async handle(event, now) {
      if (event.kind !== 'text') return null
      try {
        if (!allowed(event, now)) return null
      } catch (err) {
        // Unknown sender status: stay silent rather than answer someone who may not be an admin.
        logger.error({ err, messageId: event.messageId }, 'command sender check failed')
        return null
      }
      try {
        const chat = `${event.accountId}:${event.roomId ?? event.talkerId}`
        const typed = parseCommand(event.text, parseOptions)
        const parsed = choices.pick(chat, event.text, typed, now) ?? choices.confirmation(chat, event.text, typed, now)
          ?? typed ?? (choices.wantsHelp(chat, event.text, now) ? { kind: 'help' as const, bare: true } : null)
        if (parsed === null) return null
        const result = run(parsed, event.accountId, now, event.chat === 'group' ? `room:${event.roomId}` : event.talkerId)
        choices.remember(chat, parsed, result, now)
        if ('bare' in parsed) return `${renderReply(result, config, now)}\n${BARE_HELP_HINT}`
        logger.info({ messageId: event.messageId, command: parsed.kind, result: result.kind }, 'command')
        if (result.kind === 'report' && deps.report) {
          await deps.report(replyTarget(event), now)
          return null
        }
        const hints = [oldAliasHint(event.text), 'ignored' in parsed && parsed.ignored ? ignoredWordsHint(parsed.kind, parsed.ignored) : null]
        return [renderReply(result, config, now), ...hints].filter((line) => line !== null).join('\n')
      } catch (err) {
        logger.error({ err, messageId: event.messageId }, 'command failed')
        return APOLOGY
      }
    },
  }
}

/**
 * Wire commands to the platform: answer each command where it came from, after ingest has logged it
 * (install after the app's own handler). Admin names are resolved once the contact directory is stored
 * (`ready`), so a name is matched against the whole directory, and the warnings reach the log at start.
 */
export function installCommands(ctx: AppContext, commands: Commands, ready: () => Promise<string>, ingest?: Ingest): void {
  // A command is logged as a command, not as conversation (it is the merchant talking to tierbot).
  const markCommand = ctx.db.$client.prepare(`UPDATE interactions SET type = 'command' WHERE account_id = ? AND message_id = ?`)
  ingest?.addStep((event, now) => {
    if (commands.isCommand(event, now)) markCommand.run(event.accountId, event.messageId)
  })
  void ready().then((accountId) => {
    commands.prepareAccount(accountId, ctx.clock())
  }).catch((err: unknown) => ctx.logger.warn({ err }, 'could not resolve the admins'))
  // onLogged, not platform.onMessage: a redelivered command (a resuming service) must not run twice.
  ctx.onLogged(async (event) => {
    const reply = await commands.handle(event, ctx.clock())
    if (reply === null) return
    try {
      await ctx.platform.say(replyTarget(event), reply)
    } catch (err) {
      ctx.logger.warn({ err, messageId: event.messageId }, 'command answer not sent')
    }
  })
}

/** The real /silent, /hot and /digest over the digest builder (the lead may inject others). */
export function createDigestCommands(db: Db, config: Config): DigestCommands {
  return {
    silent: (accountId, now, n) => silentText(loadDigestSnapshot(db, accountId, now, config, { silentLimit: n, onlySilent: true }), now, config, n),
    hot: (accountId, now) => hotText(loadDigestSnapshot(db, accountId, now, config, { listLimit: HOT_PER_SECTION }), now, config),
    digest: (accountId, now, full) => full
      ? buildDigest(loadDigestSnapshot(db, accountId, now, config, { listLimit: FULL_PER_SECTION }), now, config, 'full')
      : buildDigest(loadDigestSnapshot(db, accountId, now, config), now, config),
  }
}
