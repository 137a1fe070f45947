import type { Activity, Tier } from '../tiers/ladder.js'

/*
 * The demo's customers and what they said, as scripts by days ago ('>' customer, '<' merchant on the
 * phone; see scenario.ts). Inbound text is written against the default keyword lists of
 * config/schema.ts: only the lines meant as signals contain a keyword, so each customer lands on the
 * rung in `expect`. Names repeat on purpose (王芳 ×2, 张三 ×2 + 张三丰, 陈晨 ×2) for name resolution.
 */

export interface CastMember {
  id: string
  name: string
  remark?: string
  gender?: 'male' | 'female'
  /** Group members met in a group are not always friends. */
  friend?: boolean
  /** Friends who never wrote need an explicit add time; others are added 2 days before their first message. */
  addedDaysAgo?: number
  /** The greeting when they asked to be friends ("我是小雪介绍的"). */
  hello?: string
  rooms?: string[]
  days: Array<[daysAgo: number, lines: string[]]>
  group?: Array<[daysAgo: number, roomId: string, text: string]>
  /** Amounts the merchant confirms for this customer's transfers: [days ago, fen]. */
  confirmed?: Array<[daysAgo: number, amountFen: number]>
  highlight?: 'inquiry' | 'warming' | 'follow-up-1' | 'follow-up-3' | 'replenish' | 'chased'
  expect: { tier: Tier; activity: Activity }
  why: string
}

const VIP = 'demo-vip@chatroom'
const NEW = 'demo-new@chatroom'

export const CAST: CastMember[] = [
  // L0: friends who never wrote.
  { id: 'demo-c01', name: '王芳', addedDaysAgo: 3, days: [], expect: { tier: 0, activity: 'new' }, why: 'added 3 days ago, never wrote' },
  { id: 'demo-c02', name: '李静', addedDaysAgo: 60, rooms: [VIP], days: [], expect: { tier: 0, activity: 'dormant' }, why: 'added 60 days ago, silent group member' },
  { id: 'demo-c03', name: '刘洋', gender: 'male', addedDaysAgo: 120, days: [], expect: { tier: 0, activity: 'dormant' }, why: 'added 120 days ago, never wrote' },
  { id: 'demo-c04', name: '陈晨', addedDaysAgo: 2, days: [], expect: { tier: 0, activity: 'new' }, why: 'added 2 days ago, never wrote' },
  { id: 'demo-c33', name: '高阳', remark: '高阳 展会加的', gender: 'male', addedDaysAgo: 90, days: [], expect: { tier: 0, activity: 'dormant' }, why: 'added 90 days ago at a fair, never wrote' },

  // L1: group-only talkers and 1–2 round chatters.
  { id: 'demo-c05', name: '赵敏', rooms: [VIP], days: [], group: [[12, VIP, '有没有宝妈一起拼团的'], [5, VIP, '宝宝最近长牙，晚上好闹']], expect: { tier: 1, activity: 'active' }, why: 'speaks only in the group' },
  { id: 'demo-c06', name: '孙丽', friend: false, rooms: [NEW], days: [], group: [[45, NEW, '收到试用装了'], [40, NEW, '这个颜色挺好看']], expect: { tier: 1, activity: 'silent' }, why: 'group member, not a friend, last spoke 40 days ago' },
  { id: 'demo-c32', name: '陈晨', rooms: [NEW], days: [], group: [[20, NEW, '试用装什么时候寄出']], expect: { tier: 1, activity: 'active' }, why: 'same name as demo-c04; spoke in the group' },
  { id: 'demo-c07', name: '周婷', days: [[10, ['>在吗', '<在的，亲有什么需要', '>随便看看']]], expect: { tier: 1, activity: 'active' }, why: '1 round' },
  { id: 'demo-c08', name: '吴霞', days: [[55, ['>你好', '<你好呀']], [50, ['>上次说的那个面膜', '<这款是新到的，补水很好']]], expect: { tier: 1, activity: 'silent' }, why: '2 rounds, 50 days ago' },
  { id: 'demo-c30', name: '张三', remark: '张三 广州', gender: 'male', days: [[9, ['>在吗', '<在的']]], expect: { tier: 1, activity: 'active' }, why: 'same name as demo-c10; 1 round' },
  { id: 'demo-c09', name: '郑爽', days: [[0, ['>你好，这款面霜多少钱？']]], highlight: 'inquiry', expect: { tier: 1, activity: 'active' }, why: 'asked a price today, nobody answered yet' },

  // L2: ≥ 3 rounds, fewer than 2 signals in 90 days.
  { id: 'demo-c10', name: '张三', remark: '张三 宝妈', rooms: [VIP], days: [[20, ['>宝宝最近皮肤干', '<可以试试我们的婴儿霜']], [15, ['>那个婴儿霜是进口的吗', '<是的，德国产的']], [8, ['>我再想想', '<好的，随时找我']]], group: [[4, VIP, '今天带孩子去打疫苗了']], expect: { tier: 2, activity: 'active' }, why: '3 rounds, no signal' },
  { id: 'demo-c11', name: '张三丰', gender: 'male', days: [[75, ['>你好', '<你好']], [70, ['>男士也能用吗', '<可以的']], [65, ['>用法是什么', '<早晚各一次']], [60, ['>好的，谢谢你的建议', '<不客气']], [5, ['<好久不见，最近怎么样？']]], highlight: 'chased', expect: { tier: 2, activity: 'silent' }, why: '4 rounds, 1 approval; messaged 5 days ago without an answer' },
  { id: 'demo-c12', name: '王芳', remark: '王芳 老乡', days: [[110, ['>你好', '<你好呀']], [105, ['>很喜欢你们的面膜', '<开心']], [100, ['>效果好，皮肤亮了', '<那就好']]], expect: { tier: 2, activity: 'silent' }, why: 'same name as demo-c01; 2 approvals 100+ days ago aged out of the 90-day window (L3 → L2)' },
  { id: 'demo-c13', name: '林小红', days: [[3, ['>最近在看护肤品', '<可以看看我们的新品']], [2, ['>新品是什么成分', '<主要是玻尿酸']], [1, ['>听起来挺适合我的', '<要不要先试试小样']]], highlight: 'warming', expect: { tier: 2, activity: 'active' }, why: '3 rounds on 3 consecutive days (warming)' },
  { id: 'demo-c14', name: '黄丽', days: [[205, ['>你好', '<你好']], [203, ['>这个适合油皮吗', '<适合的']], [200, ['>好的我知道了', '<嗯嗯']]], expect: { tier: 2, activity: 'dormant' }, why: '3 rounds, last wrote 200 days ago' },
  { id: 'demo-c15', name: '何静', days: [[30, ['>你好', '<你好']], [25, ['>面膜一盒几片', '<十片']], [20, ['>好的', '<有需要找我']], [1, ['>这个面膜还有货吗？']]], highlight: 'inquiry', expect: { tier: 2, activity: 'active' }, why: '3 rounds; asked about stock yesterday, unanswered' },
  { id: 'demo-c34', name: '罗莉', days: [[22, ['>[图片]', '>这个是你们家的吗', '<是的亲', '<[链接]https://shop.example.com/p/1001']], [18, ['>[撤回]', '>发错了', '<没关系']], [11, ['>看到了，我研究一下', '<有问题随时问']]], expect: { tier: 2, activity: 'active' }, why: '3 rounds with an image, a link and a recalled message' },

  // L3: L2 and ≥ 2 approval/intent signals in 90 days, never paid.
  { id: 'demo-c16', name: '马丽', remark: '马丽 想要精华', days: [[25, ['>你好', '<你好']], [18, ['>这款精华多少钱', '<199']], [12, ['>好喜欢这个包装', '<谢谢亲']]], expect: { tier: 3, activity: 'active' }, why: 'intent + approval, never bought (ready for a first purchase)' },
  { id: 'demo-c17', name: '杨帆', gender: 'male', days: [[70, ['>你好', '<你好']], [62, ['>男士用哪款', '<这款清爽型']], [55, ['>价格能便宜点吗', '<活动时有折扣']], [45, ['>感谢你的耐心', '<应该的']]], expect: { tier: 3, activity: 'silent' }, why: 'intent + approval, last wrote 45 days ago' },
  { id: 'demo-c18', name: '朱琳', days: [[40, ['>你好', '<你好']], [30, ['>最近熬夜脸色暗', '<试试这款面膜']], [20, ['>[红包]', '>谢谢亲的建议', '<太客气了']]], expect: { tier: 3, activity: 'active' }, why: 'red envelope + thanks' },
  { id: 'demo-c19', name: '张伟', remark: '张伟 公司同事', gender: 'male', days: [[14, ['>加班多，脸色暗沉', '<可以试试这款']], [10, ['>这个怎么买', '<小程序里就有']], [6, ['>现在有优惠吗', '<周末有活动']]], expect: { tier: 3, activity: 'active' }, why: '2 buying questions' },
  { id: 'demo-c31', name: '钱多多', days: [[28, ['>你好', '<你好']], [21, ['>送长辈用什么好', '<这款礼盒']], [16, ['>[红包]', '>下次想买个礼盒', '<好的']]], expect: { tier: 3, activity: 'active' }, why: 'red envelope + intent' },

  // L4: paid (a transfer), whatever the rounds.
  { id: 'demo-c20', name: '李娜', days: [[6, ['>你好，想买那款面霜', '<好的亲，199元']], [1, ['>[转账]', '<收到，今天发出']]], confirmed: [[1, 19_900]], highlight: 'follow-up-1', expect: { tier: 4, activity: 'active' }, why: 'paid yesterday (day-1 follow-up)' },
  { id: 'demo-c21', name: '刘敏', days: [[8, ['>你好', '<你好']], [3, ['>[转账]', '<收到，谢谢']]], confirmed: [[3, 29_900]], highlight: 'follow-up-3', expect: { tier: 4, activity: 'active' }, why: 'paid 3 days ago (day-3 follow-up)' },
  { id: 'demo-c22', name: '陈红', days: [[80, ['>你好', '<你好']], [72, ['>[转账]', '<收到']], [70, ['>收到快递了，试试看', '<有问题找我']]], confirmed: [[72, 39_900]], expect: { tier: 4, activity: 'silent' }, why: 'paid 72 days ago, silent since' },
  { id: 'demo-c23', name: '周杰', gender: 'male', days: [[2, ['>怎么买', '<直接转账就行', '>[转账]', '<收到']]], expect: { tier: 4, activity: 'active' }, why: 'paid 2 days ago; amount not confirmed yet' },
  { id: 'demo-c24', name: '吴静', days: [[150, ['>[转账]', '<收到']], [100, ['>[转账]', '<收到']], [60, ['>[转账]', '<收到']], [10, ['>用了有点过敏，想退货']]], confirmed: [[150, 20_000], [100, 20_000], [60, 20_000]], expect: { tier: 4, activity: 'active' }, why: 'former L5 (3 payments, ¥600) with a complaint 10 days ago, not answered yet' },
  { id: 'demo-c25', name: '赵丽', days: [[40, ['>[转账]', '<收到']], [15, ['>[转账]', '<收到']]], confirmed: [[40, 30_000], [15, 30_000]], expect: { tier: 4, activity: 'active' }, why: '2 payments, ¥600: one short of L5' },
  { id: 'demo-c26', name: '孙伟', gender: 'male', days: [[210, ['>你好', '<你好']], [200, ['>[转账]', '<收到']], [195, ['>收到了', '<好的']]], confirmed: [[200, 15_000]], expect: { tier: 4, activity: 'dormant' }, why: 'paid 200 days ago, last wrote 195 days ago' },

  // L5: ≥ 3 payments and ≥ ¥500 (or a referral), no complaint in 180 days.
  { id: 'demo-c27', name: '郭美美', remark: '郭美美 老客', rooms: [VIP], days: [[85, ['>[转账]', '<收到']], [60, ['>[转账]', '<收到']], [30, ['>[转账]', '<收到']], [29, ['>回购了，很满意', '<谢谢支持']]], group: [[7, VIP, '这周的活动我报名']], confirmed: [[85, 19_900], [60, 29_900], [30, 39_900]], highlight: 'replenish', expect: { tier: 5, activity: 'active' }, why: '3 payments, ¥897; the last one 30 days ago (replenish)' },
  { id: 'demo-c28', name: '王丽', rooms: [VIP], days: [[60, ['>[转账]', '<收到']], [40, ['>[转账]', '<收到']], [10, ['>[转账]', '<收到']], [9, ['>我闺蜜也想要一套', '<欢迎她加我', '>[名片]demo-c35']]], confirmed: [[60, 10_000], [40, 10_000], [10, 10_000]], expect: { tier: 5, activity: 'active' }, why: '3 payments, ¥300, and a referral' },
  // Referral chain (seed 001 推荐): 王丽 sends 小雪's card, 小雪 is added; 小雨's greeting names 小雪.
  { id: 'demo-c35', name: '小雪', addedDaysAgo: 8, days: [[7, ['>王丽姐让我来看看面霜', '<欢迎欢迎']], [5, ['>好的谢谢', '<有需要找我']]], expect: { tier: 1, activity: 'active' }, why: 'brought by 王丽 through a contact card; 2 rounds' },
  { id: 'demo-c36', name: '小雨', addedDaysAgo: 2, hello: '你好，我是小雪介绍的', days: [[1, ['>这款面霜多少钱', '<199', '>怎么买', '<小程序下单', '>包邮吗', '<包邮的']]], expect: { tier: 3, activity: 'active' }, why: 'brought by 小雪 (greeting); 3 buying questions yesterday: high intent, never bought' },
  // Seed 004: a sleeper whose last paid experience ended in a complaint; the wake-up list leads with an apology.
  { id: 'demo-c37', name: '冯玉', days: [[80, ['>[转账]', '<收到']], [70, ['>瓶子收到就坏了，太差了', '<非常抱歉，我给你补发']]], confirmed: [[80, 15_900]], expect: { tier: 4, activity: 'silent' }, why: 'paid 80 days ago, complained 70 days ago, silent since (投诉后沉睡)' },
  { id: 'demo-c29', name: '林芳', days: [[88, ['>[转账]', '<收到']], [75, ['>[转账]', '<收到']], [50, ['>[转账]', '<收到']], [40, ['>都挺好的', '<那就好']]], confirmed: [[88, 20_000], [75, 25_000], [50, 30_000]], expect: { tier: 5, activity: 'silent' }, why: '3 payments, ¥750, last wrote 40 days ago' },
]

/** The merchant's own posts in the groups: [days ago, room, text]. */
export const GROUP_POSTS: Array<[number, string, string]> = [
  [30, VIP, '本周宝妈专场，新品婴儿霜上架'],
  [14, NEW, '新品体验装开始报名啦'],
  [2, VIP, '周末福利预告，大家留意'],
]
