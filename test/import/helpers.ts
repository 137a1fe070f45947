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
