import { readCalendarDate, type YearlyDate } from './calendar-date.js'

/*
 * A note the merchant keeps ("生日 3月8日", "3月8号生日", "生日是农历八月十五") may hold the customer's birthday.
 * tierbot offers it ("记成生日吗？") and never takes it silently. Only a clear one: a single date next to 生日,
 * and not someone else's (孩子生日 / 老公的生日 are the family's, a fine reason to note, not the customer's). Pure.
 */

const DATES = new RegExp([
  '(?:农历|阴历)闰?[正一二三四五六七八九十冬腊\\d]{1,2}月[初十廿二三一四五六七八九\\d]{1,3}',
  '(?:\\d{4}[年\\-/.])?\\d{1,2}月\\d{1,2}[日号]?',
  '\\d{1,2}/\\d{1,2}',
].join('|'), 'g')
const BIRTHDAY_WORD = /生日|过生|生辰/g
const SOMEONE_ELSE = /(?:宝宝|孩子|儿子|女儿|老公|老婆|爱人|妈妈|爸爸|婆婆|公公|闺蜜|朋友|娃|妈|爸)的?$/
const NEAR = 6

export function findBirthdayInNote(text: string): YearlyDate | null {
  const t = text.normalize('NFKC')
  const words = [...t.matchAll(BIRTHDAY_WORD)].filter((w) => !SOMEONE_ELSE.test(t.slice(Math.max(0, w.index - 4), w.index)))
  if (words.length === 0) return null
  const found: Array<YearlyDate> = []
  for (const m of t.matchAll(DATES)) {
    const start = m.index
    const end = start + m[0].length
    const near = words.some((w) => (w.index >= end && w.index - end <= NEAR) || (w.index + w[0].length <= start && start - (w.index + w[0].length) <= NEAR))
    if (!near) continue
    const date = readCalendarDate(m[0])
    if (date && date.kind !== 'weekday') found.push(date)
  }
  // Two different dates by 生日 ("生日 3月8日还是3月9日?") are not clear.
  const distinct = new Set(found.map((d) => JSON.stringify(d)))
  return distinct.size === 1 ? found[0] : null
}
