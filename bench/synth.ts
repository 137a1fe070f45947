import type { ChatEvent, ContactInfo, MessageKind, RoomInfo } from '../src/platform/types.js'
import { DAY_MS } from '../src/shared/clock.js'
import { createRng, pickWeighted, type Rng } from './prng.js'

/*
 * A synthetic merchant account: contacts in behaviour segments and a year of history generated in
 * time order, with the mixes a 微商 account sees (private rounds, group chatter, signal keywords,
 * transfers, red envelopes, recalls, pictures). Deterministic for a seed.
 */

export const BENCH_ACCOUNT = 'wxid_bench_merchant'
/** The merchant's own second WeChat: a contact in the directory, trusted by id in config.admins. */
export const BENCH_ADMIN = 'wxid_bench_admin'

/** The history ends here (2026-06-01 00:00 Asia/Shanghai); fixed so runs are comparable. */
export const HISTORY_END = Date.UTC(2026, 4, 31, 16, 0, 0)

export interface WorldOptions {
  contacts: number
  rooms: number
  seed: number
  /** Days of history before HISTORY_END. */
  days: number
}

/** 0 stranger (never writes), 1 group only, 2 light private chat, 3 engaged, 4 buyer. */
export type Segment = 0 | 1 | 2 | 3 | 4

export interface World {
  accountId: string
  contacts: ContactInfo[]
  rooms: RoomInfo[]
  segments: Uint8Array
  bySegment: number[][]
  startAt: number
  endAt: number
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程']
const GIVEN = [...'伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰萍红梅琳晨欣怡婷雪慧佳颖倩丹宇浩凯鹏飞燕蓉瑶璐薇悦晓思雨嘉子']
const NICK_HEAD = ['小', '阿', '大', '快乐的', '静待', '追风', '爱吃', '安静的', '努力的', '微笑', '晴天', '半夏', '木子', '一只', '温柔']
const NICK_CORE = ['鱼儿', '花开', '猫咪', '兔子', '月亮', '星星', '柠檬', '橙子', '小熊', '向日葵', '雨', '风', '云朵', '宝贝', '妈咪', 'Amy', 'Coco', 'Lily', 'Kiki', 'Vivian']
const NICK_TAIL = ['', '', '', '🌸', '🍀', '✨', '~', '_', '宝妈', '2019', '88', '的店']
const REMARKS = ['宝妈', '老客', '同事介绍', '上海', '杭州', '团购', '护肤', '代理']

// Half real names, half nicknames (WeChat names): some repeat, as in a real account, so /tier must disambiguate.
function nameOf(rng: Rng): string {
  if (rng.chance(0.45)) return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '')
  const digits = rng.chance(0.3) ? String(rng.int(100)) : ''
  return rng.pick(NICK_HEAD) + rng.pick(NICK_CORE) + rng.pick(NICK_TAIL) + digits
}

export function contactIdOf(index: number): string {
  return `wxid_c${index.toString(36).padStart(5, '0')}`
}

export function createWorld(options: WorldOptions): World {
  const rng = createRng(options.seed)
  const contacts: ContactInfo[] = []
  const segments = new Uint8Array(options.contacts)
  const bySegment: number[][] = [[], [], [], [], []]
  for (let i = 0; i < options.contacts; i++) {
    const segment = pickWeighted(rng, { 0: 38, 1: 25, 2: 20, 3: 12, 4: 5 })
    segments[i] = Number(segment)
    bySegment[Number(segment)].push(i)
    const name = nameOf(rng)
    const remark = rng.chance(0.15) ? `${name} ${rng.pick(REMARKS)}` : ''
    contacts.push({ id: contactIdOf(i), name, remark, friend: true, kind: 'individual' })
  }
  contacts.push({ id: BENCH_ADMIN, name: '老板', remark: '', friend: true, kind: 'individual' })
  const rooms: RoomInfo[] = []
  for (let r = 0; r < options.rooms; r++) rooms.push({ id: `bench_room_${r}@chatroom`, topic: `福利群${r + 1}`, memberIds: [] })
  return {
    accountId: BENCH_ACCOUNT, contacts, rooms, segments, bySegment,
    startAt: HISTORY_END - options.days * DAY_MS, endAt: HISTORY_END,
  }
}

type TextKind = 'neutral' | 'intent' | 'approval' | 'complaint' | 'referral' | 'persona' | 'negated'

const TEXTS: Record<TextKind, readonly string[]> = {
  neutral: ['在吗', '好的', '收到', '今天天气不错呀', '哈哈哈', '嗯嗯', '早上好', '刚看到', '晚点再说', '这个是什么颜色的', '你们周末上班吗'],
  intent: ['这个多少钱？', '怎么买呀', '还有货吗', '包邮吗', '有优惠吗', '发个链接给我', '什么时候发货', '我想买两盒'],
  approval: ['太好用了，谢谢！', '效果好，会回购的', '很喜欢[爱心]', '不错不错👍', '收到了，很满意', '爱了爱了'],
  complaint: ['用了过敏了，想退货', '质量差，要退款', '收到就坏了', '没效果啊'],
  referral: ['我闺蜜也想要', '帮朋友问一下', '推荐给同事了'],
  persona: ['给宝宝用的可以吗', '天天加班没时间', '太贵了有没有打折', '孩子喜欢吃吗'],
  negated: ['不喜欢这个味道', '没那么好用', '别发货了先'],
}
/** Every customer line the generator uses (the signal-detection figure runs over them). */
export const CUSTOMER_TEXTS: readonly string[] = Object.values(TEXTS).flat()

const MERCHANT_TEXTS = ['好的亲～', '在的，请问需要什么？', '已经给您发货了', '这款今天有活动哦', '谢谢支持！', '亲，用着感觉怎么样？']

const SEGMENT_TEXT: Record<2 | 3 | 4, Readonly<Record<TextKind, number>>> = {
  2: { neutral: 82, intent: 6, approval: 3, complaint: 0.5, referral: 0, persona: 7, negated: 1.5 },
  3: { neutral: 55, intent: 15, approval: 20, complaint: 1, referral: 1, persona: 5, negated: 3 },
  4: { neutral: 45, intent: 15, approval: 22, complaint: 4, referral: 5, persona: 6, negated: 3 },
}
const GROUP_TEXT: Readonly<Record<TextKind, number>> = { neutral: 80, intent: 7, approval: 7, complaint: 0.5, referral: 0.5, persona: 4, negated: 1 }

const RAW_TYPE: Partial<Record<MessageKind, number>> = {
  text: 7, transfer: 11, red_envelope: 12, recalled: 13, url: 14, image: 6, emoticon: 5,
}

export interface MessageStream {
  /** The next `n` messages in time order (fewer at the end). */
  take(n: number): ChatEvent[]
  /** Messages produced so far. */
  produced(): number
}

/**
 * `total` messages spread evenly over the history. The merchant answers one of the customers who
 * wrote recently, so private runs close into rounds; transfers come from buyers in private chat.
 */
export function createMessageStream(world: World, total: number, seed: number, idPrefix = 'm'): MessageStream {
  const rng = createRng(seed ^ 0x5eed)
  const step = (world.endAt - world.startAt) / Math.max(total, 1)
  const waiting: number[] = []
  let i = 0
  const privateSegments = { 2: 35, 3: 40, 4: 25 } as const
  const talkers = [...world.bySegment[1], ...world.bySegment[2], ...world.bySegment[3], ...world.bySegment[4]]

  function event(contact: number, fields: Partial<ChatEvent> & Pick<ChatEvent, 'chat' | 'direction'>): ChatEvent {
    const c = world.contacts[contact]
    const kind = fields.kind ?? 'text'
    const own = fields.direction === 'out'
    return {
      accountId: world.accountId,
      messageId: `${idPrefix}${(1e15 + i).toString()}`,
      kind,
      rawType: RAW_TYPE[kind] ?? 0,
      at: Math.floor(world.startAt + i * step),
      text: '',
      talkerId: own ? world.accountId : c.id,
      talkerName: own ? '商家' : c.name,
      contactId: c.id,
      ...fields,
    }
  }

  function privateInbound(): ChatEvent {
    const segment = Number(pickWeighted(rng, privateSegments)) as 2 | 3 | 4
    const pool = world.bySegment[segment]
    const contact = pool[rng.skewed(pool.length, 1.6)]
    if (waiting.length < 256) waiting.push(contact)
    else waiting[rng.int(waiting.length)] = contact
    const listenerId = world.accountId
    if (segment === 4 && rng.chance(0.04)) return event(contact, { chat: 'private', direction: 'in', kind: 'transfer', text: '[转账]', listenerId })
    if (rng.chance(0.003)) return event(contact, { chat: 'private', direction: 'in', kind: 'red_envelope', text: '[红包]', listenerId })
    if (rng.chance(0.05)) return event(contact, { chat: 'private', direction: 'in', kind: 'image', text: '[图片]', listenerId })
    if (rng.chance(0.005)) return event(contact, { chat: 'private', direction: 'in', kind: 'recalled', text: '', listenerId })
    return event(contact, { chat: 'private', direction: 'in', text: rng.pick(TEXTS[pickWeighted(rng, SEGMENT_TEXT[segment])]), listenerId })
  }

  function privateOutbound(): ChatEvent {
    const at = rng.int(waiting.length)
    const contact = waiting[at]
    waiting[at] = waiting[waiting.length - 1]
    waiting.pop()
    const id = world.contacts[contact].id
    if (rng.chance(0.03)) return event(contact, { chat: 'private', direction: 'out', kind: 'url', text: '新品链接', listenerId: id })
    return event(contact, { chat: 'private', direction: 'out', text: rng.pick(MERCHANT_TEXTS), listenerId: id })
  }

  function group(): ChatEvent {
    const room = world.rooms[rng.int(world.rooms.length)]
    if (rng.chance(0.06)) {
      // The merchant's own group message: ChatEvent.contactId is the account itself.
      return { ...event(0, { chat: 'group', direction: 'out', roomId: room.id, roomTopic: room.topic, text: rng.pick(MERCHANT_TEXTS) }), contactId: world.accountId }
    }
    const contact = talkers[rng.skewed(talkers.length, 1.3)]
    const kind = rng.chance(0.04) ? 'emoticon' : 'text'
    return event(contact, { chat: 'group', direction: 'in', kind, roomId: room.id, roomTopic: room.topic, text: kind === 'text' ? rng.pick(TEXTS[pickWeighted(rng, GROUP_TEXT)]) : '[表情]' })
  }

  function nextEvent(): ChatEvent {
    const r = rng.next()
    if (r < 0.42) return privateInbound()
    if (r < 0.72 && waiting.length > 0) return privateOutbound()
    return group()
  }

  return {
    take(n) {
      const out: ChatEvent[] = []
      for (; out.length < n && i < total; i++) out.push(nextEvent())
      return out
    },
    produced: () => i,
  }
}
