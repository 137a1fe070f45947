import { describe, expect, it } from 'vitest'
import { formatCsvCell, shortReasons, toExportRow } from '../../src/export/rows.js'
import type { ExportSource } from '../../src/export/export-store.js'
import { remarkPrefixPattern } from '../../src/commands/resolve.js'

const TZ = 'Asia/Shanghai'
const source = (over: Partial<ExportSource> = {}): ExportSource => ({
  id: 'wxid_zs', name: '张三', remark: 'L4|张三 宝妈', tier: 4, evidenceTier: 4, pinnedTier: null, activity: 'active',
  reasons: JSON.stringify([{ rule: 'paid', text: '付款 1 单 ¥199' }, { rule: 'activity-active', text: '最近互动 3 天前' }]),
  spendFen: 19900, orders: 1, lastInboundAt: Date.parse('2026-05-17T10:00:00+08:00'), lastOrderAt: null,
  personas: '["宝妈"]', addedAt: null, bCalendar: null, bMonth: null, bDay: null, bLeap: null,
  stage: '新客', sleep: null, complaintSleeper: 0, intentBand: '中', valueClass: 'B', valueReason: '1 单 ¥199', referrer: null,
  referred: 0, points: 0, ...over,
})

describe('export rows', () => {
  const prefix = remarkPrefixPattern('{code}|')

  it.each([
    { name: 'remark keeps the merchant part only', over: {}, col: 1, value: '张三 宝妈' },
    { name: 'rung as code and name', over: {}, col: 2, value: 'L4 信任我的人' },
    { name: 'not pinned → empty', over: {}, col: 3, value: '' },
    { name: 'lifecycle after the ladder columns', over: {}, col: 14, value: '新客' },
    { name: 'a complaint sleeper says so (seed 004)', over: { stage: '老客', sleep: '临时性沉默', complaintSleeper: 1 }, col: 14, value: '老客（临时性沉默·投诉后沉睡）' },
    { name: 'intent band', over: {}, col: 15, value: '中' },
    { name: 'value class', over: {}, col: 16, value: 'B' },
    { name: 'who brought them', over: { referrer: '李四' }, col: 18, value: '李四' },
    { name: 'friends brought', over: { referred: 2 }, col: 19, value: 2 },
    { name: 'pinned above the evidence says both', over: { pinnedTier: 5, tier: 5 }, col: 3, value: '是（按记录 L4 信任我的人）' },
    { name: 'pinned at the evidence rung', over: { pinnedTier: 4 }, col: 3, value: '是' },
    { name: 'no tier row yet → L0, 新加', over: { tier: null, activity: null }, col: 2, value: 'L0 陌生人' },
    { name: 'no tier row yet → 新加', over: { tier: null, activity: null }, col: 4, value: '新加' },
    { name: 'personas joined', over: { personas: '["宝妈","上班族"]' }, col: 9, value: '宝妈、上班族' },
    { name: 'damaged personas read as none', over: { personas: '{oops' }, col: 9, value: '' },
    { name: 'no birthday kept → empty', over: {}, col: 10, value: '' },
    { name: 'a solar birthday', over: { bCalendar: 'solar', bMonth: 3, bDay: 8, bLeap: 0 }, col: 10, value: '3月8日' },
    { name: 'a lunar birthday as /生日 takes it', over: { bCalendar: 'lunar', bMonth: 8, bDay: 15, bLeap: 0 }, col: 10, value: '农历八月十五' },
    { name: 'reasons without the activity line', over: {}, col: 11, value: '付款 1 单 ¥199' },
  ])('$name', ({ over, col, value }) => {
    expect(toExportRow(source(over), prefix)[col]).toBe(value)
  })

  it('reasons: pin and activity left out, damaged JSON is empty', () => {
    expect(shortReasons(JSON.stringify([{ rule: 'pin', text: 'x' }, { rule: 'rounds', text: '3 轮私聊' }, { rule: 'approval-window', text: '2 次认同' }]))).toBe('3 轮私聊；2 次认同')
    expect(shortReasons('not json')).toBe('')
    expect(shortReasons(null)).toBe('')
  })

  it.each([
    { name: 'money from fen without floating point', type: 'money' as const, value: 129950, text: '1299.50' },
    { name: 'whole yuan keeps two decimals', type: 'money' as const, value: 19900, text: '199.00' },
    { name: 'a time in Asia/Shanghai, just after midnight', type: 'datetime' as const, value: Date.parse('2026-05-31T16:05:00Z'), text: '2026-06-01 00:05' },
    { name: 'a time in Asia/Shanghai, just before midnight', type: 'datetime' as const, value: Date.parse('2026-05-31T15:59:00Z'), text: '2026-05-31 23:59' },
    { name: 'a formula-looking name is made text (CSV injection)', type: 'text' as const, value: '=HYPERLINK("x")', text: `'=HYPERLINK("x")` },
    { name: 'a name starting with + or - or @ too', type: 'text' as const, value: '@小王', text: `'@小王` },
    { name: 'ordinary text unchanged', type: 'text' as const, value: '张三', text: '张三' },
    { name: 'missing value is an empty cell', type: 'datetime' as const, value: null, text: '' },
  ])('$name', ({ type, value, text }) => {
    expect(formatCsvCell(type, value, TZ)).toBe(text)
  })
})
