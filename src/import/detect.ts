import type { ImportFormat } from './types.js'
import type { Reader } from './readers/common.js'
import { readWeflow } from './readers/weflow.js'
import { readChatLabJson, readChatLabJsonl } from './readers/chatlab.js'
import { readMemoTrace } from './readers/memotrace.js'
import { readPyWxDump } from './readers/pywxdump.js'
import { readWeComArchive } from './readers/wecom.js'
import { readTierbotCsv, readTierbotJsonl } from './readers/tierbot.js'

/*
 * Which export a file is, from its first 64 KB (never from its name alone: tools name files after
 * the chat). Pure.
 */

export type Shape = 'json' | 'jsonl' | 'csv'

export interface Detected {
  format: ImportFormat
  shape: Shape
}

/** Each format as the merchant knows it (the tool's name), for refusals. */
export const FORMAT_NAMES: Record<ImportFormat, string> = {
  weflow: ' WeFlow 导出', chatlab: ' ChatLab 导出', memotrace: '留痕 MemoTrace CSV', pywxdump: ' PyWxDump CSV',
  'wecom-archive': '企业微信会话存档', tierbot: ' tierbot CSV/JSONL',
}

/** What `auto` recognises, for the refusal message. */
export const EXPECTED_FORMATS = 'WeFlow JSON、ChatLab JSON/JSONL、留痕 MemoTrace CSV、PyWxDump CSV、企业微信会话存档 JSON、tierbot CSV/JSONL（见 docs/import-example.csv）'

function firstLine(head: string): string {
  const i = head.search(/\r?\n/)
  return (i < 0 ? head : head.slice(0, i)).trim()
}

function shapeOf(head: string): Shape {
  const t = head.trimStart()
  if (t.startsWith('[')) return 'json'
  if (t.startsWith('{') || t.startsWith('#')) {
    // One object per line: the first line parses on its own.
    const line = firstLine(t.startsWith('#') ? t.slice(t.search(/\n\s*\{/) + 1) : t)
    try {
      JSON.parse(line)
      return 'jsonl'
    } catch {
      return 'json'
    }
  }
  return 'csv'
}

/** Recognise the format from the decoded start of the file; null when none fits. */
export function detectFormat(head: string): Detected | null {
  const shape = shapeOf(head)
  if (shape === 'csv') {
    const header = firstLine(head).split(',').map((h) => h.trim().replace(/^"|"$/g, ''))
    const has = (...cols: string[]) => cols.every((c) => header.includes(c))
    if (has('localId', 'TalkerId', 'Type', 'SubType', 'IsSender', 'CreateTime')) return { format: 'memotrace', shape }
    if (has('MsgSvrID', 'type_name', 'is_sender', 'talker', 'room_name')) return { format: 'pywxdump', shape }
    if (has('contact') && header.some((h) => ['kind', 'time', 'tier', 'amount', 'text'].includes(h))) return { format: 'tierbot', shape }
    return null
  }
  const start = head.slice(0, 4096)
  // WeFlow's and ChatLab's JSON are one object, even written on one line (compact): only ChatLab's JSONL
  // (which WeFlow also writes) has lines of their own, and its first line is the `_type: header`.
  if (/"weflow"\s*:/.test(start) && /"session"\s*:/.test(head)) return { format: 'weflow', shape: 'json' }
  if (/"_type"\s*:\s*"header"/.test(start)) return { format: 'chatlab', shape: 'jsonl' }
  if (/"chatlab"\s*:/.test(start)) return { format: 'chatlab', shape: 'json' }
  if (/"msgid"\s*:/.test(start) && /"msgtime"\s*:/.test(start)) return { format: 'wecom-archive', shape }
  // tierbot JSONL; its first line may be longer than the head (a very long message), so it does not
  // parse on its own: a flat object naming a contact is no other tool's.
  if ((shape === 'jsonl' || head.trimStart().startsWith('{')) && /"contact"\s*:/.test(firstLine(start))) return { format: 'tierbot', shape: 'jsonl' }
  return null
}

/** The reader for a format and shape (ChatLab and tierbot come as both JSON(L) and CSV). */
export function readerFor(format: ImportFormat, shape: Shape): Reader {
  switch (format) {
    case 'weflow': return shape === 'jsonl' ? readChatLabJsonl : readWeflow
    case 'chatlab': return shape === 'jsonl' ? readChatLabJsonl : readChatLabJson
    case 'memotrace': return readMemoTrace
    case 'pywxdump': return readPyWxDump
    case 'wecom-archive': return readWeComArchive
    case 'tierbot': return shape === 'csv' ? readTierbotCsv : readTierbotJsonl
    default: {
      const never: never = format
      throw new Error(`unknown format ${String(never)}`)
    }
  }
}
