import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { testClock } from '../support/clock.js'

/*
 * Only friends get labels and remarks. A group member who talked in the group (L1 知道我的人) and then
 * becomes a friend is labelled when the friendship is confirmed, not only at their next rung change or
 * the next restart (their first private messages keep them L1: no change, no write).
 */

const OWNER = 'nf-owner'
const GROUP = 'nf-group@chatroom'
const CONFIG = { labels: { ratePerMinute: 600, jitterMs: 0 }, admins: [OWNER], digest: { enabled: false } }

describe('a group member who becomes a friend', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('gets the L1 label and remark once the friendship is confirmed', async () => {
    const puppet = new WorldPuppet()
    populate(puppet, {
      contacts: [{ id: OWNER, name: '店主' }, { id: 'nf-wang', name: '王五', friend: false }],
      rooms: [{ id: GROUP, topic: '宝妈群', memberIdList: ['nf-wang'] }],
    })
    bot = await startGrpcBot({ puppet, config: CONFIG })
    puppet.inject({ talkerId: 'nf-wang', roomId: GROUP, text: '这个有货吗' })
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 'nf-wang')?.tier === 1, 'L1 from the group')
    expect(puppet.writes.filter((w) => w.contactId === 'nf-wang')).toEqual([])

    const payload = puppet.mocker.cacheContactPayload.get('nf-wang')!
    puppet.mocker.cacheContactPayload.set('nf-wang', { ...payload, friend: true })
    await puppet.contactPayloadDirty('nf-wang')
    puppet.injectFriendship({ id: 'fr-wang', contactId: 'nf-wang', timestamp: Math.floor(testClock() / 1000) })
    await waitFor(() => puppet.aliases.get('nf-wang') === 'L1|王五', 'the L1 remark')
    await waitFor(() => [...(puppet.tags.get('nf-wang') ?? [])].join() === 'L1 知道我的人', 'the L1 label')
  })
})
