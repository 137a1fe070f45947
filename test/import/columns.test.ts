import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { packBatch, unpackBatch } from '../../src/import/columns.js'
import { foldRulesOf } from '../../src/import/fold.js'
import { prepareMessage, type PreparedMessage, type ReadItem } from '../../src/import/read-all.js'
import type { MessageRow } from '../../src/import/types.js'

/* The reader thread hands batches over in columns: what arrives is what was read, in the same order. */

const AT = Date.parse('2026-06-17T15:00:00+08:00')
const alice = { id: 'wxid_alice', name: '爱丽丝', remark: '' }
const row = (over: Partial<MessageRow>): MessageRow => ({
  type: 'message', file: 'chat.jsonl', line: 1, chat: 'private', own: false, customer: alice, at: AT, kind: 'text', text: '你好', ...over,
})

describe('reader batches in columns', () => {
  it('round-trips messages of every shape and the rows between them, in order', () => {
    const signals = DEFAULT_CONFIG.signals
    const items: ReadItem[] = [
      { type: 'file', file: 'chat.jsonl', format: 'chatlab', encoding: 'utf-8' },
      prepareMessage(row({ text: '这个多少钱，宝宝用着很好', serverId: '123' }), signals),
      prepareMessage(row({ own: true, text: '在的亲' }), signals),
      { type: 'bad', file: 'chat.jsonl', line: 3, reason: '不是一行 JSON' },
      prepareMessage(row({ kind: 'transfer', text: '[转账] ￥199.00', amountFen: 19900 }), signals),
      prepareMessage(row({ kind: 'transfer', text: '[转账]', amountFen: null }), signals),
      prepareMessage(row({ chat: 'group', roomId: 'r1@chatroom', roomTopic: '宝妈群', own: true, customer: null, text: '大家好' }), signals),
      prepareMessage(row({ chat: 'group', roomId: 'r1@chatroom', roomTopic: '宝妈群', kind: 'recalled', text: '撤回了一条消息' }), signals),
      { type: 'order', file: 'orders.csv', line: 2, customer: alice, amountFen: 9900, at: AT, note: '', refund: false },
      { type: 'skip', file: 'chat.jsonl', line: 9, reason: '系统提示' },
    ]
    expect(unpackBatch(structuredClone(packBatch(items, 42, 'chat.jsonl')))).toEqual(items)
  })

  it("with the writer's settings, each person's counted private messages cross folded (no signals), one fold per person; a group's with their signals", () => {
    const signals = DEFAULT_CONFIG.signals
    const bob = { id: 'wxid_bob', name: '鲍勃', remark: '' }
    const items: ReadItem[] = [
      prepareMessage(row({ text: '这个多少钱', at: AT }), signals),
      prepareMessage(row({ customer: bob, text: '好用', at: AT + 1000 }), signals),
      prepareMessage(row({ own: true, text: '128 一箱', at: AT + 2000 }), signals),
      prepareMessage(row({ kind: 'transfer', text: '[转账] ￥128.00', amountFen: 12800, at: AT + 3000 }), signals),
      prepareMessage(row({ chat: 'group', roomId: 'r1@chatroom', own: true, customer: null, text: '大家好', at: AT + 4000 }), signals),
      prepareMessage(row({ chat: 'group', roomId: 'r1@chatroom', text: '太好用了', at: AT + 5000 }), signals),
    ]
    const out = unpackBatch(structuredClone(packBatch(items, 0, 'chat.jsonl', foldRulesOf(DEFAULT_CONFIG)))) as PreparedMessage[]
    const alices = out[0].fold!
    expect([out[2].fold, out[3].fold]).toEqual([alices, alices])
    expect(out[1].fold).not.toBe(alices)
    expect(out.slice(0, 4).map((m) => m.signals)).toEqual([null, null, null, null])
    // The merchant's group message counts for nobody: no fold, no signals.
    expect(out[4]).toMatchObject({ fold: null, signals: null, counts: false })
    // A customer's group message crosses with its signals, read one by one on the writer.
    expect(out[5]).toMatchObject({ fold: null, counts: true, signals: { approval: true } })
    expect(alices).toMatchObject({ n: 3, firstAt: AT, inOrder: true, leadIn: true })
    expect(alices.row).toMatchObject({ rounds: 1, privateInbound: 2, privateOutbound: 1, intents: 1, pendingInbound: 1, pendingSince: AT + 3000 })
    expect(alices.recent.map((e) => e.kind)).toEqual(['payment', 'intent'])
    expect(out[3].payment).toBe(true)
    expect(alices.intent.top.map((c) => c.label)).toEqual(['问价/想买'])
  })

  it('an empty batch (the end of the input) stays empty', () => {
    expect(unpackBatch(packBatch([], 0, ''))).toEqual([])
  })
})
