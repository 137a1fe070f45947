import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { detectFormat, readerFor } from '../../src/import/detect.js'
import { openText } from '../../src/import/source.js'
import type { ImportRow, ImportSource, MessageRow } from '../../src/import/types.js'

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')
export const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts)

/** Every row a file yields, through detection and its reader (what `tierbot import` reads). */
export async function readFile(file: string, context: { timeZone?: string; self?: string } = {}): Promise<{ format: string | null; encoding: string; rows: ImportRow[] }> {
  const source: ImportSource = { name: file, path: file, size: fs.statSync(file).size }
  const opened = await openText(source)
  const detected = detectFormat(opened.head)
  if (!detected) {
    opened.text.destroy()
    return { format: null, encoding: opened.encoding, rows: [] }
  }
  const rows: ImportRow[] = []
  const reader = readerFor(detected.format, detected.shape)
  const reopen = async () => (await openText(source)).text
  for await (const row of reader({ source, text: opened.text, head: opened.head, context: { timeZone: context.timeZone ?? 'Asia/Shanghai', self: context.self }, reopen })) rows.push(row)
  return { format: detected.format, encoding: opened.encoding, rows }
}

export const messages = (rows: ImportRow[]): MessageRow[] => rows.filter((r): r is MessageRow => r.type === 'message')

export function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-import-'))
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

/** A small deterministic generator (mulberry32), so a failing random case names its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Lines a customer and a merchant write, with every signal in them (buying, praise, complaint, referral, negation, questions). */
export const CUSTOMER_LINES = ['这个多少钱', '太好用了', '质量太差了，我要退货', '我朋友也想买', '谢谢', '收到了', '宝宝用着很好', '不是很喜欢',
  '这个适合敏感肌吗', '在吗', '好的', '怎么买', '孩子特别喜欢，回购了', '一点都不好用', '推荐给闺蜜了', '发货了吗？']
export const MERCHANT_LINES = ['在的亲', '128 一箱', '今天下午发', '好的，谢谢支持']
