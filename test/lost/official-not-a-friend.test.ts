import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * The official stack hears no deletion event: a remark refused because the contact is no longer a
 * friend is how tierbot learns it. Over the real gRPC path, the customer becomes 流失 and nothing else
 * is written to them.
 */

const FAST = { labels: { ratePerMinute: 600, jitterMs: 0 }, digest: { enabled: false } }

/** A gateway whose customer `s-gone` deleted the account: writes to them are refused. */
class DeletedByOne extends WorldPuppet {
  override async contactAlias(contactId: string): Promise<string>
  override async contactAlias(contactId: string, alias: string | null): Promise<void>
  override async contactAlias(contactId: string, alias?: string | null): Promise<void | string> {
    if (alias !== undefined && contactId === 's-gone') throw new Error('对方不是你的好友，无法修改备注')
    return alias === undefined ? super.contactAlias(contactId) : super.contactAlias(contactId, alias)
  }
}

describe('a write refused as "not a friend" on the official stack', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('marks the customer 流失 and drops their queued writes', async () => {
    const puppet = new DeletedByOne()
    populate(puppet, { contacts: [{ id: 's-gone', name: '赵六' }, { id: 's-here', name: '钱七' }] })
    bot = await startGrpcBot({ puppet, config: FAST })
    for (const id of ['s-gone', 's-here']) {
      for (let i = 0; i < 3; i++) {
        puppet.inject({ talkerId: id, listenerId: SHOP, text: `在吗 ${i}` })
        puppet.inject({ talkerId: SHOP, listenerId: id, text: `在的 ${i}` })
      }
    }
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 's-gone')?.activity === 'lost', 's-gone lost')
    await waitFor(() => puppet.aliases.get('s-here') === 'L2|钱七', 'the other customer still gets a remark')
    await waitFor(() => bot!.app.features.sync()?.health().pending === 0, 'the queue to drain')
    expect(puppet.writes.filter((w) => w.contactId === 's-gone')).toEqual([])
    expect(bot.app.features.ladder.getTier(SHOP, 's-gone')?.tier).toBe(2)
  })
})
