import { describe, expect, it } from 'vitest'
import { markLost } from '../../src/lost/store.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, ADMIN, CONFIG, createShopDb, DAY, NOW } from '../commands/seed.js'

/* What the admin reads about customers who deleted the account (流失), in /tier and /stats. */

function shopWithLoss() {
  const shop = createShopDb(CONFIG, (account, id) => id !== account && id !== ADMIN)
  markLost(shop.db, ACCOUNT, 'wxid_ls', 'customer', NOW - 2 * DAY)
  shop.ladder.reclassifyAll(ACCOUNT, NOW)
  return makeCommands(shop)
}

describe('a lost customer in the replies', () => {
  it('/tier says since when they are gone', async () => {
    const reply = (await shopWithLoss().say('/tier 李四'))!
    expect(reply.split('\n')[1]).toBe('活跃度：流失（5月18日 删除了好友），最近互动 3 天前')
    expect(reply).toContain('下一步：对方已删除你，不再打标签、改备注；重新加回后自动恢复')
  })

  it('/stats: the activity counts add up to the customers (活跃 is named too)', async () => {
    const lines = (await shopWithLoss().say('/stats'))!.split('\n')
    expect(lines[0]).toBe('客户共 7 人：')
    expect(lines[2]).toBe('活跃 4 · 沉默 1 · 沉睡 1 · 新加 0 · 流失 1')
    const sum = lines[2].split(' · ').reduce((n, part) => n + Number(part.split(' ')[1]), 0)
    expect(sum).toBe(7)
  })
})
