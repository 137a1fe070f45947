import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { detectSignals, listSignalKinds, type SignalInput } from '../../src/signals/detect.js'

const cfg = DEFAULT_CONFIG.signals
const inText = (text: string): SignalInput => ({ text, kind: 'text', chat: 'private', direction: 'in' })

describe('detectSignals (docs/rules.md §3, §7)', () => {
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
    { name: 'negation reaches across degree words: 不是很喜欢', text: '不是很喜欢', kinds: [] },
    { name: 'negation reaches across 一点也 / 并 / 那么', text: '一点也不喜欢，并不满意，没那么好用', kinds: ['complaint'] },
    { name: '特别 is a degree word, not the negation 别', text: '特别喜欢', kinds: ['approval'] },
    { name: 'negation stops at the first other word: 不贵挺好用', text: '不贵挺好用的', kinds: ['approval'] },
    { name: 'negation stops at a clause break: space', text: '不 真的好用', kinds: ['approval'] },
    { name: 'negation stops at a conjunction: 但是', text: '不喜欢颜色但是很好用', kinds: ['approval'] },
    { name: 'negation stops at an emoji', text: '不太懂😂效果真的好', kinds: ['approval'] },
    { name: 'a problem after a negated verb is still told: 没用两天就坏了', text: '没用两天就坏了', kinds: ['complaint'] },
    { name: 'double negation is a hedge: 不是不喜欢', text: '不是不喜欢', kinds: [] },
    { name: 'negated function word is a complaint: 不太好用', text: '不太好用', kinds: ['complaint'] },
    { name: 'a slot keyword: 效果真的很好', text: '效果真的很好', kinds: ['approval'] },
    { name: 'a quality question is buying intent, not approval: 好用吗', text: '好用吗', kinds: ['intent'] },
    { name: 'question mark after an emoji: 喜欢吗😊？', text: '喜欢吗😊？', kinds: ['intent'] },
    { name: 'A-not-A question: 是不是很好用', text: '是不是很好用', kinds: ['intent'] },
    { name: 'a negated word said twice is no A-not-A: 不错不错', text: '不错不错👍', kinds: ['approval'] },
    { name: 'a complaint word in a question is no complaint: 会过敏吗', text: '会过敏吗', kinds: ['intent'] },
    { name: 'a worry is no complaint: 怕过敏', text: '怕过敏', kinds: ['intent'] },
    { name: 'a why-question presupposes the problem: 怎么会过敏', text: '怎么会过敏？', kinds: ['complaint'] },
    { name: 'an exclamation is praise: 怎么这么好用', text: '怎么这么好用啊', kinds: ['approval'] },
    { name: 'the question belongs to the nearest keyword: 很好用还有货吗', text: '很好用还有货吗', kinds: ['intent', 'approval'] },
    { name: 'a question answered in the message is the answer', text: '好用吗？我觉得很好用', kinds: ['approval'] },
    { name: 'a negated buying question still asks: 没有优惠吗', text: '没有优惠吗', kinds: ['intent'] },
    { name: 'a condition is no verdict: 喜欢的话', text: '喜欢的话再找你', kinds: [] },
    { name: 'courtesy in a polite no: 谢谢，不用了', text: '谢谢，不用了', kinds: [] },
    { name: 'a complaint with a question about a refund stays a complaint', text: '用了过敏，可以退款吗', kinds: ['complaint'] },
    { name: 'a buying question for a friend is a referral', text: '我表妹也想买', kinds: ['intent', 'referral'] },
    { name: '推荐给我 asks for a recommendation', text: '能推荐给我一款吗', kinds: ['intent'] },
  ])('reading (docs/rules.md §7): $name', ({ text, kinds }) => {
    expect(listSignalKinds(detectSignals(inText(text), cfg))).toEqual(kinds)
  })

  it('keeps the words that counted, per signal', () => {
    const s = detectSignals(inText('上次买的很好用，再来两盒，多少钱'), cfg)
    expect(s.quotes).toEqual({ approval: '上次买的很好用', intent: '再来两盒' })
    expect(s.excerpt).toBe('上次买的很好用')
  })

  it.each([
    { text: '不是很喜欢', discounted: [{ signal: 'approval', quote: '不是很喜欢', as: 'negated' }] },
    { text: '真的有效果吗', discounted: [{ signal: 'approval', quote: '真的有效果吗', as: 'asked' }] },
    { text: '会过敏吗', discounted: [{ signal: 'complaint', quote: '会过敏吗', as: 'asked' }] },
    { text: '好用吗？我觉得很好用', discounted: [] },
    { text: '盒子坏了，效果好吗', discounted: [{ signal: 'approval', quote: '效果好吗', as: 'question' }] },
    { text: '谢谢，不用了', discounted: [{ signal: 'approval', quote: '谢谢', as: 'declined' }] },
    { text: '不喜欢颜色但是很好用', discounted: [] },
    { text: '好用个屁', discounted: [{ signal: 'approval', quote: '好用个屁', as: 'ironic' }] },
    { text: '会过敏才怪', discounted: [{ signal: 'complaint', quote: '会过敏才怪', as: 'ironic' }] },
    { text: '质量真好，穿一次就坏了', discounted: [{ signal: 'approval', quote: '质量真好', as: 'outweighed' }] },
  ])('shows the reading of a keyword that did not count: $text', ({ text, discounted }) => {
    expect(detectSignals(inText(text), cfg).discounted).toEqual(discounted)
  })

  // A quoted reply (引用) as the web and PC protocols deliver it: the quoted message, a line of dashes, the new words.
  const quoted = (who: string, was: string, now: string) => `「${who}：${was}」\n- - - - - - - - - - - - - - -\n${now}`
  it.each([
    { name: 'quoting her own price question and saying 好的 asks nothing now', text: quoted('张三', '这个多少钱？', '好的'), kinds: [] },
    { name: "quoting the merchant's 喜欢吗 is not the customer's approval", text: quoted('小美', '喜欢吗', '收到'), kinds: [] },
    { name: 'the new words still count', text: quoted('小美', '这款是新品', '多少钱'), kinds: ['intent'] },
    { name: 'a complaint typed under a quoted praise is the complaint', text: quoted('小美', '大家都说好用', '我用了过敏'), kinds: ['complaint'] },
    { name: 'corner brackets without the dashes are the customer’s own words', text: '「太好用了」朋友都这么说', kinds: ['approval'] },
  ])('quoted text (docs/rules.md §7): $name', ({ text, kinds }) => {
    expect(listSignalKinds(detectSignals(inText(text), cfg))).toEqual(kinds)
  })

  it('a quoted reply is quoted by its new words only', () => {
    expect(detectSignals(inText(quoted('小美', '喜欢吗', '很喜欢')), cfg).quotes).toEqual({ approval: '很喜欢' })
  })

  it('a quality question counts as nothing when qualityQuestionIsIntent is off', () => {
    expect(listSignalKinds(detectSignals(inText('好用吗'), { ...cfg, qualityQuestionIsIntent: false }))).toEqual([])
  })

  it('configured keywords with a slot and degree words', () => {
    const custom = { ...cfg, approval: ['颜值*高'], degreeWords: ['很', '超'] }
    expect(listSignalKinds(detectSignals(inText('颜值超高'), custom))).toEqual(['approval'])
    expect(listSignalKinds(detectSignals(inText('颜值不很高'), custom))).toEqual([])
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
