import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/commands/parse.js'
import { findBirthdayInNote } from '../../src/occasions/birthday-note.js'
import { createShopDb } from '../commands/seed.js'
import { makeCommands } from '../commands/harness.js'

/* /birthday (/生日) and the birthday offered from a note. The shop's clock: 2026-05-20 10:00 Beijing. */

const parse = (text: string) => parseCommand(text, { maxAmountYuan: 100_000 })
const setup = () => {
  const shop = createShopDb()
  return { shop, bot: makeCommands(shop) }
}

describe('/生日: parsing', () => {
  it.each([
    { text: '/birthday 李四 3月8日', want: { kind: 'birthday', name: '李四', date: { kind: 'solar', month: 3, day: 8 } } },
    { text: '/生日 李四 农历八月十五', want: { kind: 'birthday', name: '李四', date: { kind: 'lunar', month: 8, day: 15, leap: false } } },
    { text: '/生日 张三 宝妈 农历 八月十五', want: { kind: 'birthday', name: '张三 宝妈', date: { kind: 'lunar', month: 8, day: 15, leap: false } } },
    { text: '/生日李四 1990-03-08', want: { kind: 'birthday', name: '李四', date: { kind: 'solar', month: 3, day: 8 } } },
    { text: '/生日 李四', want: { kind: 'birthday', name: '李四' } },
    { text: '/生日 李四 删除', want: { kind: 'birthday', name: '李四', clear: true } },
    { text: '/生日 李四 13月5日', want: { kind: 'invalid', reason: { code: 'birthday', input: '13月5日' } } },
    { text: '/生日 李四 5月第2个周日', want: { kind: 'invalid', reason: { code: 'birthday', input: '5月第2个周日' } } },
    { text: '/生日', want: { kind: 'invalid', reason: { code: 'usage', command: 'birthday' } } },
  ])('$text', ({ text, want }) => expect(parse(text)).toEqual(want))
})

describe('/生日: what the merchant reads', () => {
  it('set, shown in /tier, shown alone, deleted', async () => {
    const { bot } = setup()
    expect(await bot.say('/生日 李四 5月25日')).toBe('好的，记下 李四 的生日：5月25日（还有 5 天）。快到时会写进早上的日报')
    expect(await bot.say('/tier 李四')).toContain('\n生日：5月25日（还有 5 天）\n')
    expect(await bot.say('/birthday 李四')).toBe('李四 的生日：5月25日（还有 5 天）')
    expect(await bot.say('/生日 李四 删除')).toBe('好的，已删掉 李四 的生日（5月25日）')
    expect(await bot.say('/生日 李四')).toBe('还没记 李四 的生日。发“/生日 李四 3月8日”记下（农历也行：农历八月十五）')
    expect(await bot.say('/tier 李四')).not.toContain('生日')
  })

  it('a lunar birthday says when it falls this year; today says so', async () => {
    const { bot } = setup()
    expect(await bot.say('/生日 李四 农历八月十五')).toBe('好的，记下 李四 的生日：农历八月十五（下一次 9月25日，还有 128 天）。快到时会写进早上的日报')
    expect(await bot.say('/生日 李四 5月20日')).toMatch(/^好的，记下 李四 的生日：5月20日（就是今天 🎂），原来记的 农历八月十五 已改掉/)
  })

  it('29 Feb: kept as written, next one on 28 Feb in a common year', async () => {
    const { bot } = setup()
    expect(await bot.say('/生日 李四 2月29日')).toBe('好的，记下 李四 的生日：2月29日（下一次 2月28日，还有 284 天）。快到时会写进早上的日报')
  })

  it('an unreadable date is refused with the forms, nothing kept', async () => {
    const { bot } = setup()
    expect(await bot.say('/生日 李四 13月5日')).toBe('看不懂生日“13月5日”。可以写 3月8日、3/8、农历八月十五、农历正月初一。用法：/birthday 张三 3月8日')
    expect(await bot.say('/生日 李四')).toMatch(/^还没记 李四 的生日/)
  })
})

describe('/生日: correcting, and dates that are not there', () => {
  it('a different date says what it was and what it is now; the same date again changes nothing', async () => {
    const { bot } = setup()
    expect(await bot.say('/help 生日')).toContain('记错了再发一次新日期就改')
    await bot.say('/生日 李四 3月8日')
    expect(await bot.say('/生日 李四 3月9日')).toBe('好的，记下 李四 的生日：3月9日（还有 293 天），原来记的 3月8日 已改掉。快到时会写进早上的日报')
    expect(await bot.say('/生日 李四 3月9日')).toBe('好的，记下 李四 的生日：3月9日（还有 293 天），和原来记的一样。快到时会写进早上的日报')
    expect(await bot.say('/生日 李四 农历八月十五')).toBe('好的，记下 李四 的生日：农历八月十五（下一次 9月25日，还有 128 天），原来记的 3月9日 已改掉。快到时会写进早上的日报')
  })

  it.each([
    { date: '1990年2月29日', want: '看不懂生日“1990年2月29日”：1990年不是闰年，没有 2月29日。请核对后再发，如 /生日 张三 2月28日' },
    { date: '1990-02-29', want: '看不懂生日“1990-02-29”：1990年不是闰年，没有 2月29日。请核对后再发，如 /生日 张三 2月28日' },
    { date: '2月30日', want: '看不懂生日“2月30日”：2月没有 30 日。请核对后再发，如 /生日 张三 2月28日' },
    { date: '4月31日', want: '看不懂生日“4月31日”：4月没有 31 日。请核对后再发，如 /生日 张三 4月30日' },
  ])('$date: says which day does not exist and keeps nothing', async ({ date, want }) => {
    const { bot } = setup()
    expect(await bot.say(`/生日 李四 ${date}`)).toBe(want)
    expect(await bot.say('/生日 李四')).toMatch(/^还没记 李四 的生日/)
  })

  it('八月十五 without 农历: asks which calendar instead of looking for a person called “李四 八月十五”', async () => {
    const { bot } = setup()
    expect(await bot.say('/生日 李四 八月十五')).toBe('看不懂生日“八月十五”：是农历还是公历？农历发 /生日 张三 农历八月十五，公历发 /生日 张三 8月15日')
    expect(await bot.say('/生日 李四 正月初一')).toBe('好的，记下 李四 的生日：农历正月初一（下一次 2月6日，还有 262 天）。快到时会写进早上的日报')
  })
})

describe('/生日 for one of several 张三', () => {
  it('the command it suggests names the id, not the shared name in quotes', async () => {
    const { bot } = setup()
    await bot.say('/生日 张三')
    expect(await bot.say('3')).toBe('还没记 张三（ID wxid_zs2） 的生日。发“/生日 wxid_zs2 3月8日”记下（农历也行：农历八月十五）')
    expect(await bot.say('/note wxid_zs2 生日 3月9日')).toContain('记成生日吗？回复 /生日 wxid_zs2 3月9日')
  })
})

describe('a birthday in a note is offered, never taken silently', () => {
  it('the note is kept and the reply offers the command', async () => {
    const { bot } = setup()
    expect(await bot.say('/note 李四 生日 3月8日，喜欢玫瑰')).toBe('已记下 李四 的笔记（共 1 条）\n记成生日吗？回复 /生日 李四 3月8日')
    expect(await bot.say('/生日 李四')).toMatch(/^还没记 李四 的生日/)
  })

  it('no offer when that birthday is already kept', async () => {
    const { bot } = setup()
    await bot.say('/生日 李四 3月8日')
    expect(await bot.say('/note 李四 生日 3月8日')).toBe('已记下 李四 的笔记（共 1 条）')
  })

  it.each([
    { note: '生日 3月8日', want: { kind: 'solar', month: 3, day: 8 } },
    { note: '3月8号生日，记得送花', want: { kind: 'solar', month: 3, day: 8 } },
    { note: '她的生日是农历八月十五', want: { kind: 'lunar', month: 8, day: 15, leap: false } },
    { note: '生日：1992年2月29日', want: { kind: 'solar', month: 2, day: 29 } },
    { note: '生日：1990年2月29日（没有这一天）', want: null },
    { note: '孩子生日 6月1日', want: null },
    { note: '老公的生日是3月8日', want: null },
    { note: '3月8日要发货', want: null },
    { note: '生日3月8日还是3月9日？', want: null },
    { note: '生日快乐', want: null },
  ])('$note', ({ note, want }) => expect(findBirthdayInNote(note)).toEqual(want))
})
