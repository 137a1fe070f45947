import { describe, expect, it } from 'vitest'
import { eraseOldText } from '../../src/privacy/retention.js'
import { silentLogger } from '../../src/shared/logger.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, CONFIG, createShopDb, DAY, NOW } from '../commands/seed.js'

/* /chat after retention erased old message text: the merchant reads why the words are gone, not a bare [消息]. */

describe('/chat after retention', () => {
  it('an erased text says it was erased after the retention period; newer lines keep their words', async () => {
    const config = { ...CONFIG, retention: { ...CONFIG.retention, messageTextDays: 30 } }
    const shop = createShopDb(config)
    shop.say('wxid_zs2', '新的一条', NOW - 2 * DAY)
    await eraseOldText({ db: shop.db, ladder: shop.ladder, logger: silentLogger, accountId: ACCOUNT, days: 30, now: NOW })
    const reply = (await makeCommands(shop, { config }).say('/chat wxid_zs2'))!
    expect(reply.split('\n').slice(1)).toEqual([
      '· 4月10日 对方：[原文超过 30 天，已按保留期删除]',
      '· 5月18日 对方：新的一条',
    ])
  })
})
