import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { detectSignals, listSignalKinds, type SignalInput } from '../../src/signals/detect.js'

const cfg = DEFAULT_CONFIG.signals
const inText = (text: string): SignalInput => ({ text, kind: 'text', chat: 'private', direction: 'in' })

describe('detectSignals (domain.md §3)', () => {
  it.each([
    { name: 'price question is buying intent', text: '这个多少钱呀', kinds: ['intent'] },
    { name: 'approval keyword', text: '太好用了', kinds: ['approval'] },
    { name: 'negation cancels approval: 不喜欢', text: '我不喜欢这个颜色', kinds: [] },
    { name: 'negation within the window: 不太喜欢', text: '不太喜欢', kinds: [] },
    { name: 'negation outside the window does not cancel', text: '不过说真的很喜欢', kinds: ['approval'] },
    { name: 'negation in an earlier clause does not cancel', text: '不，喜欢', kinds: ['approval'] },
    { name: '不好用 is a complaint, not approval', text: '这个不好用', kinds: ['complaint'] },
    { name: '没效果 is a complaint', text: '用了一周没效果', kinds: ['complaint'] },
    { name: 'negated complaint: 别给差评', text: '放心别给差评', kinds: [] },
    { name: '没有货 is not an intent', text: '没有货了', kinds: [] },
    { name: 'asking whether it is out of stock is a buying question (§7)', text: '是不是没有货了', kinds: ['intent'] },
    { name: 'A-not-A question is no negation: 有没有优惠', text: '有没有优惠', kinds: ['intent'] },
    { name: 'WeChat emoji code [强] is approval', text: '[强][强]', kinds: ['approval'] },
    { name: 'emoji 👍 is approval', text: '👍', kinds: ['approval'] },
    { name: 'heart without variation selector still matches ❤️', text: '❤', kinds: ['approval'] },
    { name: 'referral', text: '我闺蜜也想试试', kinds: ['referral'] },
    { name: 'intent and approval in one message', text: '喜欢，怎么买', kinds: ['intent', 'approval'] },
    { name: 'plain chat carries nothing', text: '今天天气好', kinds: [] },
  ])('$name', ({ text, kinds }) => {
    expect(listSignalKinds(detectSignals(inText(text), cfg))).toEqual(kinds)
  })

  it.each([
    { name: 'mother persona', text: '宝宝最近不爱吃辅食', personas: ['宝妈'] },
    { name: 'office worker and price-sensitive', text: '上班太忙了，有没有便宜点的', personas: ['上班族', '价格敏感'] },
  ])('persona: $name', ({ text, personas }) => {
    expect(detectSignals(inText(text), cfg).personas).toEqual(personas)
  })

  it.each([
    { name: 'inbound private transfer is payment evidence', input: { text: '', kind: 'transfer', chat: 'private', direction: 'in' }, kinds: ['payment'] },
    { name: 'a transfer in a group is not a payment to the merchant', input: { text: '', kind: 'transfer', chat: 'group', direction: 'in' }, kinds: [] },
    { name: 'inbound private red envelope is approval', input: { text: '', kind: 'red_envelope', chat: 'private', direction: 'in' }, kinds: ['approval'] },
    { name: "merchant's own messages carry no customer signals", input: { text: '多少钱都行，谢谢', kind: 'text', chat: 'private', direction: 'out' }, kinds: [] },
    { name: "merchant's own transfer is not a payment", input: { text: '', kind: 'transfer', chat: 'private', direction: 'out' }, kinds: [] },
    { name: 'a shared link title is not read for keywords', input: { text: '喜欢的链接', kind: 'url', chat: 'private', direction: 'in' }, kinds: [] },
  ] as Array<{ name: string; input: SignalInput; kinds: string[] }>)('type: $name', ({ input, kinds }) => {
    expect(listSignalKinds(detectSignals(input, cfg))).toEqual(kinds)
  })

  it('excerpt keeps the matched words for reasons', () => {
    expect(detectSignals(inText('太好用了'), cfg).excerpt).toBe('太好用了')
    const long = detectSignals(inText('我跟你说啊昨天晚上回家以后试了一下，真的太好用了，明天再来买两瓶送人'), cfg)
    expect(long.excerpt).toContain('好用')
    expect([...long.excerpt.replace(/…/g, '')].length).toBeLessThanOrEqual(20)
  })

  it('negation window 0 turns negation off', () => {
    expect(listSignalKinds(detectSignals(inText('不喜欢'), { ...cfg, negationWindow: 0 }))).toEqual(['approval'])
  })
})
