import { WorldPuppet } from '../../src/demo/world-puppet.js'
import type { Clock } from '../../src/shared/clock.js'
import type { Db } from '../../src/store/client.js'
import { findContactColumns } from '../../src/privacy/privacy-store.js'
import { populate, SHOP, type GrpcBot } from '../support/bot.js'
import { clockAt, TEST_NOW } from '../support/clock.js'

export const OWNER = 'priv-owner'
export const T0 = TEST_NOW
export const FAST = { labels: { ratePerMinute: 600, jitterMs: 0 }, admins: [OWNER], digest: { enabled: false } }

/** A clock the test chooses: starts at T0 and moves with elapsed time (rate limits need it to move). */
export function testClock(start = T0): Clock {
  return clockAt(start)
}

export function shopWorld(): WorldPuppet {
  const puppet = new WorldPuppet()
  populate(puppet, {
    contacts: [
      { id: OWNER, name: '店主' },
      { id: 'p-zhang', name: '张三', alias: '张三 宝妈' },
      { id: 'p-li', name: '李四' },
    ],
    rooms: [{ id: 'priv-group@chatroom', topic: '宝妈群', memberIdList: ['p-zhang', 'p-li'] }],
  })
  return puppet
}

/** A message at the test clock's time (never the wall clock's). */
export function say(bot: GrpcBot, clock: Clock, from: string, text: string, to?: string, roomId?: string): void {
  bot.puppet.inject({ talkerId: from, listenerId: roomId ? undefined : (to ?? SHOP), roomId, text, timestamp: clock() })
}

/** Rows that mention the contact, per table with a contact column (found from the schema). */
export function rowsAbout(db: Db, accountId: string, contactId: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const c of findContactColumns(db)) {
    const n = db.$client.prepare(`SELECT COUNT(*) FROM "${c.table}" WHERE account_id = ? AND "${c.column}" = ?`).pluck().get(accountId, contactId) as number
    if (n > 0) out[`${c.table}.${c.column}`] = n
  }
  return out
}
