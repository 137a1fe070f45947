import { createHash } from 'node:crypto'
import { stripRemarkPrefix } from '../sync/remark.js'
import type { ExportPerson } from './types.js'

/*
 * Export ids (wxid, external user id) often differ from the puppet's contact ids. A person is matched
 * the way /tier resolves a name, exact steps only: the id, then the remark, then the WeChat name.
 * Two candidates on a step is ambiguous: never merged on a guess. Pure over the contact list given.
 */

export interface KnownContact { id: string; name: string; remark: string }

export type PersonMatch =
  | { status: 'matched'; contactId: string; via: 'id' | 'remark' | 'name' | 'map' }
  | { status: 'ambiguous'; candidates: string[] }
  | { status: 'unmatched' }

export interface PeopleIndex {
  match(person: ExportPerson): PersonMatch
  /** A contact appeared or changed (joins later imports in the same run). */
  add(contact: KnownContact): void
}

export function createPeopleIndex(contacts: Iterable<KnownContact>, remarkPrefix: string, mapped: Map<string, string> = new Map()): PeopleIndex {
  const ids = new Set<string>()
  const byRemark = new Map<string, string[]>()
  const byName = new Map<string, string[]>()
  const push = (map: Map<string, string[]>, key: string, id: string) => {
    if (!key) return
    const list = map.get(key)
    if (!list) map.set(key, [id])
    else if (!list.includes(id)) list.push(id)
  }
  const add = (c: KnownContact) => {
    ids.add(c.id)
    push(byRemark, stripRemarkPrefix(c.remark, remarkPrefix), c.id)
    push(byName, c.name, c.id)
  }
  for (const c of contacts) add(c)

  const step = (map: Map<string, string[]>, key: string): PersonMatch | null => {
    if (!key) return null
    const list = map.get(key)
    if (!list) return null
    return list.length === 1 ? { status: 'matched', contactId: list[0], via: map === byRemark ? 'remark' : 'name' } : { status: 'ambiguous', candidates: list.slice(0, 5) }
  }

  return {
    add,
    match(person) {
      const mappedTo = (person.id && mapped.get(person.id)) || mapped.get(person.remark) || mapped.get(person.name)
      if (mappedTo) return { status: 'matched', contactId: mappedTo, via: 'map' }
      if (person.id && ids.has(person.id)) return { status: 'matched', contactId: person.id, via: 'id' }
      // An export's remark is matched against remarks; its display name against remarks, then names.
      const remark = stripRemarkPrefix(person.remark, remarkPrefix)
      return step(byRemark, remark)
        ?? (person.name && person.name !== remark ? step(byRemark, person.name) : null)
        ?? step(byName, person.name)
        // tierbot CSV names a customer in one column: an id, a remark or a name.
        ?? (person.id && !person.name && !person.remark ? (step(byRemark, person.id) ?? step(byName, person.id)) : null)
        ?? { status: 'unmatched' }
    },
  }
}

/** The key an export person is remembered by across runs: the id, else the name. */
export function personKey(person: ExportPerson): string {
  return person.id || `name:${person.remark || person.name}`
}

/**
 * Where an unmatched person's history is kept until they are joined: under their export id (a puppet
 * using wxids joins by itself later), else under a stand-in id from their name.
 */
export function standInId(person: ExportPerson): string {
  if (person.id) return person.id
  return `import:${createHash('sha1').update(person.remark || person.name).digest('hex').slice(0, 16)}`
}

/** Exactly once: the export's server id when it has one, else a hash of chat, sender, time (s), type and text. */
export function messageKey(parts: { serverId?: string; chatId: string; senderId: string; at: number; kind: string; text: string }): string {
  if (parts.serverId) return parts.serverId
  const h = createHash('sha1')
  h.update(`${parts.chatId}\u0000${parts.senderId}\u0000${Math.floor(parts.at / 1000)}\u0000${parts.kind}\u0000${parts.text}`)
  return `imp:${h.digest('base64url').slice(0, 22)}`
}
