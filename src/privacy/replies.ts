import { formatMonthDay, localParts } from '../shared/day.js'

/*
 * The merchant-facing text of the privacy feature (Chinese, short, says what to do next).
 */

/** What the tables are to the merchant; a table added later shows as 其他记录 until named here. */
export const TABLE_NAMES: Record<string, string> = {
  interactions: '消息',
  contact_stats: '互动统计',
  orders: '订单',
  tiers: '层级',
  tier_history: '层级变化',
  notes: '备注',
  snoozes: '暂停提醒',
  label_state: '标签记录',
  sync_outbox: '待写标签',
  room_events: '进群/退群记录',
  contacts: '联系人资料',
  birthdays: '生日',
  referrals: '推荐关系',
  referral_cards: '推荐名片',
  points_ledger: '积分',
  contact_views: '客户画像',
  complaints_handled: '投诉处理记录',
  undo_log: '可撤销操作',
  import_people: '导入时的名字',
  import_replay: '导入待重算',
  forget_pending: '待撤下的标签',
}

/** "消息 12 条、订单 1 笔 …" from rows per table. */
export function describeRows(counts: ReadonlyMap<string, number>): string {
  const parts: string[] = []
  let other = 0
  for (const [table, n] of counts) {
    const name = TABLE_NAMES[table]
    if (name) parts.push(`${name} ${n} 条`)
    else other += n
  }
  if (other > 0) parts.push(`其他记录 ${other} 条`)
  return parts.join('、') || '没有其他记录'
}

/** `/forget 张三 确认` (also 确定; sentence punctuation after the word is not part of it). */
export const FORGET_CONFIRM_WORDS = ['确认', '确定', 'confirm', 'yes']

export function forgetAskText(display: string, id: string, counts: ReadonlyMap<string, number>, command: string, minutes: number): string {
  return [
    // The id is named once: a display that already carries it (two contacts of one name) is not tagged again.
    `将永久删除 ${display.endsWith(`（ID ${id}）`) ? display : `${display}（ID ${id}）`}在 tierbot 里的全部数据：${describeRows(counts)}。`,
    '微信上 tierbot 加的层级标签和备注前缀会撤下，你自己写的备注保留。删除后无法恢复。',
    `确认请在 ${minutes} 分钟内回复：${command} 确认`,
  ].join('\n')
}

export function forgetDoneText(display: string, counts: ReadonlyMap<string, number>, undoOps: number, backupKeepDays?: number): string {
  return [
    `已删除 ${display} 的全部数据（${describeRows(counts)}）。`,
    undoOps > 0 ? '微信上的层级标签和备注前缀会在几分钟内撤下。' : null,
    backupKeepDays ? `之前的自动备份里还有他的数据，${backupKeepDays} 天内随备份轮换删除。` : null,
    '以后他再发消息，会作为新客户重新记录。',
  ].filter(Boolean).join('\n')
}

export function forgetNotFoundText(query: string): string {
  return `没有找到“${query}”，tierbot 里没有他的数据可删除（如果刚刚删除过，这是正常的）`
}

/** A second /forget of someone deleted since the bot started. */
export function forgetAlreadyText(query: string): string {
  return `没有找到“${query}”：刚才已经删除了他的全部数据，tierbot 里没有他的数据可删除。他以后再发消息，会作为新客户重新记录`
}

export function forgetNoRequestText(command: string): string {
  return `还没有待确认的删除，或已超过时限。请先发 ${command}，看清会删除什么，再回复确认`
}

export function retentionLine(days: number | null, oldestTextAt: number | null, timeZone: string): string {
  const policy = days === null ? '消息原文：一直保留' : `消息原文：保留 ${days} 天`
  if (oldestTextAt === null) return `${policy}（目前没有保存的原文）`
  const p = localParts(oldestTextAt, timeZone)
  return `${policy}，最早一条是 ${p.year}年${formatMonthDay(oldestTextAt, timeZone)}`
}

const BACKUP_ERRORS: Record<string, string> = {
  ENOSPC: '磁盘空间不足',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EEXIST: '备份目录不可用',
  ENOTDIR: '备份目录不可用',
  EROFS: '磁盘只读',
}

/** `code`: the error code (ENOSPC …), if any. */
export function backupFailedText(code: string | undefined): string {
  const reason = (code && BACKUP_ERRORS[code]) || '写入出错'
  return `⚠️ 数据备份失败（${reason}）。请检查备份目录（backup.dir）和磁盘空间；修好之前不会重复提醒。`
}
