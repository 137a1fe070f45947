import { afterEach, describe, expect, it } from 'vitest'
import { DeletingPuppet, talkThreeRounds } from './deleting-puppet.js'
import { populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * The official stack hears no deletion event: a remark refused because the contact is no longer a
 * friend is how tierbot learns it. Over the real gRPC path, the customer becomes 流失 and nothing else
 * is written to them.
 */

const FAST = { labels: { ratePerMinute: 600, jitterMs: 0 }, digest: { enabled: false } }

describe('a write refused as "not a friend" on the official stack', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('marks the customer 流失 and drops their queued writes', async () => {
    const puppet = new DeletingPuppet()
    puppet.gone.add('s-gone')
    populate(puppet, { contacts: [{ id: 's-gone', name: '赵六' }, { id: 's-here', name: '钱七' }] })
    bot = await startGrpcBot({ puppet, config: FAST })
    talkThreeRounds(puppet, SHOP, ['s-gone', 's-here'])
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 's-gone')?.activity === 'lost', 's-gone lost')
    await waitFor(() => puppet.aliases.get('s-here') === 'L2|钱七', 'the other customer still gets a remark')
    await waitFor(() => bot!.app.features.sync()?.health().pending === 0, 'the queue to drain')
    expect(puppet.writes.filter((w) => w.contactId === 's-gone')).toEqual([])
    expect(bot.app.features.ladder.getTier(SHOP, 's-gone')?.tier).toBe(2)
  })
})
