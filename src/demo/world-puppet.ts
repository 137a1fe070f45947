import { PuppetMock, mock } from 'wechaty-puppet-mock'
import * as PUPPET from 'wechaty-puppet'
import type { FileBoxInterface } from 'file-box'

/*
 * The simulated account behind the demo world and the tests. PuppetMock's alias and tag methods are
 * no-ops (docs/platform-notes.md): this subclass keeps them in memory, records every write (so tests can check
 * rates and results), can refuse tags with gRPC code 12 like a WorkPro token, and injects messages
 * with a chosen timestamp.
 */

export interface WorldPuppetOptions {
  /** Answer tag calls with code 12 (UNIMPLEMENTED), as WorkPro tokens do. */
  tagsUnsupported?: boolean
  /** Stamps injected messages that carry no time, and sent ones (default: the wall clock). */
  clock?: () => number
}

export interface InjectMessage {
  id?: string
  talkerId: string
  /** Private chat: the other party. */
  listenerId?: string
  roomId?: string
  type?: PUPPET.types.Message
  text?: string
  /** Epoch ms; defaults to now. */
  timestamp?: number
  /** A contact card (名片): the carded contact's id (type defaults to Contact). */
  cardContactId?: string
}

export interface WriteRecord {
  kind: 'alias' | 'tag_add' | 'tag_remove'
  contactId: string
  value: string
  at: number
}

let sequence = 0

export class WorldPuppet extends PuppetMock {
  readonly aliases = new Map<string, string>()
  readonly tags = new Map<string, Set<string>>()
  readonly writes: WriteRecord[] = []
  readonly sent: Array<{ conversationId: string; text: string; at: number }> = []
  /** Files delivered (the weekly report picture), with their bytes as the puppet received them. */
  readonly files: Array<{ conversationId: string; name: string; data: Buffer; at: number }> = []
  tagsUnsupported: boolean
  /** The world's "now"; a bot under test shares its clock with the world it talks to. */
  clock: () => number
  private readonly friendships = new Map<string, PUPPET.payloads.Friendship>()
  private readonly cards = new Map<string, string>()

  constructor(options: WorldPuppetOptions = {}) {
    super({ mocker: new mock.Mocker() })
    this.tagsUnsupported = options.tagsUnsupported ?? false
    this.clock = options.clock ?? Date.now
  }

  override async contactAlias(contactId: string): Promise<string>
  override async contactAlias(contactId: string, alias: string | null): Promise<void>
  override async contactAlias(contactId: string, alias?: string | null): Promise<void | string> {
    if (alias === undefined) return this.aliases.get(contactId) ?? ''
    const value = alias ?? ''
    this.aliases.set(contactId, value)
    this.writes.push({ kind: 'alias', contactId, value, at: Date.now() })
    const payload = this.mocker.cacheContactPayload.get(contactId)
    if (payload) this.mocker.cacheContactPayload.set(contactId, { ...payload, alias: value })
    await this.contactPayloadDirty(contactId)
  }

  override async tagContactAdd(tagId: string, contactId: string): Promise<void> {
    this.refuseTagsIfUnsupported()
    let set = this.tags.get(contactId)
    if (!set) this.tags.set(contactId, (set = new Set()))
    set.add(tagId)
    this.writes.push({ kind: 'tag_add', contactId, value: tagId, at: Date.now() })
  }

  override async tagContactRemove(tagId: string, contactId: string): Promise<void> {
    this.refuseTagsIfUnsupported()
    this.tags.get(contactId)?.delete(tagId)
    this.writes.push({ kind: 'tag_remove', contactId, value: tagId, at: Date.now() })
  }

  override async tagContactList(contactId?: string): Promise<string[]> {
    this.refuseTagsIfUnsupported()
    if (contactId) return [...(this.tags.get(contactId) ?? [])]
    return [...new Set([...this.tags.values()].flatMap((s) => [...s]))]
  }

  override async messageSendText(conversationId: string, text: string): Promise<void> {
    // Refused while logged out, as the mock does; recorded once delivered (a refused send reached nobody).
    if (!this.isLoggedIn) throw new Error('not logged in')
    // The account's own message comes back as a message event, like PuppetMock's, but stamped with the
    // world's clock: the mock stamps it with the wall clock, which a world on a test clock must not leak.
    const where = conversationId.includes('@') ? { roomId: conversationId } : { listenerId: conversationId }
    this.inject({ talkerId: this.currentUserId, ...where, text })
    this.sent.push({ conversationId, text, at: this.clock() })
  }

  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    // The mock's own send serialises the FileBox to JSON, which buffer and stream boxes refuse: record it here.
    if (!this.isLoggedIn) throw new Error('not logged in')
    this.files.push({ conversationId, name: file.name, data: await file.toBuffer(), at: this.clock() })
  }

  /** Put a message with a chosen id/time in the mocker's cache and emit it, as the real puppet would. */
  inject(message: InjectMessage): string {
    const id = message.id ?? `demo-${Date.now().toString(36)}-${(++sequence).toString(36)}`
    const payload: Record<string, unknown> = {
      id,
      talkerId: message.talkerId,
      timestamp: message.timestamp ?? this.clock(),
      type: message.type ?? (message.cardContactId ? PUPPET.types.Message.Contact : PUPPET.types.Message.Text),
      text: message.text ?? '',
    }
    if (message.cardContactId) this.cards.set(id, message.cardContactId)
    if (message.roomId) payload.roomId = message.roomId
    else payload.listenerId = message.listenerId
    if (!this.mocker.cacheMessagePayload.has(id)) {
      this.mocker.MessageMock.create(payload as never)
    }
    this.emit('message', { messageId: id })
    return id
  }

  /** Emit a confirmed friendship (a new friend) with the time it was made. */
  injectFriendship(friendship: { id: string; contactId: string; timestamp: number; hello?: string }): void {
    this.friendships.set(friendship.id, {
      id: friendship.id, contactId: friendship.contactId, hello: friendship.hello ?? '',
      type: PUPPET.types.Friendship.Confirm, timestamp: friendship.timestamp,
    })
    this.emit('friendship', { friendshipId: friendship.id })
  }

  // PuppetMock answers every contact card with no contact; serve the injected ones.
  override async messageContact(messageId: string): Promise<string> {
    return this.cards.get(messageId) ?? ''
  }

  // PuppetMock answers every friendship with an empty payload; serve the injected ones.
  override async friendshipRawPayload(id: string): Promise<any> {
    return this.friendships.get(id) ?? { id }
  }

  /** Emit the same message id again (a resuming service re-sending events). */
  redeliver(messageId: string): void {
    this.emit('message', { messageId })
  }

  private refuseTagsIfUnsupported(): void {
    if (this.tagsUnsupported) {
      throw Object.assign(new Error('12 UNIMPLEMENTED: tag is not supported by this puppet'), { code: 12 })
    }
  }
}
