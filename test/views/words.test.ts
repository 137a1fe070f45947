import { describe, expect, it } from 'vitest'
import { parsePointsArgs, parseViewWord } from '../../src/views/command-words.js'
import { isQuestion, readReferrerName } from '../../src/views/words.js'
import { isReplenishDue, medianGapDays, replenishDue } from '../../src/views/rhythm.js'
import { tokenize } from '../../src/commands/parse.js'

const DAY = 86_400_000
const T = Date.parse('2026-06-17T10:00:00+08:00')

describe('a question weighs more than chat (seed 003: 提问)', () => {
  it.each([
    { text: '这个适合敏感肌吗', question: true },
    { text: '怎么用', question: true },
    { text: '敏感肌能用？', question: true },
    { text: '孕妇可不可以用', question: true },
    { text: '好的谢谢', question: false },
    { text: '今天下雨了', question: false },
    { text: '嗯', question: false },
  ])('$text → $question', ({ text, question }) => expect(isQuestion(text)).toBe(question))
})

describe('a greeting names who brought the new friend (seed 001: 推荐)', () => {
  it.each([
    { hello: '我是张三介绍的', name: '张三' },
    { hello: '你好，我是王芳介绍来的', name: '王芳' },
    { hello: '经李姐介绍，想了解一下面霜', name: '李姐' },
    { hello: '小美推荐我来的', name: '小美' },
    { hello: '我是你朋友张三介绍的', name: '张三' },
    { hello: '你好', name: null },
    { hello: '', name: null },
    { hello: '我想了解一下', name: null },
  ])('$hello → $name', ({ hello, name }) => expect(readReferrerName(hello)).toBe(name))
})

describe('老客该复购了: the customer\'s own buying rhythm, else the shop\'s replenish days', () => {
  it('median gap of their orders', () => expect(medianGapDays([T, T + 20 * DAY, T + 50 * DAY, T + 70 * DAY])).toBe(20))
  it('one order has no rhythm of its own', () => expect(medianGapDays([T])).toBeNull())
  it('two orders on one day are one purchase', () => expect(medianGapDays([T, T + 3_600_000])).toBe(1))
  it.each([
    { name: 'every 20 days, last 20 days ago → due', orders: [T - 60 * DAY, T - 40 * DAY, T - 20 * DAY], due: true, own: true },
    { name: 'every 20 days, last 10 days ago → not yet', orders: [T - 50 * DAY, T - 30 * DAY, T - 10 * DAY], due: false, own: true },
    { name: 'every 20 days, last 45 days ago → a wake-up, not a replenish', orders: [T - 85 * DAY, T - 65 * DAY, T - 45 * DAY], due: false, own: true },
    { name: 'one order 30 days ago → the configured 30 days', orders: [T - 30 * DAY], due: true, own: false },
  ])('$name', ({ orders, due, own }) => {
    const d = replenishDue(orders, 30)!
    expect(d.own).toBe(own)
    expect(isReplenishDue(d, T)).toBe(due)
  })
})

describe('/list words and /points arguments', () => {
  it.each([
    { input: '老客', view: { kind: 'stage', stage: '老客' } },
    { input: '潜在客户', view: { kind: 'stage', stage: '潜在' } },
    { input: '高意向', view: { kind: 'intent', band: '高' } },
    { input: 'A类', view: { kind: 'value', cls: 'A' } },
    { input: 'b类', view: { kind: 'value', cls: 'B' } },
    { input: 'C', view: { kind: 'value', cls: 'C' } },
    { input: '大客户', view: null },
  ])('/list $input', ({ input, view }) => expect(parseViewWord(input)).toEqual(view))

  it.each([
    { args: '张三', r: { name: '张三' } },
    { args: '张三 +50 生日礼', r: { name: '张三', delta: 50, reason: '生日礼' } },
    { args: '张三 -50 兑换', r: { name: '张三', delta: -50, reason: '兑换' } },
    { args: '张三 -50 兑换 透支', r: { name: '张三', delta: -50, reason: '兑换', overdraw: true } },
    { args: '张 三 +5', r: { name: '张 三', delta: 5 } },
    { args: '张三 +abc', r: { bad: '+abc' } },
    { args: '张三 +0', r: { bad: '+0' } },
    { args: '', r: null },
  ])('/points $args', ({ args, r }) => expect(parsePointsArgs(tokenize(args))).toEqual(r))
})

describe('views settings', () => {
  it('defaults are the seeds\' numbers; points are off', async () => {
    const { DEFAULT_CONFIG } = await import('../../src/config/schema.js')
    expect(DEFAULT_CONFIG.views.intent).toEqual({ weights: { group: 1, private: 2, approval: 3, question: 5, buying: 8, redEnvelope: 5 }, halfLifeDays: 14, highAt: 20, mediumAt: 6 })
    expect(DEFAULT_CONFIG.views.lifecycle.loyalOrders).toBe(10)
    expect(DEFAULT_CONFIG.views.points.enabled).toBe(false)
  })
  it('a bad value names its path', async () => {
    const { parseConfig } = await import('../../src/config/load.js')
    expect(() => parseConfig({ views: { intent: { halfLifeDays: 0 } } })).toThrow(/views\.intent\.halfLifeDays/)
    expect(() => parseConfig({ views: { points: { perReferral: -1 } } })).toThrow(/views\.points\.perReferral/)
  })
})
