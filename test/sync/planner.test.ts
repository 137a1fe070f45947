import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { planSync, type SyncInput } from '../../src/sync/planner.js'
import { composeRemark, countGraphemes, stripRemarkPrefix } from '../../src/sync/remark.js'
import type { Activity, Tier } from '../../src/tiers/ladder.js'

const CFG = DEFAULT_CONFIG.labels
const ON = { labelsSupported: true }

function input(over: Partial<Omit<SyncInput, 'state'>> & { tier?: Tier; activity?: Activity } = {}): SyncInput {
  const { tier = 2, activity = 'active', ...rest } = over
  return { contactId: 'c1', state: { tier, activity }, personas: [], currentRemark: '', ledger: null, ...rest }
}

/** What the merchant would see change: the remark written and the labels added / removed. */
function changes(inp: SyncInput, cfg = CFG, opts = ON) {
  const { ops } = planSync(inp, cfg, opts)
  return {
    remark: ops.find((o) => o.kind === 'remark')?.payload.remark,
    added: ops.filter((o) => o.kind === 'label_add').map((o) => o.key),
    removed: ops.filter((o) => o.kind === 'label_remove').map((o) => o.key),
  }
}

describe('planSync: tier labels and the remark prefix (docs/rules.md §5)', () => {
  it.each([
    {
      name: 'first sync of an L4 customer: prefix the merchant remark, add the tier label',
      inp: input({ tier: 4, currentRemark: '张三 宝妈' }),
      want: { remark: 'L4|张三 宝妈', added: ['L4 信任我的人'], removed: [] },
    },
    {
      name: 'tier change L3 → L4: new label added, old one removed, prefix replaced',
      inp: input({ tier: 4, currentRemark: 'L3|张三', ledger: { labels: ['L3 认同我的人'], remark: 'L3|张三', baseRemark: '张三' } }),
      want: { remark: 'L4|张三', added: ['L4 信任我的人'], removed: ['L3 认同我的人'] },
    },
    {
      name: 'no remark of the merchant\'s own: the WeChat name follows the prefix, so the chat list still shows who it is',
      inp: input({ tier: 1, currentRemark: '', name: '小美' }),
      want: { remark: 'L1|小美', added: ['L1 知道我的人'], removed: [] },
    },
    {
      name: 'no remark and no name: the prefix alone',
      inp: input({ tier: 1, currentRemark: '' }),
      want: { remark: 'L1|', added: ['L1 知道我的人'], removed: [] },
    },
    {
      name: 'merchant edited the remark on the phone: their new text is re-prefixed',
      inp: input({ tier: 4, currentRemark: '张三 老客户 广州', ledger: { labels: ['L4 信任我的人'], remark: 'L4|张三', baseRemark: '张三' } }),
      want: { remark: 'L4|张三 老客户 广州', added: [], removed: [] },
    },
    {
      name: 'merchant edited a remark and kept an old prefix: the old prefix is stripped',
      inp: input({ tier: 5, currentRemark: 'L2|王姐 VIP', ledger: { labels: ['L5 超级用户'], remark: 'L5|王姐', baseRemark: '王姐' } }),
      want: { remark: 'L5|王姐 VIP', added: [], removed: [] },
    },
    {
      name: 'a doubled prefix from an older run comes out clean',
      inp: input({ tier: 3, currentRemark: 'L1|L2|李四' }),
      want: { remark: 'L3|李四', added: ['L3 认同我的人'], removed: [] },
    },
    {
      name: 'labels tierbot never applied are the merchant\'s own and stay',
      inp: input({ tier: 2, currentRemark: 'L2|x', ledger: { labels: ['L2 认识我的人'], remark: 'L2|x', baseRemark: 'x' } }),
      want: { remark: undefined, added: [], removed: [] },
    },
  ])('$name', ({ inp, want }) => expect(changes(inp)).toEqual(want))

  it('no-op when nothing changed: no operations at all', () => {
    const inp = input({ tier: 4, currentRemark: 'L4|张三', ledger: { labels: ['L4 信任我的人'], remark: 'L4|张三', baseRemark: '张三' } })
    expect(planSync(inp, CFG, ON).ops).toEqual([])
  })

  it('a remark shortened to fit grows back from the kept base when the prefix gets shorter', () => {
    const cfg = { ...CFG, remarkPrefix: '{code}级|' }
    const base = '一二三四五六七八九十一二三四五六七八'
    const first = planSync(input({ tier: 4, currentRemark: base }), { ...cfg, remarkMaxLength: 10 }, ON)
    const written = first.remark!
    expect(written).toBe('L4级|一二三四五六')
    const again = planSync(input({ tier: 4, currentRemark: written, ledger: { labels: [], remark: written, baseRemark: base } }), { ...cfg, remarkMaxLength: 12 }, ON)
    expect(again.remark).toBe('L4级|一二三四五六七八')
  })
})

describe('planSync: the 20-character remark limit counts what the user sees', () => {
  it.each([
    { name: 'Chinese text is cut, the prefix never', current: '张三是广州天河区的老客户喜欢面霜和精华', tier: 4 as Tier, want: 'L4|张三是广州天河区的老客户喜欢面霜和' },
    { name: 'an emoji counts as one character', current: '王姐😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀', tier: 2 as Tier, want: 'L2|王姐😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀' },
    { name: 'a family emoji on the last place is kept whole', current: '一二三四五六七八九十一二三四五六👨‍👩‍👧‍👦好', tier: 5 as Tier, want: 'L5|一二三四五六七八九十一二三四五六👨‍👩‍👧‍👦' },
    { name: 'a family emoji past the limit is dropped whole, never split', current: '一二三四五六七八九十一二三四五六七👨‍👩‍👧‍👦', tier: 5 as Tier, want: 'L5|一二三四五六七八九十一二三四五六七' },
    { name: 'exactly 20 stays whole', current: '一二三四五六七八九十一二三四五六七', tier: 1 as Tier, want: 'L1|一二三四五六七八九十一二三四五六七' },
  ])('$name', ({ current, tier, want }) => {
    const { remark } = changes(input({ tier, currentRemark: current }))
    expect(remark).toBe(want)
    expect(countGraphemes(remark!)).toBeLessThanOrEqual(20)
  })

  it('the merchant text is kept whole in the ledger base even when the remark is cut', () => {
    const current = '张三是广州天河区的老客户喜欢面霜和精华'
    const op = planSync(input({ tier: 4, currentRemark: current }), CFG, ON).ops.find((o) => o.kind === 'remark')!
    expect(op.payload).toEqual({ remark: 'L4|张三是广州天河区的老客户喜欢面霜和', base: current })
  })

  it('a cut never leaves a trailing space', () => {
    expect(composeRemark('L1|', '一二三四五六七八九十一二三四五六 十八', 20)).toBe('L1|一二三四五六七八九十一二三四五六')
  })

  it('stripRemarkPrefix knows any rung in a custom format', () => {
    expect(stripRemarkPrefix('[L3] 张三', '[{code}] ')).toBe('张三')
    expect(stripRemarkPrefix('L7|张三', '{code}|')).toBe('L7|张三')
  })
})

describe('planSync: switches', () => {
  it.each([
    { name: 'labels disabled in config → remark only', cfg: { ...CFG, enabled: false }, opts: ON },
    { name: 'labels unsupported by the platform → remark only', cfg: CFG, opts: { labelsSupported: false } },
  ])('$name', ({ cfg, opts }) => {
    const inp = input({ tier: 4, currentRemark: '张三', ledger: { labels: ['L3 认同我的人'], remark: 'L3|张三', baseRemark: '张三' } })
    expect(planSync(inp, cfg, opts).ops.map((o) => o.kind)).toEqual(['remark'])
  })

  it('remarks disabled → labels only', () => {
    expect(changes(input({ tier: 3, currentRemark: '张三' }), { ...CFG, remarks: false }))
      .toEqual({ remark: undefined, added: ['L3 认同我的人'], removed: [] })
  })

  it.each([
    { name: 'activity label for a silent customer when enabled', cfg: { ...CFG, activity: true }, activity: 'silent' as Activity, personas: [], added: ['L4 信任我的人', '沉默客户'] },
    { name: 'no activity label for an active customer', cfg: { ...CFG, activity: true }, activity: 'active' as Activity, personas: [], added: ['L4 信任我的人'] },
    { name: 'persona labels when enabled', cfg: { ...CFG, persona: true }, activity: 'active' as Activity, personas: ['宝妈'], added: ['L4 信任我的人', '宝妈'] },
    { name: 'persona labels off by default', cfg: CFG, activity: 'dormant' as Activity, personas: ['宝妈'], added: ['L4 信任我的人'] },
  ])('$name', ({ cfg, activity, personas, added }) => {
    expect(changes(input({ tier: 4, activity, personas, currentRemark: 'L4|x', ledger: { labels: [], remark: 'L4|x', baseRemark: 'x' } }), cfg).added).toEqual(added)
  })

  it('a silent customer who comes back loses the activity label', () => {
    const inp = input({ tier: 4, currentRemark: 'L4|x', ledger: { labels: ['L4 信任我的人', '沉默客户'], remark: 'L4|x', baseRemark: 'x' } })
    expect(changes(inp, { ...CFG, activity: true })).toEqual({ remark: undefined, added: [], removed: ['沉默客户'] })
  })
})

describe('planSync: view labels (issue: "optional labels per view, off by default; the remark stays ladder-only")', () => {
  const views = (on: Partial<Pick<typeof CFG.views, 'lifecycle' | 'intent' | 'value'>>, names: Partial<typeof CFG.views> = {}) =>
    ({ ...CFG, views: { ...CFG.views, ...on, ...names } })
  const ALL = views({ lifecycle: true, intent: true, value: true })
  const L3 = 'L3 认同我的人'
  const synced = (labels: string[]) => ({ labels, remark: 'L3|张三', baseRemark: '张三' })

  it.each([
    {
      name: 'off by default: a 老客 with 高 intent and class A gets the rung label only',
      cfg: CFG, views: { stage: '老客', intent: '高', value: 'A' }, ledger: synced([L3]),
      want: { remark: undefined, added: [], removed: [] },
    },
    {
      name: 'lifecycle on: a 老客 gets 老客 next to the rung label',
      cfg: views({ lifecycle: true }), views: { stage: '老客', intent: '高', value: 'A' }, ledger: synced([L3]),
      want: { remark: undefined, added: ['老客'], removed: [] },
    },
    {
      name: 'every view on: one label per view',
      cfg: ALL, views: { stage: '忠诚', intent: '高', value: 'A' }, ledger: synced([L3]),
      want: { remark: undefined, added: ['忠诚客户', '高意向', 'A类客户'], removed: [] },
    },
    {
      name: 'the view changed (新客 → 老客, 中 → 高): the new label is added, the old one removed',
      cfg: ALL, views: { stage: '老客', intent: '高', value: 'B' }, ledger: synced([L3, '新客', '中意向', 'B类客户']),
      want: { remark: undefined, added: ['老客', '高意向'], removed: ['新客', '中意向'] },
    },
    {
      name: 'a view turned off: its label comes off, the others stay',
      cfg: views({ lifecycle: true }), views: { stage: '老客', intent: '高', value: 'A' }, ledger: synced([L3, '老客', '高意向', 'A类客户']),
      want: { remark: undefined, added: [], removed: ['高意向', 'A类客户'] },
    },
    {
      name: 'not yet derived (no contact_views row): no view label',
      cfg: ALL, views: { stage: null, intent: null, value: null }, ledger: synced([L3]),
      want: { remark: undefined, added: [], removed: [] },
    },
    {
      name: 'a value named \'\' gets no label (low intent left unlabelled), and 未互动 has none',
      cfg: views({ lifecycle: true, intent: true }, { intentNames: { ...CFG.views.intentNames, 低: '' } }),
      views: { stage: '未互动', intent: '低', value: 'C' }, ledger: synced([L3, '中意向']),
      want: { remark: undefined, added: [], removed: ['中意向'] },
    },
    {
      name: 'names are the merchant\'s: lifecycleNames.老客 = 回头客',
      cfg: views({ lifecycle: true }, { lifecycleNames: { ...CFG.views.lifecycleNames, 老客: '回头客' } }),
      views: { stage: '老客', intent: '中', value: 'B' }, ledger: synced([L3]),
      want: { remark: undefined, added: ['回头客'], removed: [] },
    },
  ])('$name', ({ cfg, views: v, ledger, want }) => {
    expect(changes(input({ tier: 3, currentRemark: 'L3|张三', views: v, ledger }), cfg)).toEqual(want)
  })

  it('the remark never carries a view: first sync of a 老客 A with every view on writes the ladder prefix only', () => {
    const got = changes(input({ tier: 3, currentRemark: '张三', views: { stage: '老客', intent: '高', value: 'A' } }), ALL)
    expect(got).toEqual({ remark: 'L3|张三', added: [L3, '老客', '高意向', 'A类客户'], removed: [] })
  })
})

describe('planSync: the remark is plain text, whatever the name or remark holds', () => {
  it.each([
    { name: 'a name with a bell, a line break and a right-to-left override', inp: input({ tier: 1, name: '小\u0007红\n宝妈\u202E' }), want: 'L1|小红 宝妈' },
    { name: 'a NUL and a tab in the merchant\'s remark', inp: input({ tier: 2, currentRemark: '张\u0000三\t广州' }), want: 'L2|张三 广州' },
    { name: 'emoji sequences keep their joiners and variation selectors', inp: input({ tier: 3, name: '👨‍👩‍👧 ❤️ 王姐' }), want: 'L3|👨‍👩‍👧 ❤️ 王姐' },
    { name: 'a name of control characters only falls back to the prefix alone', inp: input({ tier: 1, name: '\u0001\u0002' }), want: 'L1|' },
  ])('$name', ({ inp, want }) => expect(changes(inp).remark).toBe(want))
})

describe('planSync: a prefix in the default format, after the format was changed', () => {
  const cfg = { ...CFG, remarkPrefix: '【{code}】' }
  it.each([
    { name: 'an old default prefix and no record of it: replaced, not kept beside the new one', current: 'L2|张三', want: '【L3】张三' },
    { name: 'both formats stacked: one prefix comes out', current: '【L2】L1|张三', want: '【L3】张三' },
    { name: 'the merchant\'s own text that merely contains a bar stays', current: '张三|广州', want: '【L3】张三|广州' },
  ])('$name', ({ current, want }) => expect(changes(input({ tier: 3, currentRemark: current }), cfg).remark).toBe(want))
})
