import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'

/*
 * A command's answer is kept (in `meta`) from the commit of its message until it is delivered. A crash in
 * between loses the answer but not the command's effect (both commit together); when the service then
 * re-sends the message, the bot answers from here. Without it the merchant, seeing no answer, types the
 * /paid again and the payment counts twice.
 */

const PREFIX = 'command.reply:'

export interface UnsentReply {
  messageId: string
  target: { contactId?: string; roomId?: string }
  text: string
  at: number
}

const statements = cachedStatements((sqlite) => ({
  put: sqlite.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
  get: sqlite.prepare<[string, string], { value: string; updated_at: number }>('SELECT value, updated_at FROM meta WHERE account_id = ? AND key = ?'),
  drop: sqlite.prepare('DELETE FROM meta WHERE account_id = ? AND key = ?'),
  dropOlder: sqlite.prepare(`DELETE FROM meta WHERE account_id = ? AND key >= '${PREFIX}' AND key < '${PREFIX}\uffff' AND updated_at < ?`),
}))

export function keepReply(db: Db, accountId: string, reply: UnsentReply): void {
  statements(db.$client).put.run(accountId, PREFIX + reply.messageId, JSON.stringify({ target: reply.target, text: reply.text }), reply.at)
}

export function replyDelivered(db: Db, accountId: string, messageId: string): void {
  statements(db.$client).drop.run(accountId, PREFIX + messageId)
}

export function unsentReply(db: Db, accountId: string, messageId: string): UnsentReply | undefined {
  const row = statements(db.$client).get.get(accountId, PREFIX + messageId)
  if (!row) return undefined
  try {
    const value = JSON.parse(row.value) as { target: UnsentReply['target']; text: string }
    return { messageId, target: value.target, text: value.text, at: row.updated_at }
  } catch {
    return undefined
  }
}

/** Answers older than `before` are dropped: late by a day, an answer confuses more than it helps. */
export function dropOldReplies(db: Db, accountId: string, before: number): number {
  return statements(db.$client).dropOlder.run(accountId, before).changes
}
