import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import { createIngest } from '../../src/ingest/ingest.js'
import type { ChatEvent, MessageKind } from '../../src/platform/types.js'
import { DAY_MS, MINUTE_MS } from '../../src/shared/clock.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb } from '../../src/store/client.js'
import type { TierChange } from '../../src/tiers/api.js'
import { installLadder } from '../../src/tiers/install.js'
import { createLadder } from '../../src/tiers/service.js'

export const ACCOUNT = 'shop'
export const T0 = Date.UTC(2026, 4, 1, 2) // 1 May 2026, 10:00 in Shanghai

/** A fresh in-memory database with ingest and the ladder installed the way the app installs them. */
export function createHarness(config: Config = DEFAULT_CONFIG) {
  const db = createDb(':memory:')
  const ingest = createIngest(db)
  const ladder = createLadder(db, config, silentLogger, () => clock)
  installLadder(ingest, ladder, db, config)
  const changes: TierChange[] = []
  ladder.onChange((c) => changes.push(c))
  let clock = T0
  let seq = 0

  function send(e: Partial<ChatEvent> & Pick<ChatEvent, 'contactId' | 'direction'>, kind: MessageKind = 'text') {
    clock = e.at ?? clock + MINUTE_MS
    const event: ChatEvent = {
      accountId: ACCOUNT, messageId: e.messageId ?? `m${++seq}`, chat: e.roomId ? 'group' : 'private', kind,
      rawType: kind === 'transfer' ? 11 : kind === 'red_envelope' ? 12 : kind === 'post' ? 16 : 7, at: clock, text: '',
      talkerId: e.direction === 'in' ? e.contactId : ACCOUNT, talkerName: e.contactId, ...e,
    }
    return { event, result: ingest.ingestEvent(event, clock) }
  }

  return {
    db, ingest, ladder, changes,
    now: () => clock,
    /** Move the clock forward by whole days. */
    advance(days: number) { clock += days * DAY_MS },
    /** The customer writes privately. */
    say: (contactId: string, text: string, extra: Partial<ChatEvent> = {}) => send({ contactId, direction: 'in', text, ...extra }),
    /** The merchant replies privately (typed on the phone: the account's own message). */
    reply: (contactId: string, text = '好的', extra: Partial<ChatEvent> = {}) => send({ contactId, direction: 'out', text, listenerId: contactId, ...extra }),
    /** The customer speaks in a group. */
    group: (contactId: string, text: string, roomId = 'vip@chatroom') => send({ contactId, direction: 'in', text, roomId }),
    merchantInGroup: (text: string, roomId = 'vip@chatroom') => send({ contactId: ACCOUNT, direction: 'out', text, roomId }),
    transfer: (contactId: string, extra: Partial<ChatEvent> = {}) => send({ contactId, direction: 'in', text: '[转账]', ...extra }, 'transfer'),
    redEnvelope: (contactId: string) => send({ contactId, direction: 'in', text: '[红包]' }, 'red_envelope'),
    /** A moment (朋友圈) like or comment, as a puppet that delivers them does: a post from the contact. */
    moment: (contactId: string, direction: 'in' | 'out' = 'in') => send({ contactId, direction, text: '', ...(direction === 'out' ? { listenerId: contactId } : {}) }, 'post'),
    /** n rounds: a customer message answered by the merchant, n times. */
    rounds(contactId: string, n: number, text = '你好') {
      for (let i = 0; i < n; i++) { this.say(contactId, text); this.reply(contactId) }
    },
    stats: (contactId: string) => db.$client.prepare('SELECT * FROM contact_stats WHERE account_id = ? AND contact_id = ?').get(ACCOUNT, contactId) as Record<string, any>,
    tier: (contactId: string) => ladder.getTier(ACCOUNT, contactId),
    historyCount: () => (db.$client.prepare('SELECT COUNT(*) AS n FROM tier_history').get() as { n: number }).n,
  }
}
