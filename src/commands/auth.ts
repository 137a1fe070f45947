import type { ChatEvent } from '../platform/types.js'
import type { Db } from '../store/client.js'
import { remarkIndexFor } from '../contacts/remark-index.js'
import { remarkPrefixPattern } from './resolve.js'

/*
 * Who may command (issues 5 and 8). Contact ids in `admins` are trusted as given. A name is resolved
 * to ONE contact — remark first, since only the merchant sets remarks, then the WeChat name — and the
 * answer is pinned in `meta`, so a customer who later renames themselves `老板` gains nothing.
 * Several matches trust nobody and warn.
 */

export interface AdminResolution {
  ids: Set<string>
  /** Merchant-facing warnings (Chinese), for the start-up log and the demo. */
  warnings: string[]
  /** Names that matched no contact yet (retried later by remark only). */
  unresolved: string[]
}

const PIN_KEY = (name: string) => `admin.pin:${name}`

interface ContactRow { id: string }

/** Resolve the configured admins for one account; pins names it resolves. */
export function resolveAdmins(db: Db, accountId: string, admins: readonly string[], options: {
  remarkPrefix?: string
  /** Retry of a name that matched nobody before: only a remark (set by the merchant) may match now. */
  remarkOnly?: boolean
  now?: number
} = {}): AdminResolution {
  const sqlite = db.$client
  const prefix = remarkPrefixPattern(options.remarkPrefix ?? '{code}|')
  const byId = sqlite.prepare('SELECT id FROM contacts WHERE account_id = ? AND id = ?')
  const byName = sqlite.prepare('SELECT id FROM contacts WHERE account_id = ? AND name = ? AND id <> ? LIMIT 10')
  const remarks = remarkIndexFor(sqlite, options.remarkPrefix ?? '{code}|')
  const remarkRow = sqlite.prepare('SELECT id, remark FROM contacts WHERE account_id = ? AND id = ? AND id <> ?')
  const getPin = sqlite.prepare('SELECT value FROM meta WHERE account_id = ? AND key = ?')
  const setPin = sqlite.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, key) DO NOTHING`)

  const ids = new Set<string>()
  const warnings: string[] = []
  const unresolved: string[] = []
  for (const raw of admins) {
    const entry = raw.trim()
    if (!entry) continue
    const pinned = getPin.get(accountId, PIN_KEY(entry)) as { value: string } | undefined
    if (pinned) {
      ids.add(pinned.value)
      continue
    }
    if (byId.get(accountId, entry) as ContactRow | undefined) {
      ids.add(entry)
      continue
    }
    const remarkMatches = remarks.find(accountId, entry, (id) => remarkRow.get(accountId, id, accountId) as ContactRow & { remark: string } | undefined,
      { accept: (remark) => remark === entry || remark.replace(prefix, '').trim() === entry })
    let matches = remarkMatches.map((r) => r.id)
    let via = '备注'
    if (matches.length === 0 && !options.remarkOnly) {
      matches = (byName.all(accountId, entry, accountId) as ContactRow[]).map((r) => r.id)
      via = '微信名'
    }
    if (matches.length === 1) {
      setPin.run(accountId, PIN_KEY(entry), matches[0], options.now ?? Date.now())
      ids.add(matches[0])
    } else if (matches.length > 1) {
      warnings.push(`管理员“${entry}”按${via}对应到 ${matches.length} 个联系人，为安全起见一个都不信任；请在配置里改用联系人 ID。`)
    } else {
      // Unknown yet: it may be an id the directory has not delivered. An id is only trusted verbatim.
      ids.add(entry)
      unresolved.push(entry)
    }
  }
  return { ids, warnings, unresolved }
}

export interface CommandAuth {
  adminIds: ReadonlySet<string>
  /** config.controlRoom: a room id or its exact topic. */
  controlRoom?: string
}

/**
 * Is this message a command? An admin's inbound private message, or the account's own message in the
 * control room. The account's own `/…` in a customer's chat is not: the customer already saw it.
 */
export function isCommandFrom(event: ChatEvent, auth: CommandAuth): boolean {
  if (event.chat === 'private') {
    return event.direction === 'in' && event.talkerId !== event.accountId && auth.adminIds.has(event.talkerId)
  }
  if (event.direction !== 'out' || !auth.controlRoom || !event.roomId) return false
  return event.roomId === auth.controlRoom || (event.roomTopic !== undefined && event.roomTopic === auth.controlRoom)
}
