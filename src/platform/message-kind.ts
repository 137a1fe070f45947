import type { MessageKind } from './types.js'

/** wechaty-puppet's MessageType numbers (docs/platform-notes.md) → names stored in the log. */
const KINDS: Record<number, MessageKind> = {
  0: 'unknown',
  1: 'attachment',
  2: 'audio',
  3: 'contact_card',
  4: 'chat_history',
  5: 'emoticon',
  6: 'image',
  7: 'text',
  8: 'location',
  9: 'mini_program',
  10: 'group_note',
  11: 'transfer',
  12: 'red_envelope',
  13: 'recalled',
  14: 'url',
  15: 'video',
  16: 'post',
  17: 'channel',
}

export function messageKindOf(rawType: number): MessageKind {
  return KINDS[rawType] ?? 'unknown'
}

const RAW_TYPES = new Map<MessageKind, number>(Object.entries(KINDS).map(([n, k]) => [k, Number(n)]))

/** The puppet's number for a kind (imported messages are stored as if the puppet had delivered them). */
export function rawTypeOf(kind: MessageKind): number {
  return RAW_TYPES.get(kind) ?? 0
}

/** Text beyond this is cut before it is stored; a 100 KB message is kept whole. */
export const MAX_STORED_TEXT = 200_000

export function clampText(text: string | undefined | null): string {
  if (!text) return ''
  if (text.length <= MAX_STORED_TEXT) return text
  // Never between the two halves of an emoji (a lone surrogate is stored as U+FFFD).
  const high = text.charCodeAt(MAX_STORED_TEXT - 1)
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? MAX_STORED_TEXT - 1 : MAX_STORED_TEXT)
}
