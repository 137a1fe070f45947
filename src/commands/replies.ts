import type { Config } from '../config/schema.js'
import { formatMonthDay, localDaysBetween } from '../shared/day.js'
import { shortenText } from '../shared/graphemes.js'
import { formatDaySince } from '../tiers/format.js'
import { birthdayDateRefusal, birthdayOffer, birthdayWithNext, renderBirthday } from '../occasions/replies.js'
import type { TierChange, TierState } from '../tiers/api.js'
import { ACTIVITY_NAMES, TIER_GOALS, TIERS, tierCode, tierLabel, type Tier } from '../tiers/ladder.js'
import { formatFen } from './amount.js'
import type { AmountProblem } from './amount.js'
import { normalizeCommandText, type InvalidReason } from './parse.js'
import type { Candidate, ContactRef } from './resolve.js'
import type { CommandResult, HistoryEntry, OfflineSummary, SyncHealthInfo } from './results.js'
import { COMMANDS, specOf, type CommandName } from './words.js'
import { renderEveryday } from './everyday-replies.js'
import { renderViewsResult, viewsLine, viewsWhyLines } from '../views/replies.js'

/*
 * The ONE place that turns command results into the merchant's text: short Chinese, one message,
 * tiers always as code + name (`L4 信任我的人`). A reply never starts with `/`, so the bot's own
 * answer in the control room can never be read back as a command.
 */

export const APOLOGY = '抱歉，出错了，请稍后再试'
/** After a read-only command that takes nothing, sent with words (`/stats 今天`): it ran, the words were not used. */
export function ignoredWordsHint(command: CommandName, input: string): string {
  return `（“${input}”用不上，已按 ${specOf(command).usage} 执行）`
}

/** After the help a merchant asked for without the slash (`帮助`). */
export const BARE_HELP_HINT = '（命令要以 / 开头，如 /help；不带 / 的话我只在今天第一次回答）'

/** A lost (流失) customer is no longer a friend (either side ended it; the 活跃度 line says which): no rung goal to chase. */
/** A name typed back to the merchant is shown up to this many characters (a 400-character name is noise). */
const QUOTED_MAX = 20

const LOST_NEXT_STEP = '已不是好友，不再打标签、改备注；重新加回后自动恢复'

export function renderReply(result: CommandResult, config: Config, now: number): string {
  return guardStart(renderText(result, config, now))
}

function renderText(result: CommandResult, config: Config, now: number): string {
  const tz = config.timezone
  const ago = (at: number | null) => formatAgo(at, now, tz)
  switch (result.kind) {
    case 'tier': {
      const s = result.state
      return lines(
        `${who(result.contact)}：${tierLine(s)}`,
        result.views ? viewsLine(result.views) : null,
        `活跃度：${activityText(s)}，最近互动 ${ago(result.lastInboundAt)}`,
        result.birthday ? `生日：${birthdayWithNext(result.birthday.date, result.birthday.next)}` : null,
        evidenceOf(s).length > 0 ? `依据：${evidenceOf(s).slice(0, 3).map((r) => r.text).join('；')}` : null,
        `下一步：${s?.activity === 'lost' ? LOST_NEXT_STEP : TIER_GOALS[s?.tier ?? 0]}`,
      )
    }
    case 'pinned':
      if (result.tier === null) {
        return result.before === null
          ? `${result.contact.display} 本来就是按记录自动定级：${tierLabel(result.state?.tier ?? 0)}，不用取消`
          : `好的，${result.contact.display} 已取消手动层级，按记录是 ${tierLabel(result.state?.tier ?? 0)}`
      }
      return lines(
        result.before === result.tier ? `${result.contact.display} 已经是手动设定的 ${tierLabel(result.tier)}` : `好的，${result.contact.display} 手动设为 ${tierLabel(result.tier)}`,
        result.state && result.state.evidenceTier !== result.tier ? `（按记录是 ${tierLabel(result.state.evidenceTier)}；发 /tier ${quoteName(result.contact)} auto 可取消）` : null,
      )
    case 'why': {
      const s = result.state
      return lines(
        `${who(result.contact)}：${tierLine(s)}`,
        ...(result.views ? viewsWhyLines(result.views, config) : []),
        evidenceOf(s).length > 0 ? `依据：\n${evidenceOf(s).map((r) => `· ${r.text}`).join('\n')}` : '依据：还没有互动记录',
        result.history.length > 0 ? `最近变化：\n${result.history.map((h) => `· ${formatMonthDay(h.at, tz)} ${historyStep(h)}${h.fromTier === null ? '' : `（${causeName(h.cause)}）`}`).join('\n')}` : null,
      )
    }
    case 'paid':
      return lines(
        result.paidAt !== undefined
          ? `已记录 ${formatDaySince(result.paidAt, tz, now)} ${result.contact.display} 付款 ${formatFen(result.amountFen)}${result.note ? `（${result.note}）` : ''}`
          : `已记录：${result.contact.display} 付款 ${formatFen(result.amountFen)}${result.note ? `（${result.note}）` : ''}`,
        changeLine(result.contact, result.change, result.state),
      )
    case 'refunded':
      return lines(
        `已记录${result.refundedAt !== undefined ? ` ${formatDaySince(result.refundedAt, tz, now)} ` : '：'}${result.contact.display} 退款 ${formatFen(result.amountFen)}${result.cancelled ? '，对应的付款已作废' : '（部分退款：付款仍算数，累计消费相应减少）'}`,
        changeLine(result.contact, result.change, result.state),
      )
    case 'refund_refused':
      switch (result.reason) {
        case 'no_payment': return `没有记录退款：${result.contact.display} 还没有可退的付款。先用 /paid ${quoteName(result.contact)} 金额 记下付款`
        case 'exceeds_open': return result.asOf === undefined
          ? `没有记录退款：${result.contact.display} 可退的付款共 ${formatFen(result.openFen)}，退 ${formatFen(result.amountFen)} 超过了，请核对金额`
          : `没有记录退款：${result.contact.display} 到 ${formatDaySince(result.asOf, tz, now)} 为止可退的付款共 ${formatFen(result.openFen)}，退 ${formatFen(result.amountFen)} 超过了，请核对金额或日期`
        case 'before_payment': return `没有记录退款：${result.contact.display} 的付款记在 ${formatDaySince(result.paidAt ?? now, tz, now)}，退款不能早于付款，请核对日期（不写日期就记在今天）`
      }
      break
    case 'noted':
      return lines(
        `已记下 ${result.contact.display} 的笔记（共 ${result.total} 条）`,
        result.birthdayHint ? birthdayOffer(result.commandName ?? result.contact.display, result.birthdayHint) : null,
      )
    case 'birthday':
      return renderBirthday(result)
    case 'notes':
      if (result.total === 0) return `${result.contact.display} 还没有笔记。用 /note ${quoteName(result.contact)} 内容 来记一条`
      return lines(
        `${result.contact.display} 的笔记（共 ${result.total} 条${result.total > result.notes.length ? `，显示最近 ${result.notes.length} 条` : ''}）：`,
        ...result.notes.map((n, i) => `${i + 1}. ${formatMonthDay(n.at, tz)} ${n.text}`),
        result.notes.length > 0 ? `删掉一条：/delnote ${quoteName(result.contact)} 编号` : null,
      )
    case 'snoozed':
      return `好的，${formatMonthDay(result.until, tz)} 前不再提醒唤醒 ${result.contact.display}（${result.days} 天）`
    case 'unsnoozed':
      return result.wasSnoozed ? `好的，已恢复提醒 ${result.contact.display}` : `${result.contact.display} 本来就没有暂停提醒`
    case 'list':
    case 'list_activity':
    case 'top':
    case 'orders':
    case 'chat':
    case 'handled':
    case 'note_deleted':
    case 'undone':
    case 'nothing_to_undo':
      return renderEveryday(result, config, now, ago)
    case 'stats':
      return lines(
        `客户共 ${result.funnel.total} 人：`,
        TIERS.map((t) => `${tierCode(t)} ${result.funnel.tiers[t]}`).join(' · '),
        `活跃 ${result.funnel.activity.active} · 沉默 ${result.funnel.activity.silent} · 沉睡 ${result.funnel.activity.dormant} · 新加 ${result.funnel.activity.new}${result.funnel.activity.lost > 0 ? ` · 流失 ${result.funnel.activity.lost}` : ''}`,
        syncLine(result.sync),
        offlineLine(result.offline, tz),
        `数据：${result.size.contacts} 位联系人，${result.size.messages} 条消息，${result.size.orders} 笔订单，数据库 ${formatBytes(result.size.dbBytes)}`,
        ...(result.extra ?? []),
      )
    case 'text':
      return result.text || '暂时没有内容'
    case 'digest':
      return result.messages.join('\n\n') || '今天的日报暂时没有内容'
    case 'report':
      return '周报暂时不可用，请稍后再试'
    case 'unavailable':
      // Not opening with the usage line: a reply starting with `/` gets a guard mark (guardStart) and reads oddly.
      return `这个命令（/${result.command}）暂时用不了，请稍后再试`
    case 'help': {
      const line = (c: (typeof COMMANDS)[number]) => `${c.usage}（${c.aliases.filter((a) => /[\u4e00-\u9fff]/.test(a)).map((a) => '/' + a).join(' ')}）${c.summary}`
      const topic = result.topic ? COMMANDS.find((c) => c.name === result.topic) : undefined
      if (topic) return lines(`用法：${line(topic)}`, '发 /help 看全部命令')
      // `/help 发货`: the list as always, and a last line saying that word is no command.
      return lines('tierbot 命令（中文别名也可以用）：', ...COMMANDS.map(line), '名字有空格请加引号，如 /tier "张 三"',
        ...(result.asked ? [`（没有“${result.asked}”这个命令，上面是全部命令）`] : []))
    }
    case 'not_customer':
      return `${result.contact.display} 是管理员（店主这边的人），不算客户：没有层级，也不进日报和漏斗`
    case 'not_found': {
      const found = result.suggestions.length > 0
        ? `没有找到“${shortenText(result.query, QUOTED_MAX)}”。你是不是要找：${result.suggestions.map(candidateShort).join('、')}？`
        : `没有找到“${shortenText(result.query, QUOTED_MAX)}”。可以用备注、微信名或 ID，或发 /list L1 看名单`
      // `/snooze 李四 abc`: a near name followed by more words is a word too many, so say how the command is written.
      const wordTooMany = result.suggestions.some((c) => [c.remark, c.name, c.id].some((n) => n && result.query.startsWith(`${n} `)))
      return wordTooMany ? lines(found, `用法：${specOf(result.command).usage}`) : found
    }
    case 'ambiguous':
      return lines(
        `“${result.query}”对应 ${result.total} 位联系人${result.total > result.candidates.length ? `（列出前 ${result.candidates.length} 位）` : ''}，请说得更准确些：`,
        ...result.candidates.map((c, i) => `${i + 1}. ${candidateLine(c, ago)}`),
        `回复编号（如 1）就选那位；也可以用完整备注或 ID，如 /${result.command} ${result.candidates[0]?.id ?? 'ID'}`,
      )
    case 'invalid':
      return invalidText(result.reason, config)
    case 'unknown': {
      const meant = result.meant ? specOf(result.meant) : undefined
      const unknown = `不认识的命令“/${result.word}”。发 /help 看所有命令`
      return meant ? lines(unknown, `是不是要用 /${meant.name}？用法：${meant.usage}`) : unknown
    }
    case 'error':
      return APOLOGY
    case 'viewList':
    case 'referred':
    case 'refs':
    case 'points':
    case 'pointsShort':
    case 'pointsOff':
      return renderViewsResult(result, config, now)
    default: {
      const exhaustive: never = result
      return exhaustive
    }
  }
}

function lines(...parts: Array<string | null | undefined>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n')
}

function who(c: ContactRef): string {
  return c.remark && c.name && c.remark !== c.name ? `${c.remark}（${c.name}）` : c.display
}

function quoteName(c: ContactRef): string {
  return /\s/.test(c.display) ? `"${c.display}"` : c.display
}

/** The rung's evidence; the pin and the activity have their own line, so they are not repeated. */
/** `流失（5月18日 删除了你）`: a lost customer's state says since when; the others are one word. */
function activityText(s: TierState | null): string {
  if (!s) return '新加'
  const lost = s.activity === 'lost' ? s.reasons.find((r) => r.rule === 'activity-lost') : undefined
  return lost ? `${ACTIVITY_NAMES.lost}（${lost.text}）` : ACTIVITY_NAMES[s.activity]
}

function evidenceOf(s: TierState | null): TierState['reasons'] {
  return s ? s.reasons.filter((r) => r.rule !== 'pin' && !r.rule.startsWith('activity-')) : []
}

function tierLine(s: TierState | null): string {
  if (!s) return `${tierLabel(0)}（还没有互动记录）`
  if (s.pinnedTier !== null && s.pinnedTier !== s.evidenceTier) return `${tierLabel(s.tier)}（手动设定；按记录是 ${tierLabel(s.evidenceTier)}）`
  if (s.pinnedTier !== null) return `${tierLabel(s.tier)}（手动设定）`
  return tierLabel(s.tier)
}

function changeLine(c: ContactRef, change: TierChange | null, state: TierState | null): string {
  if (change?.from && change.from.tier !== change.to.tier) {
    const verb = change.to.tier > change.from.tier ? '升到' : '降到'
    return `${c.display} ${verb} ${tierLabel(change.to.tier)}${change.to.tier > change.from.tier ? ' 🎉' : ''}`
  }
  if (change && !change.from) return `${c.display} 现在是 ${tierLabel(change.to.tier)}`
  if (state?.pinnedTier !== null && state?.pinnedTier !== undefined && state.evidenceTier !== state.tier) {
    return `层级仍是手动设定的 ${tierLabel(state.tier)}（按记录是 ${tierLabel(state.evidenceTier)}）`
  }
  return state ? `层级不变：${tierLabel(state.tier)}` : ''
}

function historyStep(h: HistoryEntry): string {
  if (h.fromTier === null) return `首次记录：${tierCode(h.toTier)}`
  if (h.fromTier !== h.toTier) return `${tierCode(h.fromTier)} → ${tierCode(h.toTier)}`
  // Same rung: only the activity moved (e.g. 活跃 → 沉默 with time).
  return `${tierCode(h.toTier)} ${h.fromActivity ? ACTIVITY_NAMES[h.fromActivity] : ''} → ${ACTIVITY_NAMES[h.toActivity]}`
}

const CAUSES: Record<string, string> = {
  message: '消息', payment: '付款', refund: '退款', pin: '手动设定', unpin: '取消手动', time: '时间流逝', import: '导入',
  friendship: '好友关系', referral: '推荐',
}

function causeName(cause: string): string {
  return CAUSES[cause] ?? cause
}

function candidateShort(c: Candidate): string {
  return c.remark && c.remark !== c.name ? `${c.remark}（${c.name || c.id}）` : c.display
}

function candidateLine(c: Candidate, ago: (at: number | null) => string): string {
  // The line ends with the id, so the name is shown without it.
  const parts = [c.remark && c.remark !== c.name ? `${c.remark}（${c.name || c.id}）` : c.name || c.id, c.tier !== null ? tierLabel(c.tier as Tier) : tierLabel(0), `最近互动 ${ago(c.lastSeenAt)}`]
  if (c.group) parts.push(`在群“${c.group}”`)
  parts.push(`ID ${c.id}`)
  return parts.join(' · ')
}

function syncLine(sync: SyncHealthInfo | null): string {
  if (!sync) return '标签和备注：没有开启'
  // A failed write is planned again at the nightly pass and when the bot starts (and at the contact's next rung change);
  // one that failed but has tries left is still pending, waiting out its back-off.
  const failed = sync.failed ?? 0
  const retrying = sync.retrying ?? 0
  const pending = `待写 ${sync.pending ?? 0}${retrying > 0 ? `（其中 ${retrying} 条没写成功，稍后自动重试）` : ''}`
  const parts = [pending, `失败 ${failed}${failed > 0 ? '（会自动重试）' : ''}`]
  if (sync.labelsSupported === false) parts.push('此账号不支持标签，只写备注')
  return `标签和备注：${parts.join(' · ')}`
}

function offlineLine(o: OfflineSummary, tz: string): string {
  if (o.periods === 0) return `近 ${o.windowDays} 天没有掉线`
  const last = o.last ? `，最近一次 ${formatMonthDay(o.last.at, tz)}${o.last.ms === null ? '（仍未恢复）' : `（${formatDuration(o.last.ms)}）`}` : ''
  return `近 ${o.windowDays} 天掉线 ${o.periods} 次，共 ${formatDuration(o.totalMs)}${last}`
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} 秒`
  if (s < 3600) return `${Math.round(s / 60)} 分钟`
  if (s < 86400) return `${(s / 3600).toFixed(1).replace(/\.0$/, '')} 小时`
  return `${(s / 86400).toFixed(1).replace(/\.0$/, '')} 天`
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(2)} GB`
}

export function formatAgo(at: number | null, now: number, tz: string): string {
  if (at === null) return '无'
  const days = localDaysBetween(at, now, tz)
  if (days <= 0) return '今天'
  if (days === 1) return '昨天'
  if (days < 60) return `${days} 天前`
  return formatMonthDay(at, tz)
}

const AMOUNT_TEXT: Record<AmountProblem, string> = {
  missing: '请写上金额',
  not_a_number: '金额要是数字，例如 199、¥199 或 1,299.50',
  negative: '金额不能是负数',
  zero: '金额要大于 0',
  too_many_decimals: '金额最多两位小数（精确到分）',
  too_large: '金额超过上限',
}

function invalidText(reason: InvalidReason, config: Config): string {
  switch (reason.code) {
    case 'too_long': return `命令太长了（最多 ${reason.max} 字），请精简后再发`
    case 'multiple_lines': return '一条消息只能发一个命令，这次什么都没执行，请分开发送'
    case 'usage': return `用法：${specOf(reason.command).usage}`
    case 'extra': return `“/${reason.command}”后面不用加“${reason.input}”，这次什么都没做。用法：${specOf(reason.command).usage}（${specOf(reason.command).summary}）`
    case 'amount': {
      if (reason.problem === 'missing' && reason.input) {
        const m = /^(.*?)([\d.]+(?:元|块)?)$/.exec(reason.input)
        return `“${reason.input}”：名字和金额之间要空一格，例如 /${reason.command} ${m?.[1] ?? '张三'} ${m?.[2] ?? '199'}`
      }
      const what = reason.input ? `“${reason.input}”：` : ''
      const extra = reason.problem === 'too_large' ? `（${formatFen(config.commands.maxAmountYuan * 100)}），像是打错了` : reason.problem === 'negative' && reason.command === 'paid' ? '；退款请用 /refund' : ''
      return `${what}${AMOUNT_TEXT[reason.problem]}${extra}。用法：${specOf(reason.command).usage}`
    }
    case 'tier': return reason.command === 'tier'
      ? `没有“${reason.input}”这一层，请用 L0–L5，例如 /tier 张三 L4`
      : `没有“${reason.input}”这一类，请用 L0–L5、沉默、沉睡、流失，或按视角：潜在 新客 老客 忠诚 高意向 A类 B类 C类，例如 /list L3、/list 高意向`
    case 'number': {
      const unit = NUMBER_UNIT[reason.command] ?? '人数'
      return `“${reason.input}”不是有效的${unit}，请用 ${reason.min}–${reason.max} 的整数。用法：${specOf(reason.command).usage}`
    }
    case 'date': return DATE_TEXT[reason.problem](reason.input, config, reason.command === 'refund' ? 'refund' : 'paid')
    case 'birthday': return birthdayDateRefusal(reason.input)
    case 'points_sign': return `“${reason.input}”是加还是扣？请写 +${reason.input} 或 -${reason.input}，例如 /points 张三 +50 生日礼、/points 张三 -50 兑换`
    default: {
      const exhaustive: never = reason
      return exhaustive
    }
  }
}

// What the number counts, so `/delnote 张三 abc` is not told about a number of people.
const NUMBER_UNIT: Partial<Record<CommandName, string>> = { snooze: '天数', delnote: '编号', points: '积分' }

const DATE_FORMS = '金额后面可以写 10月15日、10/15、2026-10-15、昨天、前天、3天前，备注写在日期后面'
const MONEY_WORD = { paid: '付款', refund: '退款' } as const

const DATE_TEXT: Record<'unreadable' | 'future' | 'too_old' | 'before_amount', (input: string, config: Config, command: 'paid' | 'refund') => string> = {
  before_amount: (input, _config, command) => `日期“${input}”请写在金额后面，例如 /${command} 张三 199 ${input}`,
  unreadable: (input) => `看不懂日期“${input}”。${DATE_FORMS}`,
  future: (input, _config, command) => `${input}还没到，${MONEY_WORD[command]}只能记今天或以前的日期。${DATE_FORMS}`,
  too_old: (input, config, command) => `${input}太早了（最多补记 ${config.commands.maxBackdateDays} 天内的${MONEY_WORD[command]}），请检查年份`,
}

/**
 * Names come from customers (a contact may call themselves `/paid 张三 199`): a reply that would read as
 * a command when the bot's own message comes back in the control room gets a harmless first character.
 */
function guardStart(text: string): string {
  const head = normalizeCommandText(text)
  return head.startsWith('/') || head.startsWith('、') ? `· ${text}` : text
}
