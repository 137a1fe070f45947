import { typoDistance } from '../shared/distance.js'

/*
 * Command words and their Chinese aliases (issue 5). The one table /help is generated from, so a new
 * alias cannot be accepted without being documented.
 */

/** Sentence punctuation typed after a word (`/tier 李娜。`, `3月8日！`, `确认。`; `，` is `,` after NFKC): not part of it. */
export const TRAILING_PUNCTUATION = /[。，、！？!?；;～~…,]+$/u

export type CommandName =
  | 'tier' | 'why' | 'paid' | 'refund' | 'note' | 'notes' | 'silent' | 'hot' | 'list' | 'snooze'
  | 'stats' | 'digest' | 'report' | 'help' | 'handled' | 'undo' | 'orders' | 'chat' | 'top' | 'delnote' | 'birthday' | 'forget'
  | 'ref' | 'refs' | 'points'

export interface CommandSpec {
  name: CommandName
  aliases: string[]
  /** Usage line shown by /help and on a malformed command. */
  usage: string
  summary: string
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'tier', aliases: ['层级'], usage: '/tier 张三', summary: '查看层级、活跃度和下一步（/tier 张三 L4 手动设定，/tier 张三 auto 取消）' },
  { name: 'why', aliases: ['为什么'], usage: '/why 张三', summary: '层级的依据和最近变化' },
  { name: 'paid', aliases: ['付款'], usage: '/paid 张三 199 [日期] [备注]', summary: '记录一笔付款；补记以前的付款把日期写在金额后面：10月15日、3天前、昨天（如 /paid 张三 199 10月15日、/paid 张三 199 3天前）' },
  { name: 'refund', aliases: ['退款'], usage: '/refund 张三 199 [日期] [备注]', summary: '记录一笔退款；以前的退款把日期写在金额后面，和付款一样（如 /refund 张三 199 昨天）' },
  { name: 'note', aliases: ['笔记'], usage: '/note 张三 内容', summary: '给客户记一条笔记（只有你看得到）' },
  { name: 'notes', aliases: ['笔记列表', '查看笔记'], usage: '/notes 张三', summary: '看客户的笔记' },
  { name: 'delnote', aliases: ['删笔记'], usage: '/delnote 张三 1', summary: '删掉 /notes 列出的第 1 条笔记' },
  { name: 'orders', aliases: ['订单'], usage: '/orders 张三', summary: '客户的付款和退款记录' },
  { name: 'chat', aliases: ['聊天'], usage: '/chat 张三', summary: '客户最近几条消息' },
  { name: 'silent', aliases: ['沉默'], usage: '/silent [5]', summary: '现在该唤醒的沉默客户' },
  { name: 'hot', aliases: ['热', '热门'], usage: '/hot', summary: '热门线索和没回复的购买询问' },
  { name: 'list', aliases: ['名单'], usage: '/list L3', summary: '某一层的客户名单（也可以 /list 超级用户、/list 3、/list 沉默、/list 沉睡、/list 流失；按视角：潜在 新客 老客 忠诚 高意向 A类 B类 C类）' },
  { name: 'ref', aliases: ['推荐'], usage: '/ref 新朋友 老客户', summary: '记下新朋友是哪位老客户介绍来的' },
  { name: 'refs', aliases: ['推荐名单'], usage: '/refs 张三', summary: '张三介绍来的朋友和他们买了什么' },
  { name: 'points', aliases: ['积分'], usage: '/points 张三 [+50 生日礼]', summary: '查看或调整积分（-50 兑换：/points 张三 -50 兑换；需开启积分）' },
  { name: 'top', aliases: ['排行'], usage: '/top [10]', summary: '累计消费最多的客户' },
  { name: 'birthday', aliases: ['生日'], usage: '/birthday 张三 3月8日', summary: '记客户生日（农历也行：/生日 张三 农历八月十五）；记错了再发一次新日期就改；只写名字是查看，写“删除”删掉（/birthday 张三 删除）' },
  { name: 'snooze', aliases: ['暂停'], usage: '/snooze 张三 14', summary: '14 天内不提醒唤醒（0 = 取消：/snooze 张三 0）' },
  { name: 'handled', aliases: ['已处理'], usage: '/handled 张三', summary: '投诉已处理，日报不再提醒' },
  { name: 'undo', aliases: ['撤销'], usage: '/undo', summary: '撤回刚才的 /paid、/refund、/note、手动层级或暂停' },
  { name: 'stats', aliases: ['统计'], usage: '/stats', summary: '漏斗、同步状态和数据量' },
  { name: 'digest', aliases: ['日报'], usage: '/digest [全部]', summary: '现在发今天的日报（/digest 全部：每一栏都不省略）' },
  { name: 'report', aliases: ['周报'], usage: '/report', summary: '本周到今天的周报图片' },
  { name: 'help', aliases: ['帮助', '?', '？'], usage: '/help', summary: '命令列表；/help 生日 只看一个命令的用法' },
  { name: 'forget', aliases: ['删除客户'], usage: '/forget 张三', summary: '永久删除一位客户的全部数据（先列出要删的，回复确认才删：/forget 张三 确认）' },
]

/*
 * Old aliases that still work, with a hint. 备注 is WeChat's word for the remark tierbot writes, so the
 * private notes are 笔记 now.
 */
export const OLD_ALIASES: Readonly<Record<string, { name: CommandName; now: string }>> = {
  备注: { name: 'note', now: '笔记' },
  备注列表: { name: 'notes', now: '笔记列表' },
  查看备注: { name: 'notes', now: '查看笔记' },
}

const BY_WORD = new Map<string, CommandName>()
for (const spec of COMMANDS) {
  BY_WORD.set(spec.name, spec.name)
  for (const alias of spec.aliases) BY_WORD.set(alias, spec.name)
}
for (const [alias, { name }] of Object.entries(OLD_ALIASES)) BY_WORD.set(alias, name)
// Longest first, so 备注列表 wins over 备注 when the merchant types no space (`/备注列表张三`).
const CJK_ALIASES = [...BY_WORD.keys()].filter((w) => /^[\u4e00-\u9fff]/.test(w)).sort((a, b) => b.length - a.length)

export function lookupCommandWord(word: string): CommandName | undefined {
  return BY_WORD.get(word.normalize('NFKC').toLowerCase())
}

export function specOf(name: CommandName): CommandSpec {
  return COMMANDS.find((c) => c.name === name)!
}

/** The command word and the rest; a Chinese alias may be glued to its argument (`/层级张三`). */
export function splitCommandWord(line: string): { word: string; rest: string } {
  const m = /^\s*(\S*)\s*([\s\S]*)$/.exec(line)!
  const word = m[1]
  if (lookupCommandWord(word)) return { word, rest: m[2] }
  // `/hot?`, `/stats!`: punctuation typed after the command word is not part of it.
  const bare = word.replace(TRAILING_PUNCTUATION, '')
  if (bare !== word && lookupCommandWord(bare)) return { word: bare, rest: line.trimStart().slice(bare.length) }
  for (const alias of CJK_ALIASES) {
    if (word.startsWith(alias)) return { word: alias, rest: line.trimStart().slice(alias.length) }
  }
  // `/tier李四`: an English command word runs into a Chinese name when the IME is switched mid-word.
  const glued = /^([A-Za-z]+)(?=[^\x00-\x7F])/.exec(word)
  if (glued && lookupCommandWord(glued[1])) return { word: glued[1], rest: line.trimStart().slice(glued[1].length) }
  return { word, rest: m[2] }
}

/**
 * The command a mistyped word most likely meant (`piad` → paid, `tierx` → tier, `付钱` → paid), or
 * undefined when nothing is that close: one slip for a short English word, two for a longer one; a
 * Chinese word of the alias's length that differs in one character after the same first one.
 */
export function commandMeant(word: string): CommandName | undefined {
  const w = word.normalize('NFKC').toLowerCase()
  if (!w || lookupCommandWord(w)) return undefined
  const cjk = /^[\u4e00-\u9fff]/.test(w)
  let best: { name: CommandName; d: number } | undefined
  for (const [alias, name] of BY_WORD) {
    if (cjk !== /^[\u4e00-\u9fff]/.test(alias)) continue
    if (cjk && ([...alias].length !== [...w].length || alias[0] !== w[0])) continue
    const d = typoDistance(w, alias)
    if (!best || d < best.d) best = { name, d }
  }
  const limit = cjk ? 1 : [...w].length <= 4 ? 1 : 2
  return best && best.d <= limit ? best.name : undefined
}

/** A hint when the merchant used an old alias (`/备注 …`): the command still runs. */
export function oldAliasHint(line: string): string | null {
  const head = line.normalize('NFKC').trim().replace(/^[/、]/, '')
  const { word } = splitCommandWord(head.split('\n')[0])
  const old = OLD_ALIASES[word]
  return old ? `（提示：/${word} 以后请用 /${old.now}。“备注”在微信里指联系人的备注名，tierbot 会在那里写层级）` : null
}
