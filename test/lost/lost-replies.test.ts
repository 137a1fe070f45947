import { describe, expect, it } from 'vitest'
import { markLost } from '../../src/lost/store.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, ADMIN, CONFIG, createShopDb, DAY, NOW } from '../commands/seed.js'

/* What the admin reads about customers who deleted the account (流失), in /tier and /stats. */

function shopWithLoss() {
  const shop = createShopDb(CONFIG, (account, id) => id !== account && id !== ADMIN)
  markLost(shop.db, ACCOUNT, 'wxid_ls', 'customer', NOW - 2 * DAY)
  markLost(shop.db, ACCOUNT, 'wxid_ww', 'merchant', NOW - 1 * DAY)
  shop.ladder.reclassifyAll(ACCOUNT, NOW)
  return makeCommands(shop)
}

describe('a lost customer in the replies', () => {
  it('/tier says who ended the friendship and since when', async () => {
    const commands = shopWithLoss()
    const deleted = (await commands.say('/tier 李四'))!
    expect(deleted.split('\n')[1]).toBe('活跃度：流失（5月18日 删除了你），最近互动 3 天前')
    expect(deleted).toContain('下一步：已不是好友，不再打标签、改备注；重新加回后自动恢复')
    // Removed by the merchant: not "对方已删除你".
    const removed = (await commands.say('/tier Wang Wu'))!
    expect(removed).toContain('活跃度：流失（5月19日 你删除了对方）')
    expect(removed).not.toContain('对方已删除你')
  })

  it('/stats: the activity counts add up to the customers (活跃 is named too)', async () => {
    const lines = (await shopWithLoss().say('/stats'))!.split('\n')
    expect(lines[0]).toBe('客户共 7 人：')
    expect(lines[2]).toBe('活跃 3 · 沉默 1 · 沉睡 1 · 新加 0 · 流失 2')
    const sum = lines[2].split(' · ').reduce((n, part) => n + Number(part.split(' ')[1]), 0)
    expect(sum).toBe(7)
  })
})
