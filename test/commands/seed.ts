import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import { createIngest, type Ingest } from '../../src/ingest/ingest.js'
import type { ChatEvent } from '../../src/platform/types.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb, type Db } from '../../src/store/client.js'
import { installLadder } from '../../src/tiers/install.js'
import { createLadder, type IsCustomer, type LadderService } from '../../src/tiers/service.js'

export const ACCOUNT = 'shop-1'
export const ADMIN = 'wxid_owner'
/** 2026-05-20 10:00 Asia/Shanghai. */
export const NOW = Date.UTC(2026, 4, 20, 2, 0, 0)
export const DAY = 86_400_000
export const CONFIG: Config = { ...DEFAULT_CONFIG, admins: [ADMIN] }

export interface Shop {
  db: Db
  ingest: Ingest
  ladder: LadderService
  /** Add a contact to the directory (as the app does at login). */
  contact(id: string, name: string, remark?: string, account?: string): void
  /** The customer writes privately at `at`. */
  say(id: string, text: string, at: number): void
  /** The merchant answers privately at `at` (typed on the phone). */
  reply(id: string, at: number): void
  /** n answered rounds ending at `at`. */
  rounds(id: string, n: number, at: number, text?: string): void
  group(id: string, roomId: string, topic: string, text: string, at: number): void
}

/**
 * A shop built the way the app builds it: the real migrations, ingest with the ladder installed, and
 * messages, so every rung below comes from evidence (not hand-written tiers rows).
 */
export function createShop(config: Config = CONFIG, isCustomer?: IsCustomer): Shop {
  const db = createDb(':memory:')
  const ingest = createIngest(db)
  const ladder = createLadder(db, config, silentLogger, () => NOW, isCustomer)
  installLadder(ingest, ladder, db, config, isCustomer)
  let seq = 0
  const send = (e: Partial<ChatEvent> & Pick<ChatEvent, 'contactId' | 'direction' | 'at'>) => {
    ingest.ingestEvent({
      accountId: ACCOUNT, messageId: `seed-${++seq}`, chat: e.roomId ? 'group' : 'private', kind: 'text', rawType: 7, text: '',
      talkerId: e.direction === 'in' ? e.contactId : ACCOUNT, talkerName: '', ...e,
    }, e.at)
  }
  const shop: Shop = {
    db, ingest, ladder,
    contact(id, name, remark = '', account = ACCOUNT) {
      ingest.upsertContact(account, { id, name, remark, friend: true, kind: 'individual' }, NOW - 100 * DAY, NOW - 100 * DAY)
    },
    say: (id, text, at) => send({ contactId: id, direction: 'in', text, at }),
    reply: (id, at) => send({ contactId: id, direction: 'out', text: '好的', listenerId: id, at }),
    rounds(id, n, at, text = '你好') {
      for (let i = n; i > 0; i--) {
        shop.say(id, text, at - i * 60_000)
        shop.reply(id, at - i * 60_000 + 30_000)
      }
    },
    group: (id, roomId, topic, text, at) => send({ contactId: id, direction: 'in', text, roomId, roomTopic: topic, at }),
  }
  return shop
}

/** A small shop: the owner (admin), customers with shared and partial names, a group. */
export function createShopDb(config: Config = CONFIG, isCustomer?: IsCustomer): Shop {
  const shop = createShop(config, isCustomer)
  shop.contact(ACCOUNT, '测试店铺')
  shop.contact(ADMIN, '店主小美', '老板')
  shop.contact('wxid_zs1', '张三', 'L4|张三 宝妈')
  shop.rounds('wxid_zs1', 3, NOW - 10 * DAY)
  shop.ladder.recordPayment(ACCOUNT, 'wxid_zs1', { amountFen: 19900, at: NOW - 10 * DAY, source: 'command' }, NOW - 10 * DAY)
  shop.group('wxid_zs1', 'r1@chatroom', '宝妈交流群', '早上好', NOW - 5 * DAY)
  shop.say('wxid_zs1', '收到了', NOW - 3 * DAY)
  shop.contact('wxid_zs2', '张三')
  shop.say('wxid_zs2', '在吗', NOW - 40 * DAY)
  shop.contact('wxid_zs3', '张三')
  shop.rounds('wxid_zs3', 3, NOW - 1 * DAY)
  shop.contact('wxid_ls', '李四')
  shop.rounds('wxid_ls', 3, NOW - 3 * DAY)
  shop.contact('wxid_ww', 'Wang Wu')
  shop.rounds('wxid_ww', 3, NOW - 3 * DAY, '喜欢，好用')
  shop.contact('wxid_zl', '赵六六')
  shop.contact('wxid_space', '王 小二')
  shop.group('wxid_space', 'r1@chatroom', '宝妈交流群', '哈哈', NOW - 3 * DAY)
  shop.ladder.reclassifyAll(ACCOUNT, NOW)
  return shop
}
