import { describe, expect, it } from 'vitest'
import { createDigestCommands } from '../../src/commands/feature.js'
import { displayNamesFor } from '../../src/contacts/names.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, CONFIG, createShop, DAY, NOW } from '../commands/seed.js'

/*
 * Issue 18 §5 and §6: one display name for a customer in every reply and in the digest, with the
 * id beside it when two contacts read the same; a remark tierbot composed from the WeChat name
 * (`L1|陈晨`) does not single out one of two 陈晨.
 */
function shop() {
  const s = createShop()
  s.contact('wxid_wf1', '王芳', '王芳 老乡')
  s.rounds('wxid_wf1', 3, NOW - 3 * 3_600_000)
  s.contact('wxid_wf2', '王芳')
  s.say('wxid_wf2', '这个多少钱', NOW - 3_600_000)
  s.contact('wxid_cc1', '陈晨', 'L1|陈晨')
  s.say('wxid_cc1', '怎么买', NOW - 2 * 3_600_000)
  s.contact('wxid_cc2', '陈晨')
  s.ladder.reclassifyAll(ACCOUNT, NOW)
  return { s, bot: makeCommands(s, { digest: createDigestCommands(s.db, CONFIG) }) }
}

describe('one display name everywhere', () => {
  it('the digest and /hot call a customer what /tier calls her', async () => {
    const { bot } = shop()
    expect(await bot.say('/tier 王芳 老乡')).toMatch(/^王芳 老乡（王芳）：L2 认识我的人/)
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('· 王芳 老乡 ↑')
    expect(digest).not.toContain('· 王芳 ↑')
    expect(await bot.say('/hot')).toContain('· 王芳（L1 知道我的人）1 小时前问：“这个多少钱”')
  })

  it('two contacts that read the same carry their ids', async () => {
    const { bot } = shop()
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('· 陈晨（ID wxid_cc1）（L1 知道我的人）2 小时前问：“怎么买”')
    expect(await bot.say('/list L1')).toContain('陈晨（ID wxid_cc1） · 活跃 · 今天')
  })
})

describe("tierbot's own remark is not the merchant's", () => {
  it('/tier 陈晨 lists both 陈晨, not only the one whose remark tierbot wrote', async () => {
    const { bot } = shop()
    const reply = (await bot.say('/tier 陈晨'))!
    expect(reply.split('\n')[0]).toBe('“陈晨”对应 2 位联系人，请说得更准确些：')
    expect(reply).toContain('ID wxid_cc1')
    expect(reply).toContain('ID wxid_cc2')
  })

  it('a remark the merchant wrote still finds its one contact', async () => {
    const { bot } = shop()
    expect(await bot.say('/tier 王芳 老乡')).toContain('L2 认识我的人')
  })
})

describe('names worked out when read (the digest names only the rows it shows)', () => {
  it('reads the same as names filled at once, ids and all', () => {
    const { s } = shop()
    const names = displayNamesFor(s.db, CONFIG.labels.remarkPrefix)
    const rows = () => [
      { contactId: 'wxid_wf1', name: '王芳', remark: '王芳 老乡' },
      { contactId: 'wxid_cc1', name: '陈晨', remark: 'L1|陈晨' },
      { contactId: 'wxid_cc2', name: '' },
    ]
    const lazy = names.fillLazily(ACCOUNT, rows())
    expect(lazy.map((r) => r.name)).toEqual(['王芳 老乡', '陈晨（ID wxid_cc1）', '陈晨（ID wxid_cc2）'])
    expect(lazy).toEqual(names.fill(ACCOUNT, rows()))
  })
})
