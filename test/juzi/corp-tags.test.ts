import * as PUPPET from '@juzi/wechaty-puppet'
import { describe, expect, it } from 'vitest'
import { createCorpTags, type TagApi } from '../../src/platform/juzi/corp-tags.js'
import { createCorpTagStore } from '../../src/platform/juzi/tag-store.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb } from '../../src/store/client.js'
import { JuziMockPuppet } from './support/juzi-puppet.js'

/*
 * The name → id resolver on its own, against the mock account's tag calls (no gRPC): what the
 * console shows after each step, and that nothing is created twice.
 */

const GROUP = 'tierbot 信任等级'
const NOW = Date.parse('2026-06-17T15:00:00+08:00')

function setup(api?: (puppet: JuziMockPuppet) => TagApi) {
  const puppet = new JuziMockPuppet()
  puppet.addContact({ id: 'a', name: '张三' })
  const db = createDb(':memory:')
  const tags = createCorpTags({
    api: api?.(puppet) ?? puppet as unknown as TagApi, store: createCorpTagStore(db), groupName: GROUP,
    accountId: () => 'acc', clock: () => NOW, logger: silentLogger,
  })
  return { puppet, db, tags }
}

describe('corp tag resolution', () => {
  it('uses a group and tag the merchant already has under those names instead of creating them', async () => {
    const { puppet, tags } = setup()
    const groupId = await puppet.tagGroupAdd(GROUP)
    await puppet.tagTagAdd(['L3 认同我的人'], groupId)
    puppet.calls.length = 0
    await tags.add('a', 'L3 认同我的人')
    expect(puppet.tagNamesOf('a')).toEqual(['L3 认同我的人'])
    expect(puppet.calls.filter((c) => c.startsWith('tagGroupAdd') || c.startsWith('tagTagAdd'))).toEqual([])
  })

  it('a tag renamed in the console (tag event): the next write makes tierbot’s tag again; the renamed one is the merchant’s', async () => {
    const { puppet, tags } = setup()
    await tags.add('a', 'L2 认识我的人')
    const tag = puppet.tagByName('L2 认识我的人')!
    tag.name = '老客户'
    tags.onTagEvent({ type: PUPPET.types.TagEvent.TagRename, idList: [tag.id] }, 'tag')
    await tags.add('a', 'L2 认识我的人')
    expect(puppet.tagNamesOf('a')).toEqual(['L2 认识我的人', '老客户'])
    await tags.remove('a', 'L2 认识我的人')
    expect(puppet.tagNamesOf('a')).toEqual(['老客户'])
  })

  it('the group deleted in the console: found missing, made once more, tags made in it', async () => {
    const { puppet, tags } = setup()
    await tags.add('a', 'L2 认识我的人')
    const group = puppet.groupByName(GROUP)!
    puppet.groups.delete(group.id)
    puppet.tags.clear()
    puppet.contactTags.clear()
    await tags.add('a', 'L4 信任我的人')
    expect(puppet.tagNamesOf('a')).toEqual(['L4 信任我的人'])
    expect([...puppet.groups.values()].map((g) => g.name)).toEqual([GROUP])
    expect(puppet.calls.filter((c) => c.startsWith('tagGroupAdd'))).toHaveLength(2)
  })

  it('two writes at once create the tag once', async () => {
    const { puppet, tags } = setup()
    puppet.addContact({ id: 'b', name: '李四' })
    await Promise.all([tags.add('a', 'L4 信任我的人'), tags.add('b', 'L4 信任我的人')])
    expect(puppet.calls.filter((c) => c.startsWith('tagTagAdd'))).toEqual(['tagTagAdd L4 信任我的人'])
    expect(puppet.tagNamesOf('b')).toEqual(['L4 信任我的人'])
  })

  it('removing a tag that never existed creates nothing', async () => {
    const { puppet, tags } = setup()
    await tags.remove('a', 'L1 知道我的人')
    expect(puppet.tags.size).toBe(0)
  })

  it('a network failure while looking tags up stops the write instead of making a second tag', async () => {
    let failNext = false
    const { puppet, tags, db } = setup((p) => Object.assign(Object.create(p) as TagApi, {
      tagPayloadPuppet: (id: string) => {
        if (failNext) { failNext = false; return Promise.reject(new Error('14 UNAVAILABLE: No connection established')) }
        return p.tagPayloadPuppet(id)
      },
    }))
    await tags.add('a', 'L2 认识我的人')
    db.$client.prepare('DELETE FROM corp_tags WHERE name <> ?').run('')
    failNext = true
    await expect(tags.add('a', 'L2 认识我的人')).rejects.toThrow(/UNAVAILABLE/)
    await tags.add('a', 'L2 认识我的人')
    expect(puppet.calls.filter((c) => c.startsWith('tagTagAdd'))).toEqual(['tagTagAdd L2 认识我的人'])
  })
})
