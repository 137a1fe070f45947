import type { BirthdayInfo } from '../commands/results.js'
import type { ContactRef } from '../commands/resolve.js'
import { explainNotADate, formatCalendarDate, type YearlyDate } from './calendar-date.js'

/* The merchant's text for birthdays (/生日, the /tier line, the offer after a note). */

/** '3月8日（还有 5 天）', '农历八月十五（下一次 9月25日，还有 12 天）', '3月8日（就是今天 🎂）'. */
export function birthdayWithNext(date: YearlyDate, next: BirthdayInfo['next']): string {
  const moved = date.kind === 'lunar' || next.date.month !== date.month || next.date.day !== date.day
  const when = next.daysAhead === 0 ? '就是今天 🎂' : `${moved ? `下一次 ${next.date.month}月${next.date.day}日，` : ''}还有 ${next.daysAhead} 天`
  return `${formatCalendarDate(date)}（${when}）`
}

/** `name`: what the command names the contact by (the display, or the id when others share it). */
export function birthdayCommand(name: string, date: YearlyDate): string {
  return `/生日 ${/\s/.test(name) ? `"${name}"` : name} ${formatCalendarDate(date)}`
}

export function renderBirthday(r: {
  action: 'set' | 'show' | 'cleared'; contact: ContactRef; birthday: YearlyDate | null; next: BirthdayInfo['next'] | null
  /** For `set`: the birthday kept before this command, if any. */
  before?: YearlyDate | null
  /** What a suggested command names the contact by (default: the display). */
  commandName?: string
}): string {
  const who = r.contact.display
  if (r.action === 'set' && r.before && r.birthday && r.next) {
    const same = formatCalendarDate(r.before) === formatCalendarDate(r.birthday)
    const was = same ? '，和原来记的一样' : `，原来记的 ${formatCalendarDate(r.before)} 已改掉`
    return `好的，记下 ${who} 的生日：${birthdayWithNext(r.birthday, r.next)}${was}。快到时会写进早上的日报`
  }
  switch (r.action) {
    case 'set':
    case 'show':
      if (!r.birthday || !r.next) return `还没记 ${who} 的生日。发“${birthdayCommand(r.commandName ?? r.contact.display, { kind: 'solar', month: 3, day: 8 })}”记下（农历也行：农历八月十五）`
      return r.action === 'set'
        ? `好的，记下 ${who} 的生日：${birthdayWithNext(r.birthday, r.next)}。快到时会写进早上的日报`
        : `${who} 的生日：${birthdayWithNext(r.birthday, r.next)}`
    case 'cleared':
      return r.birthday ? `好的，已删掉 ${who} 的生日（${formatCalendarDate(r.birthday)}）` : `${who} 本来就没有记生日`
    default: {
      const exhaustive: never = r.action
      return exhaustive
    }
  }
}

/** After /note: the offer to keep a birthday found in the note. */
export function birthdayOffer(name: string, date: YearlyDate): string {
  return `记成生日吗？回复 ${birthdayCommand(name, date)}`
}

const LAST_DAY = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function birthdayDateRefusal(input: string): string {
  const why = explainNotADate(input)
  if (why?.kind === 'no_such_day') {
    const example = `如 /生日 张三 ${why.month}月${LAST_DAY[why.month - 1]}日`
    return why.year !== undefined
      ? `看不懂生日“${input}”：${why.year}年不是闰年，没有 2月29日。请核对后再发，${example}`
      : `看不懂生日“${input}”：${why.month}月没有 ${why.day} 日。请核对后再发，${example}`
  }
  if (why?.kind === 'which_calendar') {
    const lunar = formatCalendarDate({ kind: 'lunar', month: why.month, day: why.day, leap: false })
    return `看不懂生日“${input}”：是农历还是公历？农历发 /生日 张三 ${lunar}，公历发 /生日 张三 ${why.month}月${why.day}日`
  }
  return `看不懂生日“${input}”。可以写 3月8日、3/8、农历八月十五、农历正月初一。用法：/birthday 张三 3月8日`
}
