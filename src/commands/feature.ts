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
import type { CommandResult, SyncHealthInfo } from './results.js'
import type { ViewsService } from '../views/service.js'
import { dropOldReplies, keepReply, replyDelivered, unsentReply, type UnsentReply } from './unsent-replies.js'

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

/** A command that ran: the reply to send, or the picture report to send in its place. */
export type Executed = { reply: string } | { report: true }

export interface Commands {
  /** The reply to send back where the command came from, or null (not a command / not allowed). */
  handle(event: ChatEvent, now: number): Promise<string | null>
  /**
   * Run the command synchronously, writes included (inside the message's ingest transaction, so a
   * crash keeps both or neither); null when the message is no command or the sender is not allowed.
   * Never throws: a surprise rolls back the command's own writes and answers with an apology.
   */
  execute(event: ChatEvent, now: number): Executed | null
  /** What to say for an executed command (sends the report picture itself); null when nothing. */
  finish(event: ChatEvent, executed: Executed | null, now: number): Promise<string | null>
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

/** An answer a crash kept from the merchant is given on redelivery within this time, not later. */
const UNSENT_REPLY_MAX_AGE_MS = 24 * 60 * MINUTE_MS

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

  // Inside the ingest transaction a savepoint: a handler that throws half-way leaves none of its writes,
  // while the message itself stays logged.
  const savepoint = db.$client.transaction((fn: () => CommandResult) => fn())
  const runCommand = (fn: () => CommandResult): CommandResult => (db.$client.inTransaction ? savepoint(fn) : fn())

  function execute(event: ChatEvent, now: number): Executed | null {
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
      const result = runCommand(() => run(parsed, event.accountId, now, event.chat === 'group' ? `room:${event.roomId}` : event.talkerId))
      choices.remember(chat, parsed, result, now)
      if ('bare' in parsed) return { reply: `${renderReply(result, config, now)}\n${BARE_HELP_HINT}` }
      logger.info({ messageId: event.messageId, command: parsed.kind, result: result.kind }, 'command')
      if (result.kind === 'report' && deps.report) return { report: true }
      const hints = [oldAliasHint(event.text), 'ignored' in parsed && parsed.ignored ? ignoredWordsHint(parsed.kind, parsed.ignored) : null]
      return { reply: [renderReply(result, config, now), ...hints].filter((line) => line !== null).join('\n') }
    } catch (err) {
      logger.error({ err, messageId: event.messageId }, 'command failed')
      return { reply: APOLOGY }
    }
  }

  async function finish(event: ChatEvent, executed: Executed | null, now: number): Promise<string | null> {
    if (executed === null) return null
    if ('reply' in executed) return executed.reply
    try {
      await deps.report?.(replyTarget(event), now)
      return null
    } catch (err) {
      logger.error({ err, messageId: event.messageId }, 'command failed')
      return APOLOGY
    }
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
    execute,
    finish,
    async handle(event, now) {
      return finish(event, execute(event, now), now)
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
  // Run inside the message's transaction: a /paid's order commits with the message, so a crash between
  // the two cannot leave a logged command whose redelivery (a duplicate) would never run it.
  const executed = new Map<string, Executed>()
  ingest?.addStep((event, now) => {
    if (commands.isCommand(event, now)) markCommand.run(event.accountId, event.messageId)
    const ran = commands.execute(event, now)
    if (!ran) return
    executed.set(event.messageId, ran)
    if ('reply' in ran) keepReply(ctx.db, event.accountId, { messageId: event.messageId, target: replyTarget(event), text: ran.reply, at: now })
  })
  ingest?.addAfterTransaction((event, outcome) => {
    if (outcome === 'rolled_back') executed.delete(event.messageId)
    if (outcome === 'duplicate') void answerAgain(event)
  })
  const send = async (event: ChatEvent, target: UnsentReply['target'], text: string): Promise<void> => {
    try {
      await ctx.platform.say(target, text)
      replyDelivered(ctx.db, event.accountId, event.messageId)
    } catch (err) {
      ctx.logger.warn({ err, messageId: event.messageId }, 'command answer not sent')
    }
  }
  /** A re-sent command whose answer never went out (a crash after its commit): answer now, once. */
  async function answerAgain(event: ChatEvent): Promise<void> {
    if (executed.has(event.messageId) || answering.has(event.messageId)) return
    const unsent = unsentReply(ctx.db, event.accountId, event.messageId)
    if (!unsent) return
    if (ctx.clock() - unsent.at > UNSENT_REPLY_MAX_AGE_MS) {
      replyDelivered(ctx.db, event.accountId, event.messageId)
      return
    }
    answering.add(event.messageId)
    try {
      ctx.logger.info({ messageId: event.messageId }, 'command answered after a restart')
      await send(event, unsent.target, unsent.text)
    } finally {
      answering.delete(event.messageId)
    }
  }
  const answering = new Set<string>()
  void ready().then((accountId) => {
    commands.prepareAccount(accountId, ctx.clock())
    dropOldReplies(ctx.db, accountId, ctx.clock() - UNSENT_REPLY_MAX_AGE_MS)
  }).catch((err: unknown) => ctx.logger.warn({ err }, 'could not resolve the admins'))
  // onLogged, not platform.onMessage: a redelivered command (a resuming service) must not run twice.
  ctx.onLogged(async (event) => {
    const ran = ingest ? executed.get(event.messageId) ?? null : commands.execute(event, ctx.clock())
    try {
      const reply = await commands.finish(event, ran, ctx.clock())
      if (reply !== null) await send(event, replyTarget(event), reply)
    } finally {
      // Kept until answered: a redelivery meanwhile must not answer it a second time.
      executed.delete(event.messageId)
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
