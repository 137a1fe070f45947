import { describe, expect, it } from 'vitest'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, createShop, DAY, NOW } from '../commands/seed.js'

/*
 * Issue 18 §3: tier history records when the evidence happened (the message's or the payment's own
 * time), not when tierbot replayed it, and a first record reads "首次记录".
 */
describe('/why dates history by the evidence', () => {
  it('replayed messages and payments recorded today keep their own dates', async () => {
    const shop = createShop()
    shop.contact('wxid_gmm', '郭美美')
    // The contact directory is read at login: the first record is dated when she was added.
    shop.ladder.reclassifyAll(ACCOUNT, NOW)
    shop.rounds('wxid_gmm', 3, NOW - 80 * DAY)
    for (const daysAgo of [74, 49, 19]) {
      shop.ladder.recordPayment(ACCOUNT, 'wxid_gmm', { amountFen: 29900, at: NOW - daysAgo * DAY, source: 'demo' }, NOW)
    }
    const reply = (await makeCommands(shop).say('/why 郭美美'))!
    expect(reply.split('最近变化：\n')[1]).toBe([
      '· 5月1日 L4 → L5（付款）',
      '· 3月7日 L2 → L4（付款）',
      '· 3月1日 L1 → L2（消息）',
      '· 3月1日 L0 → L1（消息）',
      '· 2月9日 首次记录：L0',
    ].join('\n'))
  })
})
