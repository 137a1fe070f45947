import cron from 'node-cron'
import { z } from 'zod'
import { readCalendarDate } from '../occasions/calendar-date.js'

/**
 * The one configuration schema. Every default is the rule README.md describes; a deployment overrides
 * them in YAML (config/tierbot.example.yaml lists every key) and a few from the environment (loader.ts).
 */

const tierCode = z.enum(['L0', 'L1', 'L2', 'L3', 'L4', 'L5'])
const keywordList = z.array(z.string().min(1)).default([])
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM, e.g. "12:00"')

const timeZone = z.string().refine(isValidTimeZone, { message: 'expected an IANA time zone such as Asia/Shanghai' })
// node-cron's own check, so a bad schedule stops start-up with its field path instead of failing later.
const cronExpression = z.string().refine((s) => cron.validate(s), {
  message: 'expected a cron expression (minute hour day month weekday), e.g. "0 9 * * *" for 09:00 every day',
})

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export const ladderSchema = z.object({
  /** L2: private conversation rounds (seed 002: 3 轮私聊). */
  roundsForL2: z.number().int().min(1).default(3),
  /** L3: approval or buying-intent signals within the window. */
  approvalsForL3: z.number().int().min(1).default(2),
  approvalWindowDays: z.number().int().min(1).default(90),
  /** L5: paid orders, and spend (fen) or referrals instead of the spend, and no complaint in the window. */
  l5MinOrders: z.number().int().min(1).default(3),
  l5MinSpendFen: z.number().int().min(0).default(50_000),
  l5MinReferrals: z.number().int().min(1).default(1),
  l5ComplaintWindowDays: z.number().int().min(1).default(180),
}).strict().prefault({})

export const activitySchema = z.object({
  /** "new": added fewer than this many days ago and still L0. */
  newDays: z.number().int().min(0).default(7),
  /** silent: last inbound interaction more than this many days ago. */
  silentAfterDays: z.number().int().min(1).default(30),
  /** dormant: last inbound interaction more than this many days ago. */
  dormantAfterDays: z.number().int().min(1).default(180),
  /** dormant: L0 for more than this many days since added. */
  strangerDormantDays: z.number().int().min(1).default(30),
}).strict().prefault({})

/*
 * Keyword lists (docs/rules.md §3, read as §7 asks). A keyword may hold `*`: a slot where degree and aspect
 * words (`degreeWords`) may stand, so '效果*好' also reads 效果很好 / 效果真的好, and '不*好用' reads 不太好用 /
 * 不是很好用. Matching is plain substring search on the lower-cased text; the rules of reading (negation
 * scope, questions) are in src/signals/reading.ts.
 */
export const signalsSchema = z.object({
  /** A keyword governed by one of these (directly, or with degree words between) does not count. */
  negations: keywordList.default(['不', '没', '别', '未', '无', '算不上', '谈不上', '说不上']),
  /** At most this many degree/aspect words between a negation and its keyword (不是很喜欢 = 2); 0 turns negation off. */
  negationWindow: z.number().int().min(0).max(6).default(3),
  /** Degree and aspect words a negation reaches across, and that may fill a `*` slot in a keyword. */
  degreeWords: keywordList.default([
    '很', '太', '是', '特别', '非常', '那么', '这么', '怎么', '咋', '大', '够', '算', '多', '有', '有多', '有那么',
    '一点也', '一点都', '并', '都', '也', '还', '再', '真', '真的', '好', '蛮', '挺', '超', '超级', '十分', '觉得', '感觉', '发现',
    '会', '能', '要', '给', '用', '让我', '让人', '什么', '啥', '太过', '完全', '根本', '一直', '已经', '无比',
    // Wanting and planning: 不想退货, 不打算投诉, 不需要退款 say the customer is not complaining.
    '想', '打算', '需要',
  ]),
  /** Words that end a clause like a comma does (a negation or a question never reaches past them). */
  conjunctions: keywordList.default(['但是', '但', '不过', '可是', '只是', '然后', '而且', '所以']),
  intent: keywordList.default([
    '多少钱', '多少前', '价格', '价钱', '什么价', '啥价', '怎么买', '怎么卖', '咋买', '咋卖', '下单', '链接', '有货', '还有吗',
    '包邮', '优惠', '发货', '几钱', '怎么付', '要一', '要两', '拍一', '拍两', '想买', '想要', '购买',
    '推荐一下', '有什么推荐', '有啥推荐', '哪款', '库存', '预定', '预订', '别的颜色', '其他颜色', '多拿', '就买', '买一', '买两', '买三', '带两', '多少米', '给我留', '还有没', '寄到', '运费', '再来', '还要', '有活动', '满减', '推荐给我一', '推荐给我个', '介绍给我一', '介绍给我个',
  ]),
  approval: keywordList.default([
    '喜欢', '稀饭', '好用', '不错', '谢谢', '感谢', '多谢', '太棒', '很棒', '真棒', '超棒', '爱了', '满意', '回购', '效果*好',
    '有效果', '有效', '好了很多', '舒服', '温和', '适合我', '很适合', '爱吃', '爱喝', '爱用', '没*失望', '不*失望', '真好', '开心', '没得说', '没话说', '好多了', '好评', '强烈推荐', '值得推荐', '好看', '好闻', '好吃', '好喝', '给力', '真香', '绝了', 'yyds', '赞', '挺好', '很好',
    '👍', '❤️', '😍', '🥰', '[强]', '[爱心]', '[玫瑰]', '[鼓掌]', '[赞]',
  ]),
  /** Approval words that are also plain courtesy: they do not count in a message that declines (`declines`). */
  courtesy: keywordList.default(['谢谢', '感谢', '多谢']),
  /** "谢谢，不用了": polite no. */
  declines: keywordList.default(['不用了', '不需要', '不要了', '算了', '先不', '暂时不', '再看看', '考虑一下', '不买']),
  complaint: keywordList.default([
    '退货', '退款', '投诉', '过敏', '质量*差', '效果*差', '假货', '骗', '差评', '坏了', '坏的', '容易坏', '不*好用', '没*好用', '没*效果',
    '效果*不*好', '不*满意', '太差', '垃圾', '烂脸', '过期', '发错', '失望', '上当', '坑人', '难用', '后悔买', '刺痛', '冒痘', '长痘', '爆痘', '难闻', '要退',
    '少发', '压扁', '压坏', '脸红', '泛红', '变黑', '上火', '副作用', '太一般', '很一般', '一般般', '质量*不行', '效果*不行', '不怎么样',
    '没*想象', '态度*差', '没*变化', '效果*都没', '一点用都没', '起痘', '漏了', '漏液', '碎了',
  ]),
  referral: keywordList.default([
    '朋友*想', '闺蜜*想', '同事*想', '帮朋友', '帮我朋友', '帮同事', '帮我同事', '帮闺蜜', '帮我闺蜜', '给朋友买', '推荐给', '介绍给', '分享给',
    '安利给', '推给', '来加你',
  ]),
  /** People a customer may buy for or bring along: a buying question in the same clause as one of them is a referral too. */
  referrers: keywordList.default(['朋友', '闺蜜', '同事', '同学', '室友', '邻居', '表妹', '表姐', '姐妹']),
  persona: z.record(z.string(), z.array(z.string().min(1))).default({
    宝妈: ['宝宝', '孩子', '奶粉', '辅食', '娃', '儿子', '女儿', '闺女', '小孩', '怀孕', '孕妇', '哺乳'],
    // Not 老板: customers call the merchant 老板.
    上班族: ['上班', '加班', '公司', '下班', '同事', '通勤', '开会'],
    价格敏感: ['便宜', '打折', '划算', '太贵', '有点贵', '好贵', '优惠券', '性价比', '砍价', '手头紧', '有活动', '满减'],
  }),
  /** Phrases that hide the shorter keywords inside them ("推荐给我的" is not a referral). */
  ignore: keywordList.default([
    '推荐给我一', '推荐给我的', '推荐给我个', '推荐给我吧', '介绍给我一', '介绍给我的', '介绍给我个', '很好奇', '需要一', '需要两',
    '只要一', '要一起', '好的坏的',
  ]),
  /** A complaint keyword after one of these in its clause ("怕过敏") is a worry before buying, read like a question. */
  worries: keywordList.default(['怕', '担心', '害怕', '万一']),
  /**
   * A yes/no question about a quality ("好用吗", "会过敏吗") is not a verdict; the customer is weighing a
   * purchase, so it counts as buying intent (and waits in the digest for an answer). false: it counts as nothing.
   */
  qualityQuestionIsIntent: z.boolean().default(true),
}).strict().prefault({})

export const labelsSchema = z.object({
  /** Write tier labels (tags). Turned off automatically when the puppet answers UNIMPLEMENTED. */
  enabled: z.boolean().default(true),
  /** Write the tier prefix into the remark (备注). */
  remarks: z.boolean().default(true),
  /** Also label silent / dormant customers. */
  activity: z.boolean().default(false),
  /** Also label personas (宝妈 …). */
  persona: z.boolean().default(false),
  names: z.object({
    L0: z.string().min(1).default('L0 陌生人'),
    L1: z.string().min(1).default('L1 知道我的人'),
    L2: z.string().min(1).default('L2 认识我的人'),
    L3: z.string().min(1).default('L3 认同我的人'),
    L4: z.string().min(1).default('L4 信任我的人'),
    L5: z.string().min(1).default('L5 超级用户'),
  }).strict().prefault({}),
  activityNames: z.object({
    silent: z.string().min(1).default('沉默客户'),
    dormant: z.string().min(1).default('沉睡客户'),
  }).strict().prefault({}),
  /**
   * One label per customer view (lifecycle, intent band, value class), each off by default. The
   * label follows what the daily views pass stored; when the view changes the old label is taken off,
   * and turning a view off takes its labels off. The remark stays ladder-only. A name set to '' means
   * no label for that value (e.g. `low: ''` to label only 高/中 intent).
   */
  views: z.object({
    lifecycle: z.boolean().default(false),
    intent: z.boolean().default(false),
    value: z.boolean().default(false),
    lifecycleNames: z.object({
      潜在: z.string().default('潜在客户'),
      新客: z.string().default('新客'),
      老客: z.string().default('老客'),
      忠诚: z.string().default('忠诚客户'),
    }).strict().prefault({}),
    intentNames: z.object({
      高: z.string().default('高意向'),
      中: z.string().default('中意向'),
      低: z.string().default('低意向'),
    }).strict().prefault({}),
    valueNames: z.object({
      A: z.string().default('A类客户'),
      B: z.string().default('B类客户'),
      C: z.string().default('C类客户'),
    }).strict().prefault({}),
  }).strict().prefault({}),
  /** Remark prefix; `{code}` becomes L0 … L5. */
  remarkPrefix: z.string().default('{code}|').refine((s) => s.includes('{code}'), 'must contain {code}'),
  /** WeCom allows 20 characters in a remark. */
  remarkMaxLength: z.number().int().min(4).max(100).default(20),
  /** Platforms punish bursts: at most this many writes a minute. */
  ratePerMinute: z.number().min(0.1).max(600).default(20),
  jitterMs: z.number().int().min(0).default(1500),
  maxAttempts: z.number().int().min(1).default(5),
  /** Also write labels and remarks for L0 friends (off: only contacts who ever interacted). */
  includeStrangers: z.boolean().default(false),
  /**
   * platform `juzi` (WeCom corp tags): the tag group that holds tierbot's tags. Created once, found by
   * name afterwards; the merchant's other groups are never touched.
   */
  tagGroup: z.string().trim().min(1).max(30).default('tierbot 信任等级'),
}).strict().prefault({})

export const digestSchema = z.object({
  enabled: z.boolean().default(true),
  /** node-cron expression, in `timezone`. */
  cron: cronExpression.default('0 9 * * *'),
  /** If the bot was down at the scheduled time, catch up on start until this local time. */
  catchUpUntil: hhmm.default('12:00'),
  wakeUpCount: z.number().int().min(0).default(3),
  /** Leave out customers the merchant messaged within this many days without an answer. */
  noAnswerDays: z.number().int().min(0).default(14),
  /** Unanswered buying questions older than this are dropped from the list. */
  inquiryMaxAgeDays: z.number().int().min(1).default(7),
  warmingConsecutiveDays: z.number().int().min(2).default(3),
  followUpDays: z.array(z.number().int().min(1)).default([1, 3]),
  replenishDays: z.number().int().min(1).default(30),
  /** How many entries each section shows at most. */
  maxPerSection: z.number().int().min(1).default(10),
  /** Split longer digests into several chat messages. */
  maxMessageLength: z.number().int().min(200).default(1500),
}).strict().prefault({})

export const reportSchema = z.object({
  /** Send the weekly picture report (the daily funnel snapshots are kept either way). */
  enabled: z.boolean().default(true),
  /** node-cron expression, in `timezone`: Monday 09:00. The report covers the week that just ended (on a Sunday schedule, the week ending that day). */
  cron: z.string().default('0 9 * * 1'),
  /** If the bot was down at the scheduled time, catch up on start that day until this local time. */
  catchUpUntil: hhmm.default('12:00'),
  /** Weeks shown in the trend charts (the report's week included). */
  weeks: z.number().int().min(2).max(26).default(8),
  /** Names listed for rung moves up and down. */
  topMovers: z.number().int().min(0).max(20).default(5),
}).strict().prefault({})

export const commandsSchema = z.object({
  /** Amounts above this (yuan) are refused as a likely typo. */
  maxAmountYuan: z.number().positive().default(100_000),
  /** Default days for /snooze without a number. */
  defaultSnoozeDays: z.number().int().min(1).default(14),
  /** /undo takes back the merchant's last /paid, /refund, /note, pin or snooze within this many minutes. */
  undoMinutes: z.number().int().min(1).max(1440).default(10),
  /** `/paid 张三 199 10月15日` records a payment late; dates further back are refused as a likely typo. */
  maxBackdateDays: z.number().int().min(1).default(366),
}).strict().prefault({})

const calendarDateText = z.string().refine((text) => readCalendarDate(text) !== null, {
  message: 'expected a yearly date such as "3月8日", "农历八月十五" or "5月第2个周日"',
})

export const festivalSchema = z.object({
  name: z.string().min(1),
  /** A yearly date: "3月8日", "农历八月十五" (computed with a lunar calendar library), "5月第2个周日". */
  date: calendarDateText,
  /** The digest names the festival from this many days before it until the day itself. */
  daysAhead: z.number().int().min(0).max(60).default(5),
  /** Customers with one of these personas suit the festival from L1 up (宝妈 → 母亲节, 儿童节). */
  personas: z.array(z.string().min(1)).default([]),
  /** Everyone at or above this rung suits it (L4/L5 get the 老客福利 line as well). */
  minTier: tierCode.default('L3'),
  /** The suggested greeting for the merchant to send. */
  line: z.string().min(1),
  /**
   * The greeting for customers with one of `personas`, when it should differ from `line` (母亲节: a 宝妈 hears
   * 当妈妈辛苦啦; everyone else 给妈妈挑份礼物). Default: `line` for everyone.
   */
  personaLine: z.string().min(1).optional(),
}).strict()

export type Festival = z.infer<typeof festivalSchema>

/** Festivals this trade greets customers on (seeds 000/001: 在节日或特殊日子送上问候). Lunar ones move every year. */
export const DEFAULT_FESTIVALS: z.input<typeof festivalSchema>[] = [
  { name: '元旦', date: '1月1日', daysAhead: 5, line: '新年快乐！新的一年也请多多关照～' },
  { name: '春节', date: '农历正月初一', daysAhead: 10, line: '新春快乐！给你拜个早年，祝新年顺顺利利🧧' },
  { name: '元宵', date: '农历正月十五', daysAhead: 3, line: '元宵节快乐，记得吃汤圆～' },
  { name: '妇女节', date: '3月8日', daysAhead: 5, personas: ['宝妈', '上班族'], line: '女神节快乐！记得宠爱自己一下💐' },
  { name: '520', date: '5月20日', daysAhead: 5, line: '520 快乐，爱自己也是一件大事💝' },
  {
    name: '母亲节', date: '5月第2个周日', daysAhead: 7, personas: ['宝妈'],
    line: '母亲节快到了，给妈妈挑份礼物吧🌷', personaLine: '母亲节快乐！当妈妈辛苦啦，也给自己挑份礼物吧🌷',
  },
  {
    name: '儿童节', date: '6月1日', daysAhead: 7, personas: ['宝妈'],
    line: '六一快到啦，家里有小朋友的话，礼物可以准备起来啦🎈', personaLine: '六一快到啦，给宝贝的礼物准备好了吗？🎈',
  },
  { name: '618', date: '6月18日', daysAhead: 7, personas: ['价格敏感'], line: '618 有专属优惠，要不要提前帮你留一份？' },
  { name: '父亲节', date: '6月第3个周日', daysAhead: 5, line: '父亲节快到了，给爸爸挑份礼物吧👔' },
  { name: '七夕', date: '农历七月初七', daysAhead: 5, line: '七夕快乐～祝你被好好爱着💕' },
  { name: '中秋', date: '农历八月十五', daysAhead: 7, line: '中秋快乐，月圆人团圆🥮' },
  { name: '国庆', date: '10月1日', daysAhead: 5, line: '国庆快乐，假期玩得开心～' },
  { name: '双11', date: '11月11日', daysAhead: 10, personas: ['价格敏感'], line: '双11 的优惠提前告诉你，要不要帮你留一份？' },
  { name: '双12', date: '12月12日', daysAhead: 5, personas: ['价格敏感'], line: '双12 还有一波优惠，需要的话跟我说～' },
  { name: '圣诞', date: '12月25日', daysAhead: 5, line: '圣诞快乐🎄' },
]

export const occasionsSchema = z.object({
  /** The digest's "🎉 近期节日 / 🎂 生日" section and the 换季 replenish line. */
  enabled: z.boolean().default(true),
  /** Birthdays from today to this many days ahead are named (6: today and this week). */
  birthdayDaysAhead: z.number().int().min(0).max(31).default(6),
  /** Customers named for a festival (the few it suits best). */
  festivalCustomers: z.number().int().min(1).max(20).default(3),
  /** A replenish reminder this many days either side of 立春/立夏/立秋/立冬 gets the 换季 line. */
  seasonWindowDays: z.number().int().min(0).max(30).default(7),
  /** Replaces the whole default list when set. */
  festivals: z.array(festivalSchema).prefault(DEFAULT_FESTIVALS),
}).strict().prefault({})

/**
 * The other views of a customer next to the ladder (intent score, lifecycle, A/B/C value, referrals,
 * points). The remark stays ladder-only; these show in /tier, /why, /list, the export and the digest.
 */
export const viewsSchema = z.object({
  /** Keep the views at all (intent on ingest, lifecycle and value in the daily pass). */
  enabled: z.boolean().default(true),
  intent: z.object({
    /** Weight of one customer behaviour (seed 003's 行为权重). */
    weights: z.object({
      group: z.number().min(0).default(1),
      private: z.number().min(0).default(2),
      approval: z.number().min(0).default(3),
      question: z.number().min(0).default(5),
      buying: z.number().min(0).default(8),
      redEnvelope: z.number().min(0).default(5),
    }).strict().prefault({}),
    /** A behaviour weighs half as much after this many days. */
    halfLifeDays: z.number().positive().max(365).default(14),
    /** Score at or above which a customer is 高 (never while dormant). */
    highAt: z.number().positive().default(20),
    /** Score at or above which a customer is 中. */
    mediumAt: z.number().positive().default(6),
  }).strict().prefault({}),
  lifecycle: z.object({
    /** Orders from which a customer is 忠诚 (an L5 is 忠诚 too). */
    loyalOrders: z.number().int().min(2).default(10),
  }).strict().prefault({}),
  /** The digest's "高意向，还没成交", "老客该复购了" and referral thank-you sections: entries each. */
  digestPerSection: z.number().int().min(1).max(20).default(3),
  points: z.object({
    /** A points ledger (会员积分); off by default. */
    enabled: z.boolean().default(false),
    /** Points per yuan paid (a ¥199 order at 1 → 199 points). */
    perYuan: z.number().min(0).default(1),
    /** Points for each friend a customer brings. */
    perReferral: z.number().int().min(0).default(100),
  }).strict().prefault({}),
}).strict().prefault({})

/**
 * Which Wechaty stack talks to the puppet service (TIERBOT_PLATFORM). `wechaty`: the official packages
 * (personal WeChat gateways, and WeCom with remarks only). `juzi`: the @juzi/wechaty fork that WorkPro
 * (句子互动) tokens need for WeCom corp tags (企业标签) and for hearing that a customer deleted the account.
 */
export const platformSchema = z.enum(['wechaty', 'juzi'])
export type PlatformKind = z.infer<typeof platformSchema>

export const retentionSchema = z.object({
  /**
   * Erase message text older than this many days, nightly (PIPL: keep no longer than needed). Counts,
   * stats, tiers and reasons stay; reasons that quoted old text lose the quote. null (default) = keep.
   */
  messageTextDays: z.number().int().min(1).nullable().default(null),
  /** When the nightly erase runs (node-cron, in `timezone`). */
  cron: z.string().default('0 4 * * *'),
}).strict().prefault({})

export const backupSchema = z.object({
  /** Daily backup (node-cron, in `timezone`), e.g. "0 3 * * *"; empty (default) = no scheduled backups. */
  cron: z.string().default(''),
  /** Folder for the daily copies (tierbot-YYYY-MM-DD.db); best on another disk. */
  dir: z.string().min(1).default('data/backups'),
  /** How many daily copies to keep; older ones are deleted. */
  keep: z.number().int().min(1).default(7),
}).strict().prefault({})

export const configSchema = z.object({
  /** Which stack to load (TIERBOT_PLATFORM); only that one is ever imported. */
  platform: platformSchema.default('wechaty'),
  /** SQLite database file (TIERBOT_DB). Created with mode 0600. */
  db: z.string().min(1).default('data/tierbot.db'),
  /** IANA time zone for days, the digest and follow-ups (TIERBOT_TZ). */
  timezone: timeZone.default('Asia/Shanghai'),
  /** Contact ids (preferred) or names allowed to command the bot in private chat (TIERBOT_ADMINS). */
  admins: z.array(z.string().min(1)).default([]),
  /** Room id or exact topic of the merchant's control group; the account's own messages there are commands. */
  controlRoom: z.string().min(1).optional(),
  /** Room ids or topics to ignore entirely (not logged); empty = monitor every group. */
  ignoreRooms: z.array(z.string()).default([]),
  log: z.object({
    // `INFO` or `Debug` (a habit from other tools) read as the level they name.
    level: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  }).strict().prefault({}),
  /** Daily reclassification pass for changes only time causes, node-cron in `timezone`. */
  reclassifyCron: cronExpression.default('30 8 * * *'),
  ladder: ladderSchema,
  activity: activitySchema,
  signals: signalsSchema,
  labels: labelsSchema,
  digest: digestSchema,
  report: reportSchema,
  commands: commandsSchema,
  occasions: occasionsSchema,
  views: viewsSchema,
  retention: retentionSchema,
  backup: backupSchema,
}).strict()

export type Config = z.infer<typeof configSchema>
export type ConfigInput = z.input<typeof configSchema>
export type TierCodeName = z.infer<typeof tierCode>

export const DEFAULT_CONFIG: Config = configSchema.parse({})
