/*
 * Plain values the rest of tierbot sees. Only platform/ knows Wechaty; everything else works on
 * these, which is what makes a second adapter (e.g. @juzi/wechaty for WorkPro corp tags) one folder.
 */

/** Message kinds by name; the puppet's numeric type is kept beside it (rawType) for the rest. */
export type MessageKind =
  | 'text' | 'transfer' | 'red_envelope' | 'recalled' | 'url' | 'mini_program' | 'image' | 'audio'
  | 'video' | 'emoticon' | 'attachment' | 'contact_card' | 'location' | 'chat_history' | 'post'
  | 'group_note' | 'channel' | 'unknown'

export interface ChatEvent {
  accountId: string
  messageId: string
  chat: 'private' | 'group'
  /** 'out' = the account's own message (message.self()), including what the merchant types on the phone. */
  direction: 'in' | 'out'
  kind: MessageKind
  rawType: number
  /** The message's own time (message.date()), epoch ms. */
  at: number
  /** Text (or the puppet's text rendering of non-text kinds); '' when none. */
  text: string
  talkerId: string
  talkerName: string
  /** Private: the other party (the customer). Group: the talker. */
  contactId: string
  /** Private chat only: the listener's id (for outbound messages, the customer). */
  listenerId?: string
  roomId?: string
  roomTopic?: string
  /** Contact card (名片) only: the carded person's id and name, when the puppet tells them. */
  cardContactId?: string
  cardName?: string
}

export interface ContactInfo {
  id: string
  name: string
  /** Remark (备注/alias) as the account sees it; '' when none. */
  remark: string
  friend: boolean
  /** Personal / official / corporation … ; only individuals are customers. */
  kind: 'individual' | 'official' | 'corporation' | 'unknown'
}

export interface RoomInfo {
  id: string
  topic: string
  memberIds: string[]
}

/** What the platform reports besides messages. */
export type PlatformEvent =
  | { type: 'login'; accountId: string; name: string; at: number }
  | { type: 'logout'; accountId: string; reason?: string; at: number }
  | { type: 'ready'; accountId: string; at: number }
  | { type: 'contact'; contact: ContactInfo; at: number }
  | { type: 'room'; room: RoomInfo; at: number }
  /** hello: the new friend's greeting (验证消息), '' when none. */
  | { type: 'friendship'; contact: ContactInfo; hello?: string; at: number }
  /**
   * The contact is no longer a friend: it deleted the account ('customer'; also inferred when a send or
   * remark is refused for that reason), or the account removed it ('merchant').
   */
  | { type: 'friend-lost'; contactId: string; by: 'customer' | 'merchant'; at: number }
  /**
   * These labels are on nobody any more (WeCom: the merchant deleted or renamed tierbot's corp tag or its
   * group in the console, which takes it off every customer): whoever should carry them gets them again.
   */
  | { type: 'labels-gone'; labels: string[]; at: number }
  | { type: 'room-join'; roomId: string; contactIds: string[]; at: number }
  | { type: 'room-leave'; roomId: string; contactIds: string[]; at: number }
  | { type: 'room-topic'; roomId: string; topic: string; oldTopic: string; changerId?: string; at: number }
  | { type: 'error'; error: unknown; at: number }
  | { type: 'heartbeat'; at: number }

/** Errors from actions, sorted so the outbox runner can decide: retry, wait, fall back, or give up. */
export type ActionErrorKind = 'transient' | 'rate_limited' | 'unsupported' | 'permanent'

export class ActionError extends Error {
  constructor(
    readonly kind: ActionErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'ActionError'
  }
}

/** Where a message goes: a contact's private chat or a room. */
export interface SendTarget { contactId?: string; roomId?: string }

/** A file to send (the weekly report picture): bytes and the name the chat shows, e.g. `report.png`. */
export interface OutgoingFile {
  name: string
  data: Buffer
}

/** The actions tierbot performs on WeChat. Implementations throw ActionError. */
export interface PlatformActions {
  /** Send text to a contact (private chat) or a room. */
  say(target: SendTarget, text: string): Promise<void>
  /** Send a file (an image when the name ends in .png/.jpg) to a contact or a room. */
  sendFile(target: SendTarget, file: OutgoingFile): Promise<void>
  /** Set a contact's remark (备注) and confirm it by reading it back. */
  setRemark(contactId: string, remark: string): Promise<void>
  /**
   * The contact's remark as WeChat has it now (read fresh, not from a cache): the merchant may have
   * edited it on the phone since the directory was read. Optional: without it, sync trusts its copy.
   */
  readRemark?(contactId: string): Promise<string>
  addLabel(contactId: string, label: string): Promise<void>
  removeLabel(contactId: string, label: string): Promise<void>
  /** Every contact the account knows (friends and not). */
  listContacts(): Promise<ContactInfo[]>
  listRooms(): Promise<RoomInfo[]>
}

export interface Platform extends PlatformActions {
  /** The logged-in account id, once logged in. */
  selfId(): string | undefined
  onMessage(handler: (event: ChatEvent) => void | Promise<void>): void
  onEvent(handler: (event: PlatformEvent) => void | Promise<void>): void
  start(): Promise<void>
  stop(): Promise<void>
}
