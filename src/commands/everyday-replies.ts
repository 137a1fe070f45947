import type { Config } from '../config/schema.js'
import { DAY_MS } from '../shared/clock.js'
import { formatMonthDay } from '../shared/day.js'
import { ACTIVITY_NAMES, tierLabel, tierCode } from '../tiers/ladder.js'
import { formatFen } from './amount.js'
import type { CommandResult, ListEntry } from './results.js'

/*
 * The merchant's text for the everyday views, /handled, note deletion and /undo (the rest is in
 * replies.ts, which calls this).
 */

type Everyday = Extract<CommandResult, { kind: 'list' | 'list_activity' | 'top' | 'orders' | 'chat' | 'handled' | 'note_deleted' | 'undone' | 'nothing_to_undo' }>

/** What a non-text message was, as WeChat itself shows it in a chat list (`[图片]`). */
const KIND_WORDS: Record<string, string> = {
  transfer: '转账', red_envelope: '红包', recalled: '撤回了一条消息', url: '链接', mini_program: '小程序', image: '图片',
  audio: '语音', video: '视频', emoticon: '表情', attachment: '文件', contact_card: '名片', location: '位置',
  chat_history: '聊天记录', post: '朋友圈', group_note: '群公告', channel: '视频号', command: '命令',
}

/** A logged message as one line of /chat: text as written, anything else as its kind (its stored text is often XML). */
function chatText(type: string, text: string | null, erased: number | null): string {
  // A text message older than the retention period without its words: retention erased them; say so.
  if (type === 'text' && text === null && erased !== null) return `[原文超过 ${erased} 天，已按保留期删除]`
  if (type !== 'text' || !text) return `[${KIND_WORDS[type] ?? '消息'}]`
  // One line per message, and a long one cut (code points, so an emoji is never split in half).
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length > CHAT_LINE_MAX ? `${chars.slice(0, CHAT_LINE_MAX).join('')}…` : chars.join('')
}

const CHAT_LINE_MAX = 60

const LIST_TITLES = { silent: '沉默客户（30 天以上没来聊）', dormant: '沉睡客户（很久没来聊，不必追）', lost: '流失客户（已不是好友，不再打标签、改备注）' } as const

export function renderEveryday(result: Everyday, config: Config, now: number, ago: (at: number | null) => string): string {
  const tz = config.timezone
  const lines = (...parts: Array<string | null>) => parts.filter((p): p is string => p !== null && p !== '').join('\n')
  const days = config.retention.messageTextDays
  /** The retention period when a message of `at` is past it (its text erased), else null. */
  const erasedAfter = (at: number) => (days !== null && at < now - days * DAY_MS ? days : null)
  const spend = (e: ListEntry) => (e.spendFen ? ` · 消费 ${formatFen(e.spendFen)}` : '')
  switch (result.kind) {
    case 'list':
      if (result.total === 0) return `${tierLabel(result.tier)} 目前没有客户`
      return lines(
        `${tierLabel(result.tier)} 共 ${result.total} 人${result.total > result.entries.length ? `（显示最近互动的 ${result.entries.length} 人）` : ''}：`,
        ...result.entries.map((e, i) => `${i + 1}. ${e.display} · ${ACTIVITY_NAMES[e.activity]} · ${ago(e.lastSeenAt)}${spend(e)}${e.pinned ? ' · 手动' : ''}`),
      )
    case 'list_activity':
      if (result.total === 0) return `目前没有${ACTIVITY_NAMES[result.activity]}的客户`
      return lines(
        `${LIST_TITLES[result.activity]} 共 ${result.total} 人${result.total > result.entries.length ? `（显示最有价值的 ${result.entries.length} 人）` : ''}：`,
        ...result.entries.map((e, i) => `${i + 1}. ${e.display} · ${e.tier !== undefined ? tierCode(e.tier) : ''} · 最近互动 ${ago(e.lastSeenAt)}${spend(e)}`),
      )
    case 'top':
      // A transfer whose amount is not confirmed yet is a payment but no spend: not "no payment at all".
      if (result.entries.length === 0) return '还没有记下金额的付款。用 /paid 张三 199 记一笔（收到的转账也用它补上金额）'
      return lines(
        `累计消费前 ${result.entries.length} 名：`,
        ...result.entries.map((e, i) => `${i + 1}. ${e.display} · ${formatFen(e.spendFen ?? 0)}（${e.orders ?? 0} 单）${e.tier !== undefined ? ` · ${tierLabel(e.tier)}` : ''}`),
      )
    case 'orders':
      if (result.total === 0) return `${result.contact.display} 还没有付款记录。用 /paid ${result.contact.display} 金额 记一笔`
      return lines(
        `${result.contact.display} 的付款记录（共 ${result.total} 条${result.total > result.orders.length ? `，显示最近 ${result.orders.length} 条` : ''}）：`,
        ...result.orders.map((o) => {
          const amount = o.amountFen === null ? '金额待确认' : formatFen(o.amountFen)
          const what = o.kind === 'refund' ? `退款 ${amount}` : `付款 ${amount}${o.refunded ? '（已退款）' : ''}`
          return `· ${formatMonthDay(o.at, tz)} ${what}${o.note ? ` ${o.note}` : ''}`
        }),
      )
    case 'chat':
      if (result.lines.length === 0) return `${result.contact.display} 还没有聊天记录`
      return lines(
        `${result.contact.display} 最近的消息：`,
        ...result.lines.map((l) => `· ${formatMonthDay(l.at, tz)} ${l.direction === 'in' ? (l.room ? `在群“${l.room}”` : '对方') : '你'}：${chatText(l.type, l.text, erasedAfter(l.at))}`),
      )
    case 'handled':
      return result.had ? `好的，${result.contact.display} 的投诉已标为处理完，日报不再提醒` : `${result.contact.display} 没有待处理的投诉`
    case 'note_deleted':
      return result.text === null
        ? `${result.contact.display} 没有第 ${result.index} 条笔记。发 /notes ${result.contact.display} 看编号`
        : `已删掉 ${result.contact.display} 的第 ${result.index} 条笔记：${result.text}`
    case 'nothing_to_undo':
      return `没有可以撤销的操作（只能撤销 ${result.minutes} 分钟内的 /paid、/refund、/note、手动层级和暂停）`
    case 'undone': {
      const who = result.contact.display
      const w = result.what
      const head = w.kind === 'paid' ? `已撤销：${who} 付款${w.amountFen !== null ? ` ${formatFen(w.amountFen)}` : ''}`
        : w.kind === 'refund' ? `已撤销：${who} 退款${w.amountFen !== null ? ` ${formatFen(w.amountFen)}` : ''}`
          : w.kind === 'note' ? `已撤销：给 ${who} 的笔记“${w.text}”`
            : w.kind === 'pin' ? `已撤销：${who} 的手动层级${w.restored !== null ? `（恢复为手动 ${tierLabel(w.restored)}）` : ''}`
              : `已撤销：${who} 的暂停提醒${w.restoredUntil !== null ? `（恢复到 ${formatMonthDay(w.restoredUntil, tz)}）` : ''}`
      const tier = result.change?.from && result.change.from.tier !== result.change.to.tier
        ? `${who} 回到 ${tierLabel(result.change.to.tier)}`
        : result.state && (w.kind === 'paid' || w.kind === 'refund' || w.kind === 'pin') ? `层级：${tierLabel(result.state.tier)}` : null
      return lines(head, tier)
    }
  }
}
