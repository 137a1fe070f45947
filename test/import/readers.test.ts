import fs from 'node:fs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { readTransferText } from '../../src/import/content.js'
import { parseEpoch, parseLocalTime } from '../../src/import/time.js'
import { fixture, messages, readFile, tempFile } from './helpers.js'

const at = (iso: string) => Date.parse(iso)

describe('WeFlow JSON', () => {
  it('reads a private chat: own messages, a transfer with its amount, a receipt, a red envelope, a recall', async () => {
    const { format, encoding, rows } = await readFile(fixture('weflow', '私聊_林女士.json'))
    expect([format, encoding]).toEqual(['weflow', 'utf-8'])
    const m = messages(rows)
    expect(m[0]).toMatchObject({ chat: 'private', own: false, kind: 'text', text: '你好，车厘子多少钱一箱', serverId: '4710582901',
      customer: { id: 'wxid_c8a2k', name: '小林', remark: '林女士' }, at: at('2026-01-01T13:00:00+08:00') })
    expect(m[1]).toMatchObject({ own: true, customer: { id: 'wxid_c8a2k' } })
    expect(m.find((r) => r.serverId === '4710582907')).toMatchObject({ kind: 'transfer', amountFen: 12800, own: false })
    expect(m.find((r) => r.serverId === '4710582908')).toMatchObject({ kind: 'unknown', own: true })
    expect(m.find((r) => r.serverId === '4710582909')).toMatchObject({ kind: 'red_envelope' })
    expect(m.find((r) => r.text.includes('撤回'))).toMatchObject({ kind: 'recalled' })
    expect(rows.filter((r) => r.type === 'skip')).toEqual([expect.objectContaining({ reason: '系统提示' })])
  })

  it('attributes a group message to its sender and room; the merchant in a group concerns no customer', async () => {
    const m = messages((await readFile(fixture('weflow', '群聊_果友群.json'))).rows)
    expect(m[0]).toMatchObject({ chat: 'group', roomId: '3456789@chatroom', roomTopic: '鲜果铺果友群', customer: { id: 'wxid_w7hb2', name: '王姐' } })
    expect(m[1]).toMatchObject({ own: true, customer: null })
    expect(m[2]).toMatchObject({ kind: 'red_envelope', customer: { id: 'wxid_w7hb2' } })
  })
  it('WeChat 3.x (localType 49, not packed): 其他消息 titled 微信红包 is a red envelope, as ChatLab\'s 微信红包 link is; a 转账消息 is a transfer', async () => {
    const file = tempFile('私聊_林女士.json', JSON.stringify({
      weflow: { version: '1.0.3', exportedAt: 1767252000, generator: 'WeFlow' },
      session: { wxid: 'wxid_c8a2k', nickname: '小林', remark: '林女士', displayName: '林女士', type: '私聊', lastTimestamp: 1767250980, messageCount: 3 },
      messages: [
        { localId: 1, createTime: 1767250920, formattedTime: '2026-01-01 15:02:00', type: '其他消息', localType: 49, content: '微信红包', isSend: 0, senderUsername: 'wxid_c8a2k', senderDisplayName: '林女士', source: '' },
        { localId: 2, createTime: 1767250950, formattedTime: '2026-01-01 15:02:30', type: '转账消息', localType: 49, content: '[转账] (林女士 转账给 我) ￥66.00', isSend: 0, senderUsername: 'wxid_c8a2k', senderDisplayName: '林女士', source: '' },
        { localId: 3, createTime: 1767250980, formattedTime: '2026-01-01 15:03:00', type: '链接消息', localType: 49, content: '[链接] 今日特价', isSend: 0, senderUsername: 'wxid_c8a2k', senderDisplayName: '林女士', source: '' },
      ],
    }))
    const m = messages((await readFile(file)).rows)
    expect(m.map((r) => [r.kind, r.amountFen ?? null])).toEqual([['red_envelope', null], ['transfer', 6600], ['url', null]])
  })
})

describe('ChatLab', () => {
  it('JSONL: finds the merchant without ownerId (the member the chat is named after is the customer); WeFlow codes for transfer and red envelope; a broken row', async () => {
    const { format, rows } = await readFile(fixture('chatlab', '林女士.jsonl'))
    expect(format).toBe('chatlab')
    const m = messages(rows)
    expect(m.map((r) => [r.own, r.kind])).toEqual([[false, 'text'], [true, 'text'], [false, 'transfer'], [false, 'red_envelope'], [false, 'recalled']])
    expect(m[1].customer).toMatchObject({ id: 'wxid_c8a2k' })
    expect(m[2].amountFen).toBe(12800)
    expect(rows.filter((r) => r.type === 'bad')).toEqual([expect.objectContaining({ line: 10, reason: '没有可读的时间（timestamp）' })])
  })

  it('JSON written on one line (compact) is read as JSON, not as JSON lines', async () => {
    const file = tempFile('g.json', JSON.stringify(JSON.parse(fs.readFileSync(fixture('chatlab', '果友群.json'), 'utf8'))))
    const { format, rows } = await readFile(file)
    expect(format).toBe('chatlab')
    expect(messages(rows)).toHaveLength(3)
  })

  it('JSON: a group with ownerId, members and a red envelope (type 20)', async () => {
    const m = messages((await readFile(fixture('chatlab', '果友群.json'))).rows)
    expect(m.map((r) => [r.own, r.kind, r.customer?.id ?? null])).toEqual([[false, 'text', 'wxid_w7hb2'], [true, 'text', null], [false, 'red_envelope', 'wxid_w7hb2']])
    expect(m[0]).toMatchObject({ chat: 'group', roomId: '3456789@chatroom' })
  })

  it('refuses a private chat whose merchant side cannot be told, and says to pass --self', async () => {
    const file = tempFile('x.jsonl', [
      '{"_type":"header","chatlab":{"version":"0.0.2"},"meta":{"name":"某人","platform":"wechat","type":"private"}}',
      '{"_type":"message","sender":"a","accountName":"A","timestamp":1767250800,"type":0,"content":"hi"}',
    ].join('\n'))
    expect((await readFile(file)).rows).toEqual([expect.objectContaining({ type: 'bad', reason: expect.stringContaining('--self') })])
    expect(messages((await readFile(file, { self: 'a' })).rows)[0]).toMatchObject({ own: true })
  })
})

describe('ChatLab --self', () => {
  const noOwner = () => tempFile('x.jsonl', fs.readFileSync(fixture('chatlab', '林女士.jsonl'), 'utf8').replace('"name":"林女士"', '"name":"小林的聊天"'))

  it.each(['wxid_shop', '鲜果铺'])('by id or by name (%s): the merchant\'s messages are theirs, the other member is the customer', async (self) => {
    const m = messages((await readFile(noOwner(), { self })).rows)
    expect(m.map((r) => [r.own, r.customer?.id])).toEqual([[false, 'wxid_c8a2k'], [true, 'wxid_c8a2k'], [false, 'wxid_c8a2k'], [false, 'wxid_c8a2k'], [false, 'wxid_c8a2k']])
  })

  it('one that is no member of the private chat refuses the chat, naming the members, instead of making the merchant the customer', async () => {
    const { rows } = await readFile(noOwner(), { self: '鲜果' })
    expect(messages(rows)).toEqual([])
    expect(rows.filter((r) => r.type === 'bad')).toEqual([expect.objectContaining({
      reason: '--self 鲜果 不是这个聊天的成员（成员：鲜果铺（wxid_shop）、林女士（wxid_c8a2k）），整个文件没有导入：请改用其中你自己的微信号或昵称',
    })])
  })
})

describe('ChatLab --self in a group', () => {
  it('by the WeChat name even when the merchant has a group nickname there', async () => {
    const file = tempFile('g.json', fs.readFileSync(fixture('chatlab', '果友群.json'), 'utf8')
      .replace(',"ownerId":"wxid_shop"', '')
      .replace('{"platformId":"wxid_shop","accountName":"鲜果铺"}', '{"platformId":"wxid_shop","accountName":"鲜果铺","groupNickname":"群主小鲜"}'))
    const m = messages((await readFile(file, { self: '鲜果铺' })).rows)
    expect(m.map((r) => [r.own, r.customer?.id ?? null])).toEqual([[false, 'wxid_w7hb2'], [true, null], [false, 'wxid_w7hb2']])
  })
})

describe('MemoTrace CSV', () => {
  it('reads a BOM file written newest first: transfer (amount unknown), red envelope, own message, recall, a broken row', async () => {
    const { format, encoding, rows } = await readFile(fixture('memotrace', '林女士', '林女士_utf8.csv'))
    expect([format, encoding]).toEqual(['memotrace', 'utf-8-bom'])
    const m = messages(rows)
    expect(m.map((r) => [r.own, r.kind])).toEqual([[false, 'recalled'], [false, 'red_envelope'], [false, 'transfer'], [true, 'text'], [false, 'text']])
    expect(m[2]).toMatchObject({ amountFen: null, customer: { id: 'wxid_c8a2k', remark: '林女士', name: '小林' } })
    expect(m[3].customer).toMatchObject({ id: 'wxid_c8a2k' })
    expect(m.every((r) => r.chat === 'private' && r.serverId === undefined)).toBe(true)
    expect(rows.filter((r) => r.type === 'bad')).toEqual([expect.objectContaining({ line: 7 })])
  })
})

describe('MemoTrace CSV: a group', () => {
  it('a recall notice with no sender is nobody\'s (no nameless person); the merchant\'s own recall is theirs', async () => {
    const { rows } = await readFile(fixture('memotrace-group', '果友群', '果友群_utf8.csv'))
    const m = messages(rows)
    expect(m.map((r) => [r.own, r.kind, r.customer?.id ?? null])).toEqual([
      [false, 'text', 'wxid_w7hb2'], [false, 'text', 'wxid_l9q4e'], [true, 'text', null], [true, 'recalled', null],
    ])
    expect(m.every((r) => r.chat === 'group' && r.roomTopic === '果友群')).toBe(true)
    expect(rows.filter((r) => r.type === 'skip').map((r) => r.line)).toEqual([5, 7])
  })
})

describe('PyWxDump CSV', () => {
  it('reads local times in the zone given, the transfer amount, a receipt and a recall; names from users.json', async () => {
    const file = fixture('pywxdump', 'export', 'wxid_shop', 'csv', 'wxid_c8a2k', 'wxid_c8a2k_0_5001.csv')
    const m = messages((await readFile(file)).rows)
    expect(m[0]).toMatchObject({ at: at('2026-01-01T15:00:00+08:00'), customer: { id: 'wxid_c8a2k', name: '小林', remark: '林女士' }, serverId: '4710582905' })
    expect(m[2]).toMatchObject({ kind: 'transfer', amountFen: 12800 })
    expect(m[3]).toMatchObject({ kind: 'unknown', own: true })
    expect(m[4]).toMatchObject({ kind: 'recalled', serverId: undefined })
    const utc = messages((await readFile(file, { timeZone: 'UTC' })).rows)
    expect(utc[0].at).toBe(at('2026-01-01T15:00:00Z'))
  })

  it('a group row whose talker is 系统 / 未知 / blank is nobody\'s: skipped, not kept as a customer of that name', async () => {
    const file = tempFile('9999@chatroom_0_5001.csv', [
      'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime',
      '1,4710590001,文本,0,wxid_w7hb2,9999@chatroom,有橙子吗,,2026-01-01 15:00:00',
      '2,4710590002,消息撤回1,0,系统,9999@chatroom,"""王姐"" 撤回了一条消息",,2026-01-01 15:00:10',
      '3,4710590003,文本,0,未知,9999@chatroom,我也要,,2026-01-01 15:00:20',
      '4,4710590004,未知,0,,9999@chatroom,,,2026-01-01 15:00:30',
      '5,4710590005,消息撤回1,1,wxid_shop,9999@chatroom,你撤回了一条消息,,2026-01-01 15:00:40',
    ].join('\r\n') + '\r\n')
    const { rows } = await readFile(file)
    expect(messages(rows).map((r) => [r.line, r.own, r.customer?.id ?? null])).toEqual([[2, false, 'wxid_w7hb2'], [6, true, null]])
    expect(rows.filter((r) => r.type === 'skip').map((r) => r.line)).toEqual([3, 4, 5])
  })

  it('a file re-saved by Excel (GBK, server ids turned into 4.71058E+18): the mangled ids are not used, so different messages stay different', async () => {
    const file = tempFile('wxid_c8a2k_0_5001.csv', iconv.encode([
      'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime',
      '1,4.71058E+18,文本,0,wxid_c8a2k,wxid_c8a2k,车厘子还有吗,,2026/1/1 15:00',
      '2,4.71058E+18,文本,1,wxid_shop,wxid_c8a2k,有的,,2026/1/1 15:01',
    ].join('\r\n') + '\r\n', 'gbk'))
    const { encoding, rows } = await readFile(file)
    expect(encoding).toBe('gbk')
    expect(messages(rows).map((r) => [r.text, r.serverId])).toEqual([['车厘子还有吗', undefined], ['有的', undefined]])
  })

  it('attributes group rows to the talker and the room', async () => {
    const m = messages((await readFile(fixture('pywxdump', 'export', 'wxid_shop', 'csv', '5678@chatroom', '5678@chatroom_0_5001.csv'))).rows)
    expect(m[0]).toMatchObject({ chat: 'group', roomId: '5678@chatroom', roomTopic: '鲜果铺二群', customer: { id: 'wxid_w7hb2', name: '王姐' } })
    expect(m[2]).toMatchObject({ own: true, customer: null })
  })
})

describe('WeCom archive', () => {
  it('keeps millisecond times, reads red envelopes and recalls, skips switch rows, reports a broken line', async () => {
    const { format, rows } = await readFile(fixture('wecom', 'archive.jsonl'))
    expect(format).toBe('wecom-archive')
    const m = messages(rows)
    expect(m[1]).toMatchObject({ own: true, at: 1767250920111, customer: { id: 'wmAbCdEf01' } })
    expect(m[2]).toMatchObject({ kind: 'red_envelope', own: false, text: '恭喜发财，大吉大利' })
    expect(m[3]).toMatchObject({ kind: 'recalled' })
    expect(m[4]).toMatchObject({ chat: 'group', roomId: 'wrRoom01', customer: { id: 'wmXyZ02' } })
    expect(rows.filter((r) => r.type === 'skip')).toHaveLength(1)
    expect(rows.filter((r) => r.type === 'bad')).toEqual([expect.objectContaining({ line: 7 })])
  })
})

describe('WeCom archive: whose chats', () => {
  const lines = [
    { msgid: '1', action: 'send', from: 'wmCust01', tolist: ['zhangsan'], roomid: '', msgtime: 1767250900000, msgtype: 'text', text: { content: '在吗' } },
    { msgid: '2', action: 'send', from: 'lisi', tolist: ['wmCust02'], roomid: '', msgtime: 1767250910000, msgtype: 'text', text: { content: '您好' } },
    { msgid: '3', action: 'send', from: 'zhangsan', tolist: ['lisi'], roomid: '', msgtime: 1767250920000, msgtype: 'text', text: { content: '下午开会' } },
  ].map((l) => JSON.stringify(l)).join('\n')

  it('without --self: a chat between two colleagues is skipped, not a colleague kept as a customer', async () => {
    const { rows } = await readFile(tempFile('archive.jsonl', lines))
    expect(messages(rows).map((r) => r.customer?.id)).toEqual(['wmCust01', 'wmCust02'])
    expect(rows.filter((r) => r.type === 'skip')).toEqual([expect.objectContaining({ line: 3, reason: '同事之间的聊天' })])
  })

  it('with --self: only the merchant\'s own chats; another staff member\'s customers are skipped', async () => {
    const { rows } = await readFile(tempFile('archive.jsonl', lines), { self: 'zhangsan' })
    expect(messages(rows).map((r) => [r.own, r.customer?.id])).toEqual([[false, 'wmCust01']])
    expect(rows.filter((r) => r.type === 'skip').map((r) => 'reason' in r && r.reason)).toEqual(['其他员工的聊天', '同事之间的聊天'])
  })
  it('with --self in a group: a colleague\'s message is the shop\'s side, not a customer', async () => {
    const group = [
      { msgid: 'g1', action: 'send', from: 'wmCust01', tolist: ['zhangsan', 'lisi'], roomid: 'wrRoom01', msgtime: 1767250900000, msgtype: 'text', text: { content: '有货吗' } },
      { msgid: 'g2', action: 'send', from: 'lisi', tolist: ['zhangsan', 'wmCust01'], roomid: 'wrRoom01', msgtime: 1767250910000, msgtype: 'text', text: { content: '有的' } },
      { msgid: 'g3', action: 'send', from: 'zhangsan', tolist: ['lisi', 'wmCust01'], roomid: 'wrRoom01', msgtime: 1767250920000, msgtype: 'text', text: { content: '马上发' } },
    ].map((l) => JSON.stringify(l)).join('\n')
    const { rows } = await readFile(tempFile('archive.jsonl', group), { self: 'zhangsan' })
    expect(messages(rows).map((r) => [r.own, r.customer?.id ?? null])).toEqual([[false, 'wmCust01'], [true, null], [true, null]])
  })
  it('with a --self that is in no chat of the archive (a name: the archive has only userids): says so, naming the staff ids it saw', async () => {
    const { rows } = await readFile(tempFile('archive.jsonl', lines), { self: '张三' })
    expect(messages(rows)).toEqual([])
    expect(rows.filter((r) => r.type === 'bad').map((r) => 'reason' in r && r.reason)).toEqual([
      '--self 张三 不在这个存档的任何私聊里（存档里只有 userid，例如 zhangsan、lisi）：请用你自己的企业微信 userid 再导入一次',
    ])
  })
})

describe("tierbot's own CSV", () => {
  it('reads messages, orders, refunds, tiers and birthdays from the documented example', async () => {
    const { format, rows } = await readFile(fixture('..', '..', '..', 'docs', 'import-example.csv'))
    expect(format).toBe('tierbot')
    expect(rows.map((r) => r.type)).toEqual(['message', 'message', 'message', 'message', 'order', 'order', 'order', 'tier', 'tier', 'birthday'])
    expect(rows[2]).toMatchObject({ kind: 'transfer', amountFen: 12800 })
    expect(rows[3]).toMatchObject({ chat: 'group', roomId: '鲜果铺果友群', at: 1767240000000 })
    expect(rows[5]).toMatchObject({ type: 'order', refund: true, amountFen: 29900 })
    expect(rows[6]).toMatchObject({ at: at('2025-11-02T20:15:00+08:00'), amountFen: 129900 })
    expect(rows[7]).toMatchObject({ type: 'tier', tier: 5 })
    expect(rows[8]).toMatchObject({ type: 'tier', tier: null })
    expect(rows[9]).toMatchObject({ type: 'birthday', customer: { id: '林女士' }, date: { kind: 'solar', month: 3, day: 8 } })
  })

  it('reads a GBK file (a CSV re-saved by Excel or WPS)', async () => {
    const text = 'kind,contact,time,amount,note\r\norder,林女士,2026-01-03 09:00,99,微店订单\r\n'
    const { format, encoding, rows } = await readFile(tempFile('gbk.csv', iconv.encode(text, 'gbk')))
    expect([format, encoding]).toEqual(['tierbot', 'gbk'])
    expect(rows[0]).toMatchObject({ type: 'order', customer: { id: '林女士' }, note: '微店订单', amountFen: 9900 })
  })

  it.each([
    { name: 'small (read whole)', asciiRows: 2_000 },
    { name: 'over 1 MB (streamed)', asciiRows: 25_000 },
  ])('reads a GBK file whose first 64 KB are plain ASCII rows: $name', async ({ asciiRows }) => {
    // Excel re-saves as GBK; the rows before the first Chinese text are ids and ASCII notes.
    const head = 'kind,contact,time,amount,note\r\n' + Array.from({ length: asciiRows }, (_, i) => `order,wxid_${i},2026-01-03 09:00,10,sku-${i}\r\n`).join('')
    const text = `${head}order,林女士,2026-01-04 10:00,99,微店订单\r\n`
    const bytes = iconv.encode(text, 'gbk')
    expect(bytes.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true)
    const { encoding, rows } = await readFile(tempFile(`gbk-ascii-${asciiRows}.csv`, bytes))
    expect(encoding).toBe('gbk')
    expect(rows.at(-1)).toMatchObject({ type: 'order', customer: { id: '林女士' }, note: '微店订单', amountFen: 9900 })
  })

  it('reads tierbot JSON lines whose first line is longer than the part format detection looks at', async () => {
    const long = '车'.repeat(100_000)
    const file = tempFile('long.jsonl', `${JSON.stringify({ kind: 'message', contact: '林女士', time: 1767200000, text: long })}\n${JSON.stringify({ contact: '林女士', time: 1767200060, text: '后面一行' })}\n`)
    const { format, rows } = await readFile(file)
    expect(format).toBe('tierbot')
    expect(messages(rows).map((r) => r.text.length)).toEqual([100_000, 4])
  })

  it('tierbot JSON lines: a message_id written as a bare number past 2^53 is no id (its digits are gone); a string or a small number is', async () => {
    const file = tempFile('ids.jsonl', [
      '{"contact":"林女士","time":1767200000,"text":"一","message_id":4710582905123456781}',
      '{"contact":"林女士","time":1767200001,"text":"二","message_id":"4710582905123456782"}',
      '{"contact":"林女士","time":1767200002,"text":"三","message_id":12345}',
    ].join('\n') + '\n')
    expect(messages((await readFile(file)).rows).map((r) => r.serverId)).toEqual([undefined, '4710582905123456782', '12345'])
  })

    it('reports bad rows with their line and reason', async () => {
    const { rows } = await readFile(fixture('tierbot', 'orders.csv'))
    expect(rows.filter((r) => r.type === 'bad')).toEqual([
      expect.objectContaining({ line: 5, reason: '金额读不懂：12.3.4' }),
      expect.objectContaining({ line: 7, reason: 'tier 应为 L0–L5 或 auto：L9' }),
    ])
  })

  it('recognises no format in an unrelated CSV', async () => {
    expect((await readFile(fixture('tierbot', 'unknown.csv'))).format).toBeNull()
  })
})

describe('times', () => {
  it.each([
    { name: 'epoch seconds', value: 1767250920, ms: 1767250920000 },
    { name: 'epoch milliseconds', value: 1767250920111, ms: 1767250920111 },
    { name: 'seconds as a string', value: '1767250920', ms: 1767250920000 },
    { name: 'not an epoch', value: '2026-01-01', ms: null },
  ])('$name', ({ value, ms }) => expect(parseEpoch(value)).toBe(ms))

  it.each([
    { name: 'Beijing', zone: 'Asia/Shanghai', text: '2026-01-01 15:02:00', iso: '2026-01-01T15:02:00+08:00' },
    { name: 'slashes, no seconds', zone: 'Asia/Shanghai', text: '2026/1/1 15:02', iso: '2026-01-01T15:02:00+08:00' },
    { name: 'a DST zone in summer', zone: 'Europe/Berlin', text: '2026-07-01 12:00:00', iso: '2026-07-01T12:00:00+02:00' },
  ])('local string in $name', ({ zone, text, iso }) => expect(parseLocalTime(text, zone)).toBe(Date.parse(iso)))

  it.each(['2026-02-30 10:00', '2026-04-31', '2025-02-29 08:00'])('a day the month does not have (%s) is no time, not a day in the next month', (text) =>
    expect(parseLocalTime(text, 'Asia/Shanghai')).toBeNull())

  it('a leap day is a day', () => expect(parseLocalTime('2028-02-29 08:00', 'Asia/Shanghai')).toBe(Date.parse('2028-02-29T08:00:00+08:00')))
})

describe('transfer text', () => {
  it.each([
    ['[转账] (林女士 转账给 我) ￥1,280.00 两箱', 128000],
    ['转账：￥12,800.50\n转账说明：\n', 1280050],
    ['[转账] (林女士 转账给 我) ￥128.00', 12800],
  ])('reads the amount with thousands separators: %s', (text, fen) => {
    expect(readTransferText(text)).toEqual({ amountFen: fen, receipt: false })
  })
})
