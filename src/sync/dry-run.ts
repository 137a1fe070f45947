import type { Config } from '../config/schema.js'
import type { Db } from '../store/client.js'
import { loadSyncCandidates, matchConfigAdmins } from './candidates.js'
import { createLedger } from './ledger.js'
import { planSync } from './planner.js'

/*
 * `tierbot sync --dry-run`: what a real run would change on the account, grouped and counted, with
 * a few examples each. It plans exactly like planAll and writes nothing — a merchant wants to see
 * this before the first run touches a few thousand customers.
 */

const EXAMPLES = 3

export interface DryRunOptions {
  isAdmin?: (contactId: string, name?: string) => boolean
  examples?: number
}

export interface DryRunSummary {
  friends: number
  contactsChanged: number
  remarks: { name: string; from: string; to: string }[]
  added: { name: string; label: string }[]
  removed: { name: string; label: string }[]
  labelsSupported: boolean
}

export function planDryRun(db: Db, config: Config, accountId: string, options: DryRunOptions = {}): DryRunSummary {
  const cfg = config.labels
  const labelsSupported = createLedger(db, accountId, config.platform).labelsSupported()
  const candidates = loadSyncCandidates(db, accountId, {
    includeStrangers: cfg.includeStrangers,
    isAdmin: options.isAdmin ?? matchConfigAdmins(config.admins),
  })
  const summary: DryRunSummary = { friends: candidates.length, contactsChanged: 0, remarks: [], added: [], removed: [], labelsSupported }
  for (const { input, name } of candidates) {
    const { ops } = planSync(input, cfg, { labelsSupported })
    if (ops.length > 0) summary.contactsChanged++
    const who = name || input.contactId
    for (const op of ops) {
      if (op.kind === 'remark') summary.remarks.push({ name: who, from: input.currentRemark, to: op.payload.remark })
      else if (op.kind === 'label_add') summary.added.push({ name: who, label: op.key })
      else summary.removed.push({ name: who, label: op.key })
    }
  }
  return summary
}

function countBy(items: { label: string }[]): string {
  const counts = new Map<string, number>()
  for (const { label } of items) counts.set(label, (counts.get(label) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${label} ${n}`).join('，')
}

/** "约 3 小时": how long a queue of writes takes at the configured rate. */
export function formatDuration(minutes: number): string {
  if (minutes < 1) return '不到 1 分钟'
  if (minutes < 90) return `约 ${Math.ceil(minutes)} 分钟`
  if (minutes < 48 * 60) return `约 ${Math.ceil(minutes / 60)} 小时`
  return `约 ${Math.ceil(minutes / 1440)} 天`
}

function quote(remark: string): string {
  return remark === '' ? '（空）' : `「${remark}」`
}

export function formatDryRun(s: DryRunSummary, config: Config, examples = EXAMPLES): string {
  const total = s.remarks.length + s.added.length + s.removed.length
  const lines = ['同步试运行：只看不改，微信上什么都不会变。']
  lines.push(`可同步的好友 ${s.friends} 位，其中 ${s.contactsChanged} 位需要改动，共 ${total} 个操作。`)
  if (total === 0) {
    lines.push('备注和标签都已是最新的，没有要改的。')
    return lines.join('\n')
  }
  const more = (n: number) => (n > examples ? [`  …还有 ${n - examples} 个（加 --all 看全部）`] : [])
  if (s.remarks.length > 0) {
    lines.push('', `备注修改 ${s.remarks.length} 个：`)
    for (const r of s.remarks.slice(0, examples)) lines.push(`  · ${r.name}：${quote(r.from)} → ${quote(r.to)}`)
    lines.push(...more(s.remarks.length))
  }
  if (s.added.length > 0) {
    lines.push('', `新加标签 ${s.added.length} 个（${countBy(s.added)}）：`)
    for (const a of s.added.slice(0, examples)) lines.push(`  · ${a.name} +「${a.label}」`)
    lines.push(...more(s.added.length))
  }
  if (s.removed.length > 0) {
    lines.push('', `移除标签 ${s.removed.length} 个（${countBy(s.removed)}）：`)
    for (const r of s.removed.slice(0, examples)) lines.push(`  · ${r.name} −「${r.label}」`)
    lines.push(...more(s.removed.length))
  }
  lines.push('')
  if (!s.labelsSupported) lines.push('这个账号不支持标签，只会写备注。')
  else if (!config.labels.enabled) lines.push('标签已关闭（labels.enabled），只会写备注。')
  lines.push(`按每分钟最多 ${config.labels.ratePerMinute} 个的速度，${formatDuration(total / config.labels.ratePerMinute)}写完。`)
  return lines.join('\n')
}

/** The text `tierbot sync --dry-run` prints. `now` is unused today: plans depend on stored state only. */
export function describeDryRun(db: Db, config: Config, accountId: string, _now: number, options: DryRunOptions = {}): string {
  return formatDryRun(planDryRun(db, config, accountId, options), config, options.examples)
}

/** Accounts with stored contacts: `tierbot sync --dry-run` runs offline, so the account comes from the database. */
export function listSyncAccounts(db: Db): string[] {
  return db.$client.prepare<[], { account_id: string }>('SELECT DISTINCT account_id FROM contacts ORDER BY account_id')
    .all().map((r) => r.account_id)
}
