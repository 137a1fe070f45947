import { describe, expect, it } from 'vitest'
import { buildDigest, silentText } from '../../src/digest/build.js'
import { configWith, daysAgo, emptySnapshot, NOW, silent } from '../digest/fixtures.js'

/* Issue 18 §9 and §10, on the pure digest builder. */
const config = configWith()

describe('the digest says why its silent count differs from the funnel', () => {
  it('names who is left off the wake-up list and that dormant customers are not chased', () => {
    const snapshot = emptySnapshot({
      silent: [silent('林芳', { tier: 5, spendFen: 75_000 })],
      silentTotal: 4,
      silentLeftOut: { belowL2: 2, snoozed: 0, nudged: 1 },
      funnel: { total: 35, tiers: { 0: 6, 1: 7, 2: 7, 3: 5, 4: 7, 5: 3 }, activity: { new: 2, active: 21, silent: 7, dormant: 5, lost: 0 } },
    })
    const text = buildDigest(snapshot, NOW, config).join('\n')
    expect(text).toContain('沉默 7 · 沉睡 5 · 共 35 人\n（沉默 7 位里待唤醒 4 位，其余：2 位还不到 L2，1 位 14 天内你发过消息还没回；沉睡的 5 位不追，等他们自己来）')
  })
})

describe('the suggested opener belongs to the customer, not to the list position', () => {
  const rows = [
    silent('林芳', { contactId: 'demo-c10', tier: 5, spendFen: 75_000 }),
    silent('陈红', { contactId: 'demo-c11', tier: 4, spendFen: 39_900 }),
    silent('吴丽', { contactId: 'demo-c12', tier: 4, spendFen: 30_000, lastOrderAt: daysAgo(60), lastComplaintAt: daysAgo(50) }),
  ]
  const openerOf = (text: string, name: string) => text.split('\n').find((l, i, all) => all[i - 1]?.includes(`${name}｜`))

  it('陈红 gets the same opener in the digest (2nd) and in /silent 1 after the others are gone', () => {
    const digest = buildDigest(emptySnapshot({ silent: rows, silentTotal: 3 }), NOW, config).join('\n')
    const alone = silentText(emptySnapshot({ silent: [rows[1]], silentTotal: 1 }), NOW, config, 1)
    expect(openerOf(digest, '陈红')).toBeDefined()
    expect(openerOf(alone, '陈红')).toBe(openerOf(digest, '陈红'))
  })

  it('fits them: a super user gets the perk, a buyer whose last word was a complaint an apology first', () => {
    const digest = buildDigest(emptySnapshot({ silent: rows, silentTotal: 3 }), NOW, config).join('\n')
    expect(openerOf(digest, '林芳')).toContain('专属福利')
    expect(openerOf(digest, '吴丽')).toContain('先道歉')
  })
})
