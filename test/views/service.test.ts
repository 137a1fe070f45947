import { describe, expect, it } from 'vitest'
import { eraseOldText } from '../../src/privacy/retention.js'
import { silentLogger } from '../../src/shared/logger.js'
import { ACCOUNT, DAY, NOW, world } from './views-world.js'

/*
 * The views on a real database with the real migrations: the intent score kept on ingest, the daily
 * pass, the commands that show them and the digest sections, as the merchant reads them.
 */

describe('views on a real database', () => {
  it('a buying question is weighed on ingest and decays: 高 while fresh, 中 two half-lives later', () => {
    const w = world()
    w.say('zs', '这个多少钱', NOW - DAY)
    w.say('zs', '有优惠吗', NOW - DAY + 60_000)
    w.say('zs', '适合敏感肌吗', NOW - DAY + 120_000)
    w.pass()
    expect(w.command('/tier 张三')).toContain('\n生命周期：潜在 · 意向：高 · 价值：B\n')
    expect(w.command('/list 高意向')).toContain('1. 张三')
    const why = w.command('/why 张三')
    expect(why).toMatch(/· 意向 2\d 分：6月16日 问价\/想买“有优惠吗”；6月16日 问价\/想买“这个多少钱”；6月16日 提问“适合敏感肌吗”\n/)
    expect(w.command('/tier 张三', NOW + 28 * DAY)).toContain('意向：中')
  })

  it('lifecycle and value after the daily pass: 新客, 老客, 忠诚 and the A/B/C of the account', () => {
    const w = world()
    w.say('zs', '你好', NOW - 300 * DAY)
    for (let i = 0; i < 10; i++) w.pay('zs', 300, NOW - (300 - i * 30) * DAY)
    w.say('ls', '你好', NOW - 100 * DAY)
    w.pay('ls', 99, NOW - 90 * DAY)
    w.pay('ls', 99, NOW - 10 * DAY)
    w.say('ww', '你好', NOW - 5 * DAY)
    w.pay('ww', 59, NOW - 5 * DAY)
    w.say('zl', '看看', NOW - 3 * DAY)
    const { total } = w.pass()
    expect(total).toBe(4)
    expect(w.command('/list 忠诚')).toContain('张三')
    expect(w.command('/list 老客')).toContain('李四')
    expect(w.command('/list 新客')).toContain('王五')
    expect(w.command('/list 潜在')).toContain('赵六')
    expect(w.command('/list A类')).toContain('张三')
    expect(w.command('/list C类')).toContain('赵六')
    expect(w.command('/list B类')).toMatch(/目前没有客户|共 \d+ 人/)
    // A second pass with nothing new writes nothing.
    expect(w.pass().changed).toBe(0)
  })

  it('a complaint after the last order, then silence → 投诉后沉睡 leads the wake-up list with an apology', () => {
    const w = world()
    for (const id of ['zs', 'ls']) {
      for (let i = 0; i < 3; i++) w.say(id, '好的', NOW - 45 * DAY + i)
      w.pay(id, 199, NOW - 45 * DAY)
    }
    w.say('zs', '用了过敏，太失望了', NOW - 35 * DAY)
    w.say('ls', '收到了', NOW - 40 * DAY)
    w.pass()
    expect(w.command('/why 张三')).toContain('· 生命周期：新客（临时性沉默·投诉后沉睡）')
    const digest = w.digest()
    const wake = digest.slice(digest.indexOf('位沉默客户待唤醒'))
    expect(wake).toMatch(/1\. 投诉后沉睡：张三｜L4 信任我的人｜沉默 35 天｜累计消费 ¥199\n {3}建议开场 · 先道歉：/)
    expect(wake).toContain('2. 李四')
  })

  it('the digest: 高意向，还没成交, 老客该复购了 from their own rhythm, and the referral thank-you', () => {
    const w = world()
    w.say('zs', '这个多少钱', NOW - DAY)
    w.say('zs', '怎么买', NOW - DAY + 1)
    w.say('zs', '有货吗', NOW - DAY + 2)
    w.say('ls', '好', NOW - 61 * DAY)
    for (const d of [61, 41, 21]) w.pay('ls', 99, NOW - d * DAY)
    w.say('new', '你好', NOW - 2 * DAY)
    expect(w.views.onFriendship(ACCOUNT, { id: 'new', name: '小美', remark: '', friend: true, kind: 'individual' }, '我是李四介绍的', NOW - DAY / 2, NOW)?.referrerId).toBe('ls')
    w.pass()
    const digest = w.digest()
    expect(digest).toContain('🎯 高意向，还没成交：趁热推一把\n· 张三（L1 知道我的人）意向 2')
    // Dated as the digest's other sections date things (23 小时前, 昨天, 3 天前), not 6月16日 beside 昨天.
    expect(digest).toMatch(/· 张三（L1 知道我的人）意向 \d+ 分：23 小时前 问价\/想买“/)
    expect(w.command('/hot')).toContain('🎯 高意向，还没成交：趁热推一把\n· 张三（L1 知道我的人）意向 2')
    expect(digest).toContain('🔁 老客该复购了\n· 李四（L5 超级用户）平时约 20 天买一次，上次 5月27日：问问是不是快用完了')
    expect(digest).toContain('· 李四 介绍了 1 位新朋友：记得感谢')
  })

  it('/ref by hand, /refs, and a referral never counts twice', () => {
    const w = world()
    w.say('zs', '你好', NOW - DAY)
    w.say('new', '你好', NOW - DAY)
    expect(w.command('/推荐 小美 张三')).toBe('好的，记下了：张三 介绍了 小美。发 /refs 张三 看 TA 介绍的朋友')
    expect(w.command('/ref 小美 张三')).toBe('已经记着了：小美 是 张三 介绍来的')
    expect(w.command('/ref 张三 张三')).toContain('不能推荐自己')
    expect(w.command('/refs 张三')).toContain('张三 介绍了 1 位朋友：\n1. 小美（6月17日 手动）还没下单')
    const referrals = (id: string) => (w.db.$client.prepare('SELECT referrals FROM contact_stats WHERE contact_id = ?').get(id) as { referrals: number }).referrals
    expect(referrals('zs')).toBe(1)
  })

  it('points: off by default; on, spend and referrals earn, the merchant adjusts, never negative without 透支', () => {
    expect(world().command('/积分 张三')).toContain('积分没有开启')
    const w = world({ views: { points: { enabled: true } } })
    w.say('zs', '你好', NOW - DAY)
    w.say('new', '你好', NOW - DAY)
    w.pay('zs', 199, NOW - DAY)
    w.command('/ref 小美 张三')
    expect(w.command('/points 张三')).toMatch(/^张三 现有 299 分/)
    expect(w.command('/points 张三 +50 生日礼')).toMatch(/^好的，张三 \+50 分（生日礼），现在共 349 分/)
    expect(w.command('/points 张三 -400 兑换')).toBe('张三 只有 349 分，扣 400 分会变成负数，没有扣。确实要扣，请在最后加“透支”：/points 张三 -400 兑换 透支')
    expect(w.command('/points 张三 -400 兑换 透支')).toContain('现在共 -51 分\n（积分已是负数）')
  })
})

describe('/tier and /list agree on the value class between passes', () => {
  it('the 80th-percentile buyer is A in /list A类 and still A in /tier a minute after the pass', () => {
    const w = world()
    w.say('zs', '你好', NOW - 200 * DAY)
    for (const d of [85, 57, 30]) w.pay('zs', 299, NOW - d * DAY)
    w.say('ls', '你好', NOW - 200 * DAY)
    for (const d of [60, 30, 5]) w.pay('ls', 100, NOW - d * DAY)
    for (const id of ['ww', 'zl', 'new']) {
      w.say(id, '你好', NOW - 200 * DAY)
      w.pay(id, 100, NOW - 190 * DAY)
    }
    w.pass()
    expect(w.command('/list A类')).toContain('张三')
    expect(w.command('/tier 张三', NOW + 60_000)).toContain('价值：A')
    expect(w.command('/why 张三', NOW + 60_000)).toContain('· 价值 A：3 单 ¥897，约每月一单')
  })
})

describe('retention erases the words the views kept, not the facts', () => {
  it('/why keeps the intent contributions and dates but loses the old quotes; a greeting that named a referrer is erased too', async () => {
    const w = world()
    w.say('zs', '这个多少钱', NOW - 40 * DAY)
    w.say('zs', '有优惠吗', NOW - DAY)
    w.say('ls', '你好', NOW - 50 * DAY)
    w.views.onFriendship(ACCOUNT, { id: 'new', name: '小美', remark: '', friend: true, kind: 'individual' }, '我是李四介绍的，想看看面膜', NOW - 45 * DAY, NOW - 45 * DAY)
    w.pass()
    expect(w.command('/why 张三')).toContain('问价/想买“这个多少钱”')
    await eraseOldText({ db: w.db, ladder: w.ladder, logger: silentLogger, accountId: ACCOUNT, days: 30, now: NOW })
    const why = w.command('/why 张三')
    expect(why).toContain('问价/想买“有优惠吗”')
    expect(why).toMatch(/5月8日 问价\/想买(；|\n)/)
    expect(why).not.toContain('这个多少钱')
    expect(w.command('/refs 李四')).toContain('（5月3日 打招呼）')
    const kept = w.db.$client.prepare('SELECT detail FROM referrals').pluck().all()
    expect(kept.join('')).not.toContain('想看看面膜')
  })
})

describe('a new friend\'s greeting credits the customer it names, as friend requests are written', () => {
  it.each(['我是通过李四介绍的', '我是李四的朋友', '李四让我加你的', '是李四叫我加你的', '你好，我是李四的同事，想买面膜'])('"%s" → /refs 李四 lists the new friend', (hello) => {
    const w = world()
    w.say('ls', '你好', NOW - 5 * DAY)
    w.views.onFriendship(ACCOUNT, { id: 'new', name: '小美', remark: '', friend: true, kind: 'individual' }, hello, NOW - DAY, NOW)
    expect(w.command('/refs 李四')).toMatch(/^李四 介绍了 1 位朋友：\n1\. new（6月16日 打招呼）/)
  })

  it.each(['我是宝妈', '我是朋友介绍的', '我是李四', '我是做微商的朋友'])('"%s" credits nobody', (hello) => {
    const w = world()
    w.say('ls', '你好', NOW - 5 * DAY)
    w.views.onFriendship(ACCOUNT, { id: 'new', name: '小美', remark: '', friend: true, kind: 'individual' }, hello, NOW - DAY, NOW)
    expect(w.command('/refs 李四')).toMatch(/^还没有记录 李四 介绍的朋友/)
  })
})

describe('/list by view sees today\'s changes before the nightly pass', () => {
  it('a second /paid makes 张三 老客 in /tier and in /list 老客 the same minute', () => {
    const w = world()
    w.say('zs', '你好', NOW - 10 * DAY)
    w.pay('zs', 199, NOW - 9 * DAY)
    w.pass(NOW - 9 * DAY + 3_600_000)
    expect(w.command('/list 新客', NOW - 120_000)).toContain('1. 张三')
    w.pay('zs', 199, NOW - 60_000)
    expect(w.command('/tier 张三')).toContain('生命周期：老客')
    expect(w.command('/list 老客')).toContain('1. 张三')
    expect(w.command('/list 新客')).not.toContain('张三')
  })

  it('three price questions today put 李四 on /list 高意向', () => {
    const w = world()
    w.say('ls', '你好', NOW - 20 * DAY)
    w.pass(NOW - 20 * DAY + 3_600_000)
    for (const [i, text] of ['这个多少钱', '有优惠吗', '怎么买'].entries()) w.say('ls', text, NOW - 3_600_000 + i * 60_000)
    expect(w.command('/tier 李四')).toContain('意向：高')
    expect(w.command('/list 高意向')).toContain('1. 李四')
  })

  it('/digest asked mid-day names 李四 under 高意向，还没成交 after this morning\'s questions', () => {
    const w = world()
    w.say('ls', '你好', NOW - 20 * DAY)
    w.pass(NOW - 20 * DAY + 3_600_000)
    for (const [i, text] of ['这个多少钱', '有优惠吗', '怎么买'].entries()) w.say('ls', text, NOW - 3_600_000 + i * 60_000)
    expect(w.command('/digest')).toMatch(/🎯 高意向，还没成交：趁热推一把\n· 李四（/)
  })
})

describe('/ref as a merchant types two names', () => {
  it.each(['/ref 小美，张三', '/ref 小美、张三', '/推荐 小美,张三', '/ref 小美 张三。'])('%s records 张三 介绍了 小美', (typed) => {
    const w = world()
    w.say('zs', '你好', NOW - DAY)
    w.say('new', '你好', NOW - DAY)
    expect(w.command(typed)).toBe('好的，记下了：张三 介绍了 小美。发 /refs 张三 看 TA 介绍的朋友')
  })
})

describe('/积分 as a merchant types the change', () => {
  const points = { views: { points: { enabled: true } } }
  it.each([
    { typed: '/积分 张三 加50 生日礼', says: '好的，张三 +50 分（生日礼），现在共 50 分' },
    { typed: '/积分 张三 扣20 兑换 透支', says: '好的，张三 -20 分（兑换），现在共 -20 分' },
    { typed: '/积分 张三 减20 兑换 透支', says: '好的，张三 -20 分（兑换），现在共 -20 分' },
  ])('$typed', ({ typed, says }) => {
    const w = world(points)
    w.say('zs', '你好', NOW - DAY)
    expect(w.command(typed).split('\n')[0]).toBe(says)
  })

  it('a number without + or - is asked about, not taken for a name', () => {
    const w = world(points)
    w.say('zs', '你好', NOW - DAY)
    expect(w.command('/积分 张三 50')).toBe('“50”是加还是扣？请写 +50 或 -50，例如 /points 张三 +50 生日礼、/points 张三 -50 兑换')
  })
})

describe('/积分 for a name that starts like a change', () => {
  it('张三 加拿大 is a name, not +拿大', () => {
    const w = world({ views: { points: { enabled: true } } })
    w.say('zs', '你好', NOW - DAY)
    expect(w.command('/积分 张三 加拿大')).toMatch(/^没有找到“张三 加拿大”/)
  })
})
