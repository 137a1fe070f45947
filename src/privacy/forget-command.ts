import { MINUTE_MS } from '../shared/clock.js'
import type { Forgetting } from './forget.js'
import { forgetAlreadyText, forgetAskText, forgetDoneText, forgetNoRequestText, forgetNotFoundText } from './replies.js'

/*
 * `/forget 张三` in chat: the first message names what will go and asks for `/forget 张三 确认`
 * from the same admin within a few minutes; only then is anything deleted. A pending request lives
 * in memory: a restart cancels it, which is the safe side for a deletion.
 */

export const FORGET_CONFIRM_MINUTES = 5

export interface ForgetTarget {
  id: string
  /** The name the merchant uses (remark, else WeChat name). */
  display: string
  /** What the confirmation command names: the display when only this person goes by it, else the id. */
  name?: string
}

export interface ForgetRequest {
  accountId: string
  /** Who asked (the admin's contact id, or the control room). */
  actor: string
  /** The resolved person, or null when the name matched nobody. */
  target: ForgetTarget | null
  query: string
  confirm: boolean
  now: number
}

export interface ForgetCommands {
  /** The reply text for one `/forget` message. */
  handle(request: ForgetRequest): string
  /** The contact this admin was last asked about, while the confirmation still counts. */
  pending(accountId: string, actor: string, now: number): string | undefined
}

/** How many names of people forgotten in this run are remembered (in memory only) to answer a second /forget. */
const REMEMBERED_FORGETS = 200

export function createForgetCommands(forgetting: Forgetting, commandWord = '/forget',
  /** backupKeepDays: daily backups are on and keep this many copies (they still hold the person until then). */
  options: { backupKeepDays?: number } = {}): ForgetCommands {
  // The names and ids the merchant used for people forgotten since the bot started: a second /forget says
  // they are gone already. Memory only (a restart clears it; the database keeps no trace of who).
  const forgotten = new Set<string>()
  const wordKey = (accountId: string, word: string) => `${accountId}\u0000${word.normalize('NFKC').trim().toLowerCase()}`
  const remember = (accountId: string, words: string[]) => {
    for (const w of words) forgotten.add(wordKey(accountId, w))
    while (forgotten.size > REMEMBERED_FORGETS) forgotten.delete(forgotten.values().next().value as string)
  }
  // (account, actor) → the person asked about and until when the confirmation counts.
  const asked_ = new Map<string, { contactId: string; until: number }>()
  const keyOf = (r: Pick<ForgetRequest, 'accountId' | 'actor'>) => `${r.accountId}\u0000${r.actor}`
  const commandFor = (t: ForgetTarget) => {
    const name = t.name ?? t.display
    return `${commandWord} ${/\s/.test(name) ? `"${name}"` : name}`
  }

  return {
    pending(accountId, actor, now) {
      const asked = asked_.get(keyOf({ accountId, actor }))
      return asked && now <= asked.until ? asked.contactId : undefined
    },
    handle(request) {
      const { accountId, target, now } = request
      if (!target) return forgotten.has(wordKey(accountId, request.query)) ? forgetAlreadyText(request.query) : forgetNotFoundText(request.query)
      const key = keyOf(request)
      if (!request.confirm) {
        asked_.set(key, { contactId: target.id, until: now + FORGET_CONFIRM_MINUTES * MINUTE_MS })
        const counts = forgetting.summarize(accountId, target.id)
        return forgetAskText(target.display, target.id, counts, commandFor(target), FORGET_CONFIRM_MINUTES)
      }
      const pending = asked_.get(key)
      if (!pending || pending.contactId !== target.id || now > pending.until) return forgetNoRequestText(commandFor(target))
      asked_.delete(key)
      const outcome = forgetting.forget(accountId, target.id, request.actor, now)
      remember(accountId, [request.query, target.id, target.display, ...(target.name ? [target.name] : [])])
      return forgetDoneText(target.display, outcome.deleted, outcome.undoOps, options.backupKeepDays)
    },
  }
}
