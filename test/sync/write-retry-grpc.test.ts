import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { LABELS_UNSUPPORTED_NOTICE } from '../../src/sync/replies.js'
import { toActionError } from '../../src/platform/errors.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * A remark write the puppet service refuses with an ordinary server error (what a busy or briefly broken
 * gateway answers: gRPC 2 UNKNOWN) is retried with back-off, and /stats shows it waiting meanwhile,
 * instead of being given up at once until the bot is restarted.
 */

const OWNER = 'retry-owner'
const CONFIG = { labels: { ratePerMinute: 600, jitterMs: 0 }, admins: [OWNER], digest: { enabled: false } }

/** A gateway whose remark writes fail with a plain server error while `busy`, then work. */
class FlakyRemarks extends WorldPuppet {
  busy = true
  failures = 0
  override async contactAlias(contactId: string): Promise<string>
  override async contactAlias(contactId: string, alias: string | null): Promise<void>
  override async contactAlias(contactId: string, alias?: string | null): Promise<void | string> {
    if (alias !== undefined && this.busy) {
      this.failures++
      throw new Error('remark service busy')
    }
    return alias === undefined ? super.contactAlias(contactId) : super.contactAlias(contactId, alias)
  }
}

describe('a write the gateway refuses once is retried, and /stats says so', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('the remark lands after a back-off; meanwhile /stats counts it as retrying, not failed', async () => {
    const puppet = new FlakyRemarks()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 'r-zhang', name: '张三', alias: '张三 宝妈' }] })
    bot = await startGrpcBot({ puppet, config: CONFIG })
    bot.puppet.inject({ talkerId: 'r-zhang', listenerId: SHOP, text: '你好，在吗' })
    await waitFor(() => puppet.failures > 0 && (bot!.app.features.sync()?.health().pending ?? 0) > 0, 'the refused write')
    await waitFor(() => bot!.app.ctx.db.$client.prepare("SELECT 1 FROM sync_outbox WHERE kind = 'remark' AND attempts > 0").get() !== undefined, 'the failure recorded')
    const stats = await askBot(bot, OWNER, '/stats')
    // The label may still be queued behind it: the count of waiting writes is not the point.
    expect(stats).toMatch(/^标签和备注：待写 \d+（其中 1 条没写成功，稍后自动重试） · 失败 0$/m)
    puppet.busy = false
    await waitFor(() => puppet.aliases.get('r-zhang') === 'L1|张三 宝妈', 'the remark after the retry', 30_000)
    await waitFor(() => bot!.app.features.sync()?.health().pending === 0, 'the write recorded')
    expect((await askBot(bot, OWNER, '/stats')).split('\n')).toContain('标签和备注：待写 0 · 失败 0')
  }, 60_000)
})

describe('which refusals are worth another try', () => {
  it.each([
    { name: 'a plain server error over gRPC (2 UNKNOWN)', err: Object.assign(new Error('2 UNKNOWN: Error: remark service busy'), { code: 2 }), kind: 'transient' },
    { name: 'the same message without a code', err: new Error('2 UNKNOWN: Error: remark service busy'), kind: 'transient' },
    { name: 'something that does not exist stays permanent', err: new Error('2 UNKNOWN: tag tag-8 not found'), kind: 'permanent' },
    { name: 'an invalid argument stays permanent', err: Object.assign(new Error('3 INVALID_ARGUMENT: alias too long'), { code: 3 }), kind: 'permanent' },
    { name: 'a refusal in Chinese that it does not exist stays permanent', err: new Error('2 UNKNOWN: 联系人不存在'), kind: 'permanent' },
    { name: 'a puppet without the API (wechaty-puppet\'s own words) is unsupported', err: new Error('2 UNKNOWN: Wechaty Puppet Unsupported API Error. Learn More At https://github.com/wechaty/wechaty-puppet/wiki/Compatibility'), kind: 'unsupported' },
  ])('$name → $kind', ({ err, kind }) => expect(toActionError(err).kind).toBe(kind))
})

/** A puppet whose tag calls are not implemented the way wechaty-puppet says so (no gRPC 12: a thrown error). */
class NoTagApi extends WorldPuppet {
  override async tagContactAdd(): Promise<void> {
    throw new Error('Wechaty Puppet Unsupported API Error. Learn More At https://github.com/wechaty/wechaty-puppet/wiki/Compatibility')
  }
}

describe('a puppet that has no tag API at all', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('falls back to remarks only and tells the merchant once, like a WeCom token', async () => {
    const puppet = new NoTagApi()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 'r-li', name: '李四' }, { id: 'r-wang', name: '王五' }] })
    bot = await startGrpcBot({ puppet, config: CONFIG })
    puppet.inject({ talkerId: 'r-li', listenerId: SHOP, text: '你好' })
    puppet.inject({ talkerId: 'r-wang', listenerId: SHOP, text: '在吗' })
    await waitFor(() => puppet.aliases.get('r-li') === 'L1|李四' && puppet.aliases.get('r-wang') === 'L1|王五', 'both remarks')
    await waitFor(() => bot!.app.features.sync()?.health().pending === 0, 'the queue to drain')
    const notices = () => puppet.sent.filter((s) => s.conversationId === OWNER && s.text === LABELS_UNSUPPORTED_NOTICE)
    await waitFor(() => notices().length > 0, 'the notice')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(notices()).toHaveLength(1)
    expect(bot.app.features.sync()?.health()).toMatchObject({ labelsSupported: false, failed: 0 })
  })
})
