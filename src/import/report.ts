import { formatDuration } from '../sync/dry-run.js'
import { describeFunnel } from '../tiers/funnel.js'
import { FORMAT_NAMES } from './detect.js'
import type { ImportFormat } from './types.js'
import type { ImportSummary } from './run.js'

/*
 * The summary printed at the end of `tierbot import`, in the merchant's language: what came in,
 * what was already there, what was skipped and why, who was matched, and what happens next.
 */

const VIA: Record<string, string> = { id: '微信号', remark: '备注', name: '昵称', map: '--map' }

export function formatImportSummary(s: ImportSummary): string {
  const lines: string[] = []
  if (s.files.length === 0) {
    // Nothing was readable: say so first, not "导入完成" over a page of zeros.
    lines.push(`没有导入任何记录：${s.refused.length > 0 ? '下面的文件都没有读' : '没有找到文件'}。`)
    for (const r of s.refused) lines.push(`  未导入 ${r.file}：${r.reason}`)
    lines.push('导出工具和格式的说明见 README「导入历史」；其他来源可以整理成 tierbot CSV（docs/import-example.csv）再导入。')
    return lines.join('\n')
  }
  lines.push(s.dryRun ? '试运行（--dry-run）：只读取，什么都没有写入。' : `导入完成（账号 ${s.accountId}，用时 ${s.seconds.toFixed(1)} 秒）。`)
  const formats = new Map<ImportFormat, number>()
  for (const f of s.files) formats.set(f.format, (formats.get(f.format) ?? 0) + 1)
  lines.push(`文件：${s.files.length} 个（${[...formats].map(([f, n]) => `${FORMAT_NAMES[f].trim()} ${n}`).join('，') || '无'}）`)
  for (const r of s.refused) lines.push(`  未导入 ${r.file}：${r.reason}`)
  const verb = s.dryRun ? '将导入' : '新导入'
  lines.push(`消息：${verb} ${s.messages.imported} 条，已存在 ${s.messages.duplicates} 条`)
  if (s.resumed) {
    lines.push(`  接着上次中断的导入：那次已导入消息 ${s.resumed.messages} 条、订单 ${s.resumed.orders + s.resumed.transfers} 笔（这次算作已存在），现在全部完成`)
  }
  const skipped = Object.entries(s.skipped)
  if (skipped.length > 0) lines.push(`  跳过：${skipped.map(([reason, n]) => `${reason} ${n}`).join('，')}`)
  if (s.bad > 0) {
    lines.push(`  读不懂的行：${s.bad} 行（已跳过）`)
    for (const b of s.badExamples) lines.push(`    ${b.file}:${b.line} ${b.reason}`)
    if (s.bad > s.badExamples.length) lines.push(`    …还有 ${s.bad - s.badExamples.length} 行`)
    lines.push('    改好这几行后把同一个文件再导入一次即可，已导入的不会重复。')
  }
  lines.push(`订单：${verb} ${s.orders.imported} 笔，已存在 ${s.orders.duplicates} 笔；聊天里的转账 ${s.orders.transfers} 笔`)
  if (s.tiers.pinned > 0) lines.push(`手动等级：${s.tiers.pinned} 人`)
  if (s.birthdays > 0) lines.push(`生日：${s.birthdays} 人`)
  const p = s.people
  const via = Object.entries(p.byVia).map(([k, n]) => `${VIA[k] ?? k} ${n}`).join('，')
  lines.push(`人：匹配 ${p.matched}${via ? `（${via}）` : ''}，同名待定 ${p.ambiguous}，未匹配 ${p.unmatched}`)
  for (const a of p.ambiguousExamples) lines.push(`  同名待定：${a.person}（${a.candidates.length} 个联系人同名）`)
  if (p.unmatchedExamples.length > 0) lines.push(`  未匹配：${p.unmatchedExamples.join('、')}${p.unmatched > p.unmatchedExamples.length ? ' 等' : ''}`)
  if (p.ambiguous + p.unmatched > 0) {
    lines.push('  他们的记录已保留：等对方出现在通讯录里（微信号、备注或昵称唯一对上）会自动合并；')
    lines.push('  也可以写一个 CSV（export_id,contact），用 --map 文件 再导入一次。')
  }
  for (const m of s.mapProblems) lines.push(`  --map：${m}`)
  if (s.joined > 0) lines.push(`合并：${s.joined} 个之前未匹配的人这次对上了`)
  if (s.dryRun) {
    lines.push('确认无误后，去掉 --dry-run 再运行同一条命令即可导入。')
    return lines.join('\n')
  }
  lines.push(`分层：${s.changes} 人的等级因导入而确定或变化（记录原因「导入」，晨报只提一次）`)
  if (s.funnel) {
    lines.push('导入后的漏斗：')
    for (const l of describeFunnel(s.funnel)) lines.push(`  ${l}`)
  }
  if (s.writeBack.ops > 0) {
    lines.push(`标签/备注回写：${s.writeBack.contacts} 人共 ${s.writeBack.ops} 项，按每分钟 ${s.writeBack.ratePerMinute} 项的限速${formatDuration(s.writeBack.minutes)}（机器人运行时自动进行）`)
  } else {
    lines.push('标签/备注回写：没有需要改的。')
  }
  return lines.join('\n')
}
