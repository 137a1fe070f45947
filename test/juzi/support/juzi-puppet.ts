import * as PUPPET from '@juzi/wechaty-puppet'

/*
 * A small in-memory WeCom account on @juzi/wechaty-puppet (there is no public juzi mock): contacts with
 * remarks, messages, friendship events and corp tags in groups, the way a WorkPro gateway keeps them.
 * It plays the "console" too: tests rename or delete tags and groups as a merchant would, with the
 * tag events a gateway sends. Test support only.
 */

type Contact = PUPPET.payloads.Contact
type Message = PUPPET.payloads.Message
type Friendship = PUPPET.payloads.Friendship

interface Tag { id: string; name: string; groupId: string }
interface Group { id: string; name: string }

export class JuziMockPuppet extends PUPPET.Puppet {
  static override readonly VERSION = '0.0.0-test'
  readonly contacts = new Map<string, Contact>()
  /** Contacts who deleted the account: gone from the directory. */
  readonly vanished = new Map<string, Contact>()
  readonly messages = new Map<string, Message>()
  readonly friendships = new Map<string, Friendship>()
  readonly groups = new Map<string, Group>()
  readonly tags = new Map<string, Tag>()
  /** contact id → tag ids on it. */
  readonly contactTags = new Map<string, Set<string>>()
  /** Texts the account sent, by conversation. */
  readonly sent: Array<{ to: string; text: string }> = []
  /** Every tag call, in order (to check nothing was created twice). */
  readonly calls: string[] = []
  /** Make the next N tag writes fail with juzi's throttling error. */
  throttleNext = 0
  /** The account's clock (the bot's test clock, set by startJuziBot): times of sent messages and tag events. */
  clock: () => number = () => 0
  private seq = 0

  override async onStart(): Promise<void> {}
  override async onStop(): Promise<void> {}

  nextId(prefix: string): string {
    return `${prefix}-${++this.seq}`
  }

  addContact(c: { id: string; name: string; alias?: string; friend?: boolean }): void {
    this.contacts.set(c.id, {
      id: c.id, name: c.name, alias: c.alias ?? '', friend: c.friend ?? true,
      type: PUPPET.types.Contact.Individual, gender: PUPPET.types.ContactGender.Unknown, avatar: '', phone: [],
    })
  }

  /** A message from `talkerId` to the account (or the account's own, to `listenerId`) at a chosen time. */
  deliver(m: { talkerId: string; listenerId: string; text: string; at: number; type?: number }): string {
    const id = this.nextId('msg')
    this.messages.set(id, {
      id, talkerId: m.talkerId, listenerId: m.listenerId, text: m.text,
      timestamp: m.at, type: m.type ?? PUPPET.types.Message.Text,
    } as Message)
    this.emit('message', { messageId: id })
    return id
  }

  /**
   * A friendship event (Confirm, Delete, Removed) for a contact. A deleted contact also vanishes from the
   * directory (its payload cannot be loaded) until it is confirmed again, as gateways may do.
   */
  friendshipEvent(contactId: string, type: PUPPET.types.Friendship, at: number): void {
    const id = this.nextId('fr')
    this.friendships.set(id, { id, contactId, type, timestamp: at } as Friendship)
    const contact = this.contacts.get(contactId) ?? this.vanished.get(contactId)
    if (contact) {
      contact.friend = type === PUPPET.types.Friendship.Confirm
      if (contact.friend) {
        this.contacts.set(contactId, contact)
        this.vanished.delete(contactId)
      } else {
        this.vanished.set(contactId, contact)
        this.contacts.delete(contactId)
      }
    }
    this.emit('friendship', { friendshipId: id })
  }

  // -- the console --
  groupByName(name: string): Group | undefined {
    return [...this.groups.values()].find((g) => g.name === name)
  }
  tagByName(name: string): Tag | undefined {
    return [...this.tags.values()].find((t) => t.name === name)
  }
  /** Tag names on a contact, as the WeCom console shows them. */
  tagNamesOf(contactId: string): string[] {
    return [...(this.contactTags.get(contactId) ?? [])].map((id) => this.tags.get(id)?.name ?? `?${id}`).sort()
  }
  consoleDeleteTag(name: string): void {
    const tag = this.tagByName(name)
    if (!tag) throw new Error(`no tag ${name}`)
    this.tags.delete(tag.id)
    for (const set of this.contactTags.values()) set.delete(tag.id)
    this.emit('tag', { type: PUPPET.types.TagEvent.TagDelete, idList: [tag.id], timestamp: this.clock() })
  }
  /** Delete a tag group with its tags in the console (WeCom takes them off every customer). */
  consoleDeleteGroup(name: string): void {
    const group = this.groupByName(name)
    if (!group) throw new Error(`no tag group ${name}`)
    for (const tag of [...this.tags.values()].filter((t) => t.groupId === group.id)) {
      this.tags.delete(tag.id)
      for (const set of this.contactTags.values()) set.delete(tag.id)
    }
    this.groups.delete(group.id)
    this.emit('tag-group', { type: PUPPET.types.TagGroupEvent.TagGroupDelete, idList: [group.id], timestamp: this.clock() })
  }
  /** Delete a tag without telling anyone (an event lost while the bot was offline). */
  consoleDeleteTagSilently(name: string): void {
    const tag = this.tagByName(name)
    if (!tag) throw new Error(`no tag ${name}`)
    this.tags.delete(tag.id)
    for (const set of this.contactTags.values()) set.delete(tag.id)
  }

  // -- contacts --
  override async contactRawPayload(id: string): Promise<Contact> {
    const c = this.contacts.get(id)
    if (!c) throw new Error(`contact ${id} not found`)
    return { ...c }
  }
  override async contactRawPayloadParser(raw: Contact): Promise<Contact> { return raw }
  override async contactList(): Promise<string[]> { return [...this.contacts.keys()] }
  override async contactAlias(id: string): Promise<string>
  override async contactAlias(id: string, alias: string | null): Promise<void>
  override async contactAlias(id: string, alias?: string | null): Promise<void | string> {
    const c = this.contacts.get(id)
    if (!c) throw new Error(`contact ${id} not found`)
    if (alias === undefined) return c.alias ?? ''
    if (!c.friend) throw new Error(`${id} is not a friend`)
    c.alias = alias ?? ''
    this.cache.contact?.delete(id)
  }
  override async contactAvatar(): Promise<never> { throw new Error('no avatar') }
  override async roomList(): Promise<string[]> { return [] }

  // -- messages --
  override async messageRawPayload(id: string): Promise<Message> {
    const m = this.messages.get(id)
    if (!m) throw new Error(`message ${id} not found`)
    return m
  }
  override async messageRawPayloadParser(raw: Message): Promise<Message> { return raw }
  override async messageSendText(conversationId: string, text: string): Promise<string> {
    const c = this.contacts.get(conversationId)
    if (c && !c.friend) throw new Error(`${conversationId} is not a friend`)
    this.sent.push({ to: conversationId, text })
    const id = this.nextId('out')
    this.messages.set(id, { id, talkerId: this.currentUserId, listenerId: conversationId, text, timestamp: this.clock(), type: PUPPET.types.Message.Text } as Message)
    return id
  }

  // -- friendships --
  override async friendshipRawPayload(id: string): Promise<Friendship> {
    const f = this.friendships.get(id)
    if (!f) throw new Error(`friendship ${id} not found`)
    return f
  }
  override async friendshipRawPayloadParser(raw: Friendship): Promise<Friendship> { return raw }

  // -- corp tags --
  private throttle(what: string): void {
    this.calls.push(what)
    if (this.throttleNext > 0) {
      this.throttleNext--
      throw new Error('20001 Feature temporarily unavailable')
    }
  }
  override async tagGroupList(): Promise<string[]> { return [...this.groups.keys()] }
  override async tagGroupPayloadPuppet(id: string): Promise<PUPPET.payloads.TagGroup> {
    const g = this.groups.get(id)
    if (!g) throw new Error(`tag group ${id} not found`)
    return { ...g, type: PUPPET.types.Tag.Corporation }
  }
  override async tagGroupAdd(name: string): Promise<string> {
    this.calls.push(`tagGroupAdd ${name}`)
    const id = this.nextId('group')
    this.groups.set(id, { id, name })
    return id
  }
  override async tagGroupTagList(groupId?: string): Promise<string[]> {
    if (groupId && !this.groups.has(groupId)) throw new Error(`tag group ${groupId} not found`)
    return [...this.tags.values()].filter((t) => !groupId || t.groupId === groupId).map((t) => t.id)
  }
  override async tagTagList(): Promise<string[]> { return [...this.tags.keys()] }
  override async tagPayloadPuppet(id: string): Promise<PUPPET.payloads.Tag> {
    const t = this.tags.get(id)
    if (!t) throw new Error(`tag ${id} not found`)
    return { ...t, type: PUPPET.types.Tag.Corporation }
  }
  override async tagTagAdd(names: string[], groupId?: string): Promise<Array<{ id: string; name: string }>> {
    this.calls.push(`tagTagAdd ${names.join(',')}`)
    if (!groupId || !this.groups.has(groupId)) throw new Error(`tag group ${groupId} not found`)
    return names.map((name) => {
      const id = this.nextId('tag')
      this.tags.set(id, { id, name, groupId })
      return { id, name }
    })
  }
  override async tagContactTagAdd(tagIds: string[], contactIds: string[]): Promise<void> {
    this.throttle(`tagContactTagAdd ${tagIds.join(',')}`)
    for (const id of tagIds) if (!this.tags.has(id)) throw new Error(`tag ${id} not found`)
    for (const c of contactIds) {
      const set = this.contactTags.get(c) ?? new Set<string>()
      for (const id of tagIds) set.add(id)
      this.contactTags.set(c, set)
    }
  }
  override async tagContactTagRemove(tagIds: string[], contactIds: string[]): Promise<void> {
    this.throttle(`tagContactTagRemove ${tagIds.join(',')}`)
    for (const id of tagIds) if (!this.tags.has(id)) throw new Error(`tag ${id} not found`)
    for (const c of contactIds) for (const id of tagIds) this.contactTags.get(c)?.delete(id)
  }
  override async tagContactTagList(contactId: string): Promise<string[]> {
    return [...(this.contactTags.get(contactId) ?? [])]
  }
}
