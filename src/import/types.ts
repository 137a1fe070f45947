import type { YearlyDate } from '../occasions/calendar-date.js'
import type { MessageKind } from '../platform/types.js'
import type { Tier } from '../tiers/ladder.js'

/*
 * What every export reader produces: plain rows the writer turns into the live path's ChatEvents
 * (messages), orders and pins. Readers know their format; nothing after them does.
 */

export const IMPORT_FORMATS = ['weflow', 'chatlab', 'memotrace', 'pywxdump', 'wecom-archive', 'tierbot'] as const
export type ImportFormat = typeof IMPORT_FORMATS[number]

/** A person as an export names them: any of the three may be missing. */
export interface ExportPerson {
  /** wxid, external user id, or '' when the export has none. */
  id: string
  name: string
  remark: string
}

/** Where a row came from, for error reports. */
export interface RowOrigin {
  file: string
  line: number
}

export interface MessageRow extends RowOrigin {
  type: 'message'
  chat: 'private' | 'group'
  /** Group: the room id (or a stand-in built from the chat's name). */
  roomId?: string
  roomTopic?: string
  /** The merchant's own side (isSend, 我, --self). */
  own: boolean
  /** The customer the message concerns: private → the other party; group → the sender. Null: merchant's own group message. */
  customer: ExportPerson | null
  at: number
  kind: MessageKind
  text: string
  /** The export's server message id, when it has one. */
  serverId?: string
  /** A transfer's amount in fen, when the export shows it. */
  amountFen?: number | null
}

export interface OrderRow extends RowOrigin {
  type: 'order'
  customer: ExportPerson
  amountFen: number
  at: number
  note: string
  refund: boolean
}

export interface TierRow extends RowOrigin {
  type: 'tier'
  customer: ExportPerson
  /** Null: unpin (auto). */
  tier: Tier | null
}

/** A birthday kept for a customer (tierbot CSV `kind=birthday`), as /生日 keeps it. */
export interface BirthdayRow extends RowOrigin {
  type: 'birthday'
  customer: ExportPerson
  date: YearlyDate
}

export interface BadRow extends RowOrigin {
  type: 'bad'
  reason: string
}

/** A row skipped on purpose (not an error): the reason is counted in the summary. */
export interface SkipRow extends RowOrigin {
  type: 'skip'
  reason: string
}

export type ImportRow = MessageRow | OrderRow | TierRow | BirthdayRow | BadRow | SkipRow

/** What a reader needs beyond the bytes. */
export interface ReaderContext {
  /** IANA zone for local-time strings. */
  timeZone: string
  /** The merchant's own export id or name (--self), when given. */
  self?: string
}

/** A readable input: a file path, or standard input. */
export interface ImportSource {
  /** Path shown in reports ('-' for standard input). */
  name: string
  /** Absolute path, or null for standard input. */
  path: string | null
  size: number | null
}
