import type { Config } from '../config/schema.js'
import { formatAgo } from '../commands/replies.js'
import type { ContactRef } from '../commands/resolve.js'
import { formatMonthDay } from '../shared/day.js'
import { ACTIVITY_NAMES } from '../tiers/ladder.js'
import { formatYuan } from '../tiers/format.js'
import { viewWordLabel } from './command-words.js'
import type { ViewsResult } from './command-results.js'
import { describeLifecycle } from './lifecycle.js'
import type { ContactViews } from './service.js'

/*
 * The views' Chinese text. The one line /tier and /why show is fixed wording so merchants and scripts
 * can rely on it: `生命周期：老客 · 意向：高 · 价值：A`.
 */

export function viewsLine(v: ContactViews): string {
  return `生命周期：${v.lifecycle.stage} · 意向：${v.intent.band} · 价值：${v.value.cls}`
}

// A red envelope has no words to quote: its label says what happened (not 发红包“红包”).
const RED_ENVELOPE = '发红包'

/** /why: the line, then what each view rests on. */
export function viewsWhyLines(v: ContactViews, config: Config): string[] {
  const tz = config.timezone
  const out = [viewsLine(v)]
  if (v.lifecycle.sleep || v.lifecycle.complaintSleeper) out.push(`· 生命周期：${describeLifecycle(v.lifecycle)}`)
  const top = v.intent.top.filter((c) => c.now >= 0.5)
  out.push(`· 意向 ${Math.round(v.intent.score)} 分${top.length > 0 ? `：${top.map((c) => `${formatMonthDay(c.at, tz)} ${c.label}${c.text && c.label !== RED_ENVELOPE ? `“${c.text}”` : ''}`).join('；')}` : ''}`)
  out.push(`· 价值 ${v.value.cls}：${v.value.reason}`)
  return out
}

function lines(...parts: Array<string | null | undefined>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n')
}

const SOURCES: Record<string, string> = { card: '名片', greeting: '打招呼', command: '手动' }

function quoted(c: ContactRef): string {
  return /\s/.test(c.display) ? `"${c.display}"` : c.display
}

export function renderViewsResult(result: ViewsResult, config: Config, now: number): string {
  const tz = config.timezone
  switch (result.kind) {
    case 'viewList': {
      const label = viewWordLabel(result.view)
      if (result.total === 0) return `${label} 目前没有客户（名单随聊天和付款随时更新${result.view.kind === 'intent' && result.view.band === '高' ? '；发 /list 中意向 看稍冷一些的' : ''}）`
      return lines(
        `${label} 共 ${result.total} 人${result.total > result.entries.length ? `（显示最近互动的 ${result.entries.length} 人）` : ''}：`,
        ...result.entries.map((e, i) => `${i + 1}. ${e.display} · ${ACTIVITY_NAMES[e.activity]} · ${formatAgo(e.lastSeenAt, now, tz)}`),
      )
    }
    case 'referred':
      switch (result.outcome) {
        case 'self': return `${result.contact.display} 不能推荐自己，请写上介绍人的名字：/ref 新朋友 老客户`
        case 'cycle': return `没有记录：${result.referrer.display} 是 ${result.contact.display}${(result.hops ?? 1) > 1 ? ' 的朋友' : ''} 介绍来的，不能再记成 ${result.referrer.display} 介绍了 ${result.contact.display}。记错了的话，先发 /ref ${quoted(result.referrer)} 正确的介绍人`
        case 'same': return `已经记着了：${result.contact.display} 是 ${result.referrer.display} 介绍来的`
        case 'changed': return `好的，改为 ${result.referrer.display} 介绍了 ${result.contact.display}。发 /refs ${quoted(result.referrer)} 看 TA 介绍的朋友`
        case 'recorded': return `好的，记下了：${result.referrer.display} 介绍了 ${result.contact.display}。发 /refs ${quoted(result.referrer)} 看 TA 介绍的朋友`
      }
      break
    case 'refs': {
      if (result.entries.length === 0) return `还没有记录 ${result.contact.display} 介绍的朋友。知道的话可以发 /ref 新朋友 ${quoted(result.contact)}`
      const bought = result.entries.filter((e) => e.orders > 0)
      const spend = bought.reduce((sum, e) => sum + e.spendFen, 0)
      return lines(
        `${result.contact.display} 介绍了 ${result.entries.length} 位朋友${bought.length > 0 ? `，${bought.length} 位已下单，共 ${formatYuan(spend)}` : ''}：`,
        ...result.entries.map((e, i) => `${i + 1}. ${e.display}（${formatMonthDay(e.at, tz)} ${SOURCES[e.source] ?? e.source}）${e.orders > 0 ? `买了 ${e.orders} 单${e.spendFen > 0 ? ` ${formatYuan(e.spendFen)}` : '（金额待确认）'}` : '还没下单'}`),
      )
    }
    case 'points':
      return lines(
        result.delta !== undefined
          ? `好的，${result.contact.display} ${result.delta > 0 ? '+' : ''}${result.delta} 分${result.reason ? `（${result.reason}）` : ''}，现在共 ${result.balance} 分`
          : `${result.contact.display} 现有 ${result.balance} 分`,
        result.balance < 0 ? '（积分已是负数）' : null,
        result.history.length > 0 ? `最近：${result.history.map((h) => `${formatMonthDay(h.at, tz)} ${h.delta > 0 ? '+' : ''}${h.delta} ${h.reason}`).join('；')}` : null,
      )
    case 'pointsShort':
      return `${result.contact.display} 只有 ${result.balance} 分，扣 ${-result.delta} 分会变成负数，没有扣。确实要扣，请在最后加“透支”：/points ${quoted(result.contact)} ${result.delta} 兑换 透支`
    case 'pointsOff':
      return '积分没有开启。需要的话在配置里打开 views.points.enabled'
  }
  return ''
}
