import { describe, expect, it } from 'vitest'
import { createContactResolver } from '../../src/commands/resolve.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { createDb } from '../../src/store/client.js'

/*
 * Partial matches and suggestions come from an in-memory name list: it must follow contacts that are
 * added or renamed after it was loaded (the contacts.version trigger), including renames that arrive
 * through ingest's upserts.
 */
describe('name resolution keeps up with the directory', () => {
  const contact = (id: string, name: string, remark = '') => ({ id, name, remark, friend: true, kind: 'individual' as const })

  it('a contact added after a miss is found by a partial name', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    ingest.upsertContact('shop', contact('c1', '张三'), 0)
    const resolver = createContactResolver(db)
    expect(resolver.resolve('shop', '丰').kind).toBe('not_found')
    ingest.upsertContact('shop', contact('c2', '张三丰'), 0)
    expect(resolver.resolve('shop', '丰')).toMatchObject({ kind: 'found', contact: { id: 'c2' } })
  })

  it('a remark changed on the phone is matched, and the old text no longer is', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    ingest.upsertContact('shop', contact('c1', '小李', 'L2|李 宝妈'), 0)
    const resolver = createContactResolver(db)
    expect(resolver.resolve('shop', '宝妈')).toMatchObject({ kind: 'found', contact: { id: 'c1' } })
    ingest.upsertContact('shop', contact('c1', '小李', 'L2|李 老乡'), 0)
    expect(resolver.resolve('shop', '宝妈').kind).toBe('not_found')
    expect(resolver.resolve('shop', '老乡')).toMatchObject({ kind: 'found', contact: { id: 'c1' } })
  })

  it('a typo gets the closest names as suggestions', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    ingest.upsertContact('shop', contact('c1', '王小芳'), 0)
    ingest.upsertContact('shop', contact('c2', '赵敏'), 0)
    const res = createContactResolver(db).resolve('shop', '王晓芳')
    expect(res.kind).toBe('not_found')
    expect(res.kind === 'not_found' && res.suggestions.map((s) => s.id)).toEqual(['c1'])
  })

  it('a partial name counts each contact once, matches in name or remark, any case, never across two contacts', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    ingest.upsertContact('shop', contact('c1', 'Anna 安娜'), 0)
    ingest.upsertContact('shop', contact('c2', '小安', 'L1|安安 老客'), 0)
    ingest.upsertContact('shop', contact('c3', '安安安'), 0)
    ingest.upsertContact('shop', contact('c4', '周末'), 0)
    const resolver = createContactResolver(db)
    const ambiguous = resolver.resolve('shop', '安')
    expect(ambiguous).toMatchObject({ kind: 'ambiguous', total: 3 })
    expect(resolver.resolve('shop', 'ANNA')).toMatchObject({ kind: 'found', contact: { id: 'c1' } })
    expect(resolver.resolve('shop', '老客')).toMatchObject({ kind: 'found', contact: { id: 'c2' } })
    // The end of one contact's name and the start of the next one's are not one name.
    expect(resolver.resolve('shop', '安周').kind).toBe('not_found')
    expect(resolver.resolve('shop', '客小').kind).toBe('not_found')
  })
})
