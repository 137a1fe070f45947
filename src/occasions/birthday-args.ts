import { TRAILING_PUNCTUATION } from '../commands/words.js'
import { readCalendarDate, type YearlyDate } from './calendar-date.js'

/*
 * The words after /birthday (/生日): `张三 3月8日`, `张三 农历八月十五` (also `张三 农历 八月十五`), `张三 删除`,
 * or just `张三` to show it. The date is the last word, so names with spaces work. Pure.
 */

interface Token { text: string; quoted: boolean }

export type BirthdayArgs =
  | { kind: 'ok'; name: string; date?: YearlyDate; clear?: boolean }
  | { kind: 'bad_date'; input: string }
  | { kind: 'usage' }

const CLEAR_WORDS = new Set(['删除', '清除', '取消', 'clear', 'delete'])
// Shaped like a date but not one (13月5日, 农历十三月): refused with the forms, never taken as part of a name.
// 八月十五 without 农历 too: asked which calendar, not looked up as part of the name.
const DATE_SHAPED = /^(?:农历|阴历|旧历)|^\d{1,4}[-/.年月]|^\d{1,2}月|^(?:[一二三四五六七八九]|十[一二]?)月|[日号]$/

export function readBirthdayArgs(args: Token[]): BirthdayArgs {
  const join = (ts: Token[]) => ts.map((t) => t.text).join(' ').trim()
  if (args.length === 0) return { kind: 'usage' }
  // Sentence punctuation typed after the date (`3月8日。`) is not part of it.
  const typed = args[args.length - 1]
  const last = typed.quoted ? typed : { ...typed, text: typed.text.replace(TRAILING_PUNCTUATION, '') || typed.text }
  if (args.length >= 2 && !last.quoted) {
    if (CLEAR_WORDS.has(last.text.toLowerCase())) {
      const name = join(args.slice(0, -1))
      return name ? { kind: 'ok', name, clear: true } : { kind: 'usage' }
    }
    // `农历 八月十五` as two words.
    const prev = args[args.length - 2]
    const twoWords = args.length >= 3 && !prev.quoted && /^(?:农历|阴历|旧历)$/.test(prev.text)
    const text = twoWords ? prev.text + last.text : last.text
    const date = readCalendarDate(text)
    const name = join(args.slice(0, twoWords ? -2 : -1))
    if (date && date.kind !== 'weekday') return name ? { kind: 'ok', name, date } : { kind: 'usage' }
    if (date || twoWords || DATE_SHAPED.test(last.text.normalize('NFKC'))) return { kind: 'bad_date', input: text }
  }
  const name = join(args)
  return name ? { kind: 'ok', name } : { kind: 'usage' }
}
