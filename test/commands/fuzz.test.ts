import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/commands/parse.js'
import { APOLOGY } from '../../src/commands/replies.js'
import { COMMANDS } from '../../src/commands/words.js'
import { event, makeCommands } from './harness.js'
import { CONFIG, createShopDb, NOW } from './seed.js'

/*
 * Issue 8: thousands of random and adversarial command strings from an admin. None throws, none ends
 * in the apology (that would be a crash caught at the boundary), and every command gets an answer.
 * Seeded, so a failure reproduces.
 */

function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = COMMANDS.flatMap((c) => [c.name, ...c.aliases])
const PIECES = [
  '张三', '李四', '张三 宝妈', 'L4|张三 宝妈', 'wxid_zs1', 'Wang Wu', '王 小二', '老板', '"张 三"', '“张 三”', '「张三」', '『', '」', '"',
  'L0', 'L3', 'L9', 'auto', '自动', '199', '¥199', '￥1,299.50', '199元', '-5', '0', '1e309', 'NaN', 'Infinity', '12.345',
  '99999999999999999999999', '０', '５０', '１２.３４', '0x10', '+7', '.5', '5.', '1,2,3', '14天', '365', '366',
  "'; DROP TABLE contacts; --", '%', '_', '\\', '\u0000', '\u0007', '\u202e', '\u200b', '\ufeff', '\ud800', '\udfff',
  '😀', '👍🏻', '[强]', '/::)', '\n', '\r\n', '\t', '\u3000', ' ', '  ', '／', '、', '?', '？', 'ｔｉｅｒ', '<script>', '${x}', '{code}',
]

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]
}

function randomChars(rand: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rand() * 0x10000))
  return s
}

function generate(rand: () => number): string {
  const roll = rand()
  const slash = pick(rand, ['/', '/', '/', '／', '、', ' /', '/ '])
  if (roll < 0.05) return slash + randomChars(rand, Math.floor(rand() * 40))
  if (roll < 0.07) return slash + pick(rand, WORDS) + ' ' + pick(rand, PIECES).repeat(Math.floor(rand() * 3000))
  if (roll < 0.1) return slash + pick(rand, WORDS) + ' ' + randomChars(rand, 20_000)
  const parts = [slash + (rand() < 0.9 ? pick(rand, WORDS) : pick(rand, PIECES))]
  const n = Math.floor(rand() * 5)
  for (let i = 0; i < n; i++) parts.push(pick(rand, PIECES))
  return parts.join(rand() < 0.8 ? ' ' : '')
}

describe('fuzz: admin commands never crash and always get an answer', () => {
  it('3,000 seeded random and adversarial strings', async () => {
    const shop = createShopDb()
    // The real digest text (no injected stand-in), so /silent /hot /digest run too.
    const bot = makeCommands(shop, { digest: undefined })
    const rand = mulberry32(20260520)
    let commands = 0
    for (let i = 0; i < 3000; i++) {
      const text = generate(rand)
      const isCommand = parseCommand(text, { maxAmountYuan: CONFIG.commands.maxAmountYuan }) !== null
      const reply = await bot.handle(event(text), NOW + i * 1000)
      if (!isCommand) {
        expect(reply, JSON.stringify(text.slice(0, 80))).toBeNull()
        continue
      }
      commands++
      expect(typeof reply, JSON.stringify(text.slice(0, 80))).toBe('string')
      expect(reply!.trim().length, JSON.stringify(text.slice(0, 80))).toBeGreaterThan(0)
      expect(reply, JSON.stringify(text.slice(0, 80))).not.toBe(APOLOGY)
      expect(parseCommand(reply!, { maxAmountYuan: 100_000 }), 'a reply is never itself a command').toBeNull()
    }
    expect(commands).toBeGreaterThan(2500)
    expect(shop.db.$client.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
