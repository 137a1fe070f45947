import type { Clock } from '../../shared/clock.js'
import type { Logger } from '../../shared/logger.js'
import { toActionError } from '../errors.js'
import { ActionError } from '../types.js'
import { GROUP_ROW, type CorpTagStore } from './tag-store.js'

/*
 * WeCom corp tags (企业标签) through the @juzi puppet: tierbot's labels live as tags in one tag group.
 * The gateway addresses tags by id, the sync by name; this resolves one to the other. The group and each
 * tag are created at most once — looked up by name first, the id kept in the database — and an id the
 * merchant invalidated in the WeCom console (renamed or deleted: a tag event, or a write failing on it)
 * is forgotten and resolved again by name. Resolution is serialised, so two writes never create twice.
 */

/** The puppet's tag calls this needs (@juzi/wechaty-puppet names; ids are strings). */
export interface TagApi {
  tagGroupList(): Promise<string[]>
  tagGroupPayloadPuppet(groupId: string): Promise<{ id: string; name: string }>
  tagGroupAdd(groupName: string): Promise<string | void>
  tagGroupTagList(groupId?: string): Promise<string[]>
  tagPayloadPuppet(tagId: string): Promise<{ id: string; name: string; groupId?: string }>
  tagTagAdd(tagNames: string[], groupId?: string): Promise<Array<{ id: string; name: string }> | void>
  tagContactTagAdd(tagIds: string[], contactIds: string[]): Promise<void>
  tagContactTagRemove(tagIds: string[], contactIds: string[]): Promise<void>
}

/** @juzi/wechaty-puppet's TagEventType / TagGroupEventType values. */
const TAG_DELETE = 1
const TAG_RENAME = 2
const GROUP_DELETE = 11
const GROUP_RENAME = 12

export interface TagEvent {
  type: number
  idList: string[]
}

export interface CorpTags {
  add(contactId: string, label: string): Promise<void>
  remove(contactId: string, label: string): Promise<void>
  /** A `tag` or `tag-group` event from the puppet: forget ids the merchant renamed or deleted. */
  onTagEvent(event: TagEvent, kind: 'tag' | 'tag-group'): void
}

export interface CorpTagsOptions {
  api: TagApi
  store: CorpTagStore
  groupName: string
  accountId: () => string | undefined
  clock: Clock
  logger: Logger
  /**
   * Labels that are on nobody any more: the merchant deleted or renamed tierbot's tag (or its group) in
   * the console, which takes it off every customer. Sync writes them again.
   */
  onGone?: (labels: string[]) => void
}

/*
 * While listing, a tag or group that vanished between the list and its lookup is skipped; any other
 * failure (network, throttling) stops the lookup, so a tag that exists is never missed and made twice.
 */
function skipGone(err: unknown): undefined {
  if (toActionError(err).kind === 'permanent') return undefined
  throw err
}

export function createCorpTags(options: CorpTagsOptions): CorpTags {
  const { api, store, groupName, clock, logger } = options
  let queue: Promise<unknown> = Promise.resolve()
  /** One resolution (lookup or creation) at a time. */
  function serial<T>(op: () => Promise<T>): Promise<T> {
    const run = queue.then(op)
    queue = run.catch(() => undefined)
    return run
  }
  const account = (): string => {
    const id = options.accountId()
    if (!id) throw new ActionError('transient', 'corp tags: not logged in')
    return id
  }

  async function findGroup(): Promise<string | undefined> {
    for (const id of await api.tagGroupList()) {
      const payload = await api.tagGroupPayloadPuppet(id).catch(skipGone)
      if (payload?.name === groupName) return id
    }
    return undefined
  }

  async function groupId(accountId: string): Promise<string> {
    const known = store.get(accountId, groupName, GROUP_ROW)
    if (known) return known
    let id = await findGroup()
    if (!id) {
      id = (await api.tagGroupAdd(groupName)) || await findGroup()
      if (!id) throw new ActionError('permanent', `corp tags: could not create the tag group ${groupName}`)
      logger.info({ groupName, groupId: id }, 'corp tag group created')
    }
    store.put(accountId, groupName, GROUP_ROW, id, clock())
    return id
  }

  async function findTag(group: string, label: string): Promise<string | undefined> {
    for (const id of await api.tagGroupTagList(group)) {
      const payload = await api.tagPayloadPuppet(id).catch(skipGone)
      if (payload?.name === label) return id
    }
    return undefined
  }

  /** The tag's id; created when `create` and the group has none of that name. */
  function tagId(label: string, create: boolean): Promise<string | undefined> {
    return serial(async () => {
      const accountId = account()
      const known = store.get(accountId, groupName, label)
      if (known) return known
      let group = await groupId(accountId)
      let id: string | undefined
      try {
        id = await findTag(group, label)
      } catch (err) {
        // The group itself went away (deleted in the console while we were offline): find or create it again.
        if (toActionError(err).kind !== 'permanent') throw err
        store.forget(accountId, groupName)
        group = await groupId(accountId)
        id = await findTag(group, label)
      }
      if (!id && create) {
        const created = await api.tagTagAdd([label], group)
        id = (created || []).find((t) => t.name === label)?.id ?? await findTag(group, label)
        if (!id) throw new ActionError('permanent', `corp tags: could not create the tag ${label}`)
        logger.info({ label, tagId: id }, 'corp tag created')
      }
      if (id) store.put(accountId, groupName, label, id, clock())
      return id
    })
  }

  /** Is `id` still tierbot's tag `label` (in its group)? A lookup that fails means no. */
  async function stillValid(label: string, id: string): Promise<boolean> {
    const payload = await api.tagPayloadPuppet(id).catch(() => undefined)
    if (!payload || payload.name !== label) return false
    const group = store.get(account(), groupName, GROUP_ROW)
    return !payload.groupId || !group || payload.groupId === group
  }

  /**
   * Run a write with the stored id; when it fails on something other than throttling or the network,
   * check the id: still good → the failure stands; invalidated → forget it and `retry` once.
   */
  async function withId(label: string, create: boolean, write: (id: string) => Promise<void>): Promise<void> {
    const id = await tagId(label, create)
    if (!id) return
    try {
      await write(id)
    } catch (err) {
      const error = toActionError(err)
      if (error.kind === 'rate_limited' || error.kind === 'transient' || error.kind === 'unsupported') throw error
      if (await stillValid(label, id)) throw error
      logger.warn({ label, tagId: id }, 'corp tag renamed or deleted in the console; resolving it again')
      store.forget(account(), groupName, label)
      const again = await tagId(label, create)
      if (again) await write(again)
    }
  }

  return {
    async add(contactId, label) {
      await withId(label, true, (id) => api.tagContactTagAdd([id], [contactId]))
    },
    async remove(contactId, label) {
      // A tag that no longer exists is on nobody: nothing to remove, nothing to create.
      await withId(label, false, (id) => api.tagContactTagRemove([id], [contactId]))
    },
    onTagEvent(event, kind) {
      const accountId = options.accountId()
      if (!accountId) return
      const stale = kind === 'tag' ? event.type === TAG_DELETE || event.type === TAG_RENAME
        : event.type === GROUP_DELETE || event.type === GROUP_RENAME
      if (!stale) return
      const inGroup = store.names(accountId, groupName)
      const forgotten = store.forgetIds(accountId, groupName, event.idList ?? [])
      if (forgotten.length === 0) return
      logger.info({ kind, type: event.type, forgotten }, 'corp tags changed in the console; will resolve again')
      // The group gone takes every tag in it along; a tag gone (or renamed: now the merchant's) is on nobody.
      const gone = forgotten.includes(GROUP_ROW) ? inGroup : forgotten.filter((name) => name !== GROUP_ROW)
      if (gone.length > 0) options.onGone?.(gone)
    },
  }
}
