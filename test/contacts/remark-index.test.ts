import { describe, expect, it } from 'vitest'
import { resolveAdmins } from '../../src/commands/auth.js'
import { createContactResolver } from '../../src/commands/resolve.js'
import { displayNamesFor } from '../../src/contacts/names.js'
import { remarkIndexFor } from '../../src/contacts/remark-index.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { closeDb, createDb, type Db } from '../../src/store/client.js'
import { createLedger } from '../../src/sync/ledger.js'
import { tempDbFile } from '../support/bot.js'
import { ACCOUNT, NOW, createShop } from '../commands/seed.js'
import { makeCommands } from '../commands/harness.js'

/*
 * Exact remark lookups are served from memory (no index on contacts.remark). What the merchant must not
 * notice: a remark tierbot or the merchant just changed is found at once by its new words, and no longer
 * by its old ones, whoever changed it (the sync ledger, the directory, another process) and even when the
 * change was rolled back.
 */

const A = 'shop'
const contact = (id: string, name: string, remark = '') => ({ id, name, remark, friend: true, kind: 'individual' as const })
const writeRemark = (db: Db, id: string, remark: string, base: string) =>
  createLedger(db, A).apply(id, { kind: 'remark', key: '', payload: { remark, base } }, 0)
/** Two contacts whose names hold each word: a partial match (the fallback after the exact steps) is then ambiguous. */
const decoys = (ingest: ReturnType<typeof createIngest>, ...words: string[]) => {
  for (const w of words) for (const x of ['甲', '乙']) ingest.upsertContact(A, contact(`decoy-${w}${x}`, `${w}${x}`), 0)
}
const foundId = (r: ReturnType<ReturnType<typeof createContactResolver>['resolve']>) => (r.kind === 'found' ? r.contact.id : r.kind)

/** c1 (小赵) with `remark`, decoys for `words`; `find` resolves like /tier (its resolver made at the first call). */
function seeded(remark: string, words: string[], file = ':memory:') {
  const db = createDb(file)
  const ingest = createIngest(db)
  ingest.upsertContact(A, contact('c1', '小赵', remark), 0)
  decoys(ingest, ...words)
  let resolver: ReturnType<typeof createContactResolver> | undefined
  return { db, ingest, find: (q: string) => foundId((resolver ??= createContactResolver(db)).resolve(A, q)) }
}

describe('/tier by exact remark after the remark changes in the same process', () => {
  it('a remark tierbot wrote (L2|赵六) is found as 赵六 and in full; after the merchant’s words change, the old ones no longer match', async () => {
    const shop = createShop()
    shop.contact('wxid_zl', 'zl')
    shop.contact('wxid_other', '路人甲', '老乡')
    // Partial matches of every query below are ambiguous: only the exact remark step singles one out.
    for (const w of ['赵六', '赵小六']) for (const x of ['甲', '乙']) shop.contact(`decoy-${w}${x}`, `${w}${x}`)
    const bot = makeCommands(shop)
    // The index is built by this first lookup, before tierbot writes the remark.
    expect(await bot.say('/tier 老乡')).toContain('路人甲')
    createLedger(shop.db, ACCOUNT).apply('wxid_zl', { kind: 'remark', key: '', payload: { remark: 'L2|赵六', base: '赵六' } }, NOW)
    expect(await bot.say('/tier 赵六')).toMatch(/^赵六（zl）：/)
    expect(await bot.say('/tier L2|赵六')).toMatch(/^赵六（zl）：/)
    // The rung moves: only the prefix changes, the merchant's words still find the contact.
    createLedger(shop.db, ACCOUNT).apply('wxid_zl', { kind: 'remark', key: '', payload: { remark: 'L3|赵六', base: '赵六' } }, NOW)
    expect(await bot.say('/tier L3|赵六')).toMatch(/^赵六（zl）：/)
    // The merchant renamed them on the phone (the directory brings the new remark).
    shop.ingest.upsertContact(ACCOUNT, contact('wxid_zl', 'zl', 'L3|赵小六'), NOW)
    expect(await bot.say('/tier 赵小六')).toMatch(/^赵小六（zl）：/)
    const old = await bot.say('/tier 赵六')
    expect(old).not.toContain('（zl）：')
    expect(old).toContain('赵六甲')
  })

  it('finds by the new remark and not by the old one, prefix-only moves included', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    ingest.upsertContact(A, contact('c1', '小赵'), 0)
    ingest.upsertContact(A, contact('c2', '钱钱', '钱七'), 0)
    decoys(ingest, '赵六', '孙八', '钱七')
    const resolver = createContactResolver(db)
    expect(foundId(resolver.resolve(A, '钱七'))).toBe('c2')
    writeRemark(db, 'c1', 'L1|赵六', '赵六')
    expect(foundId(resolver.resolve(A, '赵六'))).toBe('c1')
    expect(foundId(resolver.resolve(A, 'L1|赵六'))).toBe('c1')
    writeRemark(db, 'c1', 'L2|赵六', '赵六')
    expect(foundId(resolver.resolve(A, 'L2|赵六'))).toBe('c1')
    writeRemark(db, 'c2', 'L2|赵六', '赵六')
    expect(resolver.resolve(A, '赵六')).toMatchObject({ kind: 'ambiguous', total: 2 })
    writeRemark(db, 'c1', 'L2|孙八', '孙八')
    expect(foundId(resolver.resolve(A, '赵六'))).toBe('c2')
    expect(foundId(resolver.resolve(A, '孙八'))).toBe('c1')
    expect(foundId(resolver.resolve(A, '钱七'))).toBe('ambiguous')
  })

  it('sees contacts added and forgotten after it was built, and many changes at once', () => {
    const { db, ingest, find } = seeded('赵六', ['赵六', '孙八', '备注4999', '备注17'])
    expect(find('赵六')).toBe('c1')
    ingest.upsertContact(A, contact('c2', '小孙', '孙八'), 0)
    expect(find('孙八')).toBe('c2')
    db.$client.prepare('DELETE FROM contacts WHERE account_id = ? AND id = ?').run(A, 'c1')
    expect(find('赵六')).toBe('ambiguous')
    // More changes than the connection keeps notes of: the table is built again.
    db.$client.transaction(() => {
      for (let i = 0; i < 17_000; i++) ingest.upsertContact(A, contact(`n${i}`, `客${i}`, `L1|备注${i}`), 0)
    })()
    expect(find('备注4999')).toBe('n4999')
    expect(find('L1|备注17')).toBe('n17')
    expect(find('孙八')).toBe('c2')
  })

  it('a remark holding a line break does not shift the others (read row by row then)', () => {
    const { ingest, find } = seeded('赵六', ['赵六', '孙八', '钱七'])
    ingest.upsertContact(A, contact('c2', '小孙', '孙八\n老客'), 0)
    ingest.upsertContact(A, contact('c3', '小钱', '钱七'), 0)
    expect(find('赵六')).toBe('c1')
    expect(find('孙八\n老客')).toBe('c2')
    expect(find('钱七')).toBe('c3')
  })

  it('sees a remark another process changed', () => {
    const file = tempDbFile('remark-index')
    const { db, find } = seeded('L1|赵六', ['赵六', '孙八'], file)
    expect(find('赵六')).toBe('c1')
    const other = createDb(file)
    other.$client.prepare('UPDATE contacts SET remark = ? WHERE account_id = ? AND id = ?').run('L1|孙八', A, 'c1')
    closeDb(other)
    expect(find('孙八')).toBe('c1')
    expect(find('赵六')).toBe('ambiguous')
    closeDb(db)
  })

  it('a change rolled back is forgotten, and so is an index built inside a transaction that rolled back', () => {
    const { db, find } = seeded('L1|赵六', ['赵六', '孙八', '钱七'])
    db.$client.exec('BEGIN')
    // Built by this first lookup: its temp triggers go with the rollback.
    expect(find('赵六')).toBe('c1')
    writeRemark(db, 'c1', 'L1|钱七', '钱七')
    expect(find('钱七')).toBe('c1')
    db.$client.exec('ROLLBACK')
    expect(find('钱七')).toBe('ambiguous')
    expect(find('赵六')).toBe('c1')
    writeRemark(db, 'c1', 'L2|孙八', '孙八')
    expect(find('孙八')).toBe('c1')
    expect(find('赵六')).toBe('ambiguous')
  })

  it('display names carry the id once two contacts read the same, and admins named by remark still resolve', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    ingest.upsertContact(A, contact('c1', '小赵', '赵六'), 0)
    ingest.upsertContact(A, contact('c2', '阿赵'), 0)
    ingest.upsertContact(A, contact('boss', '老板娘', '店长'), 0)
    const names = displayNamesFor(db)
    expect(names.of(A, 'c1')).toBe('赵六')
    writeRemark(db, 'c2', 'L3|赵六', '赵六')
    expect(names.of(A, 'c1')).toBe('赵六（ID c1）')
    expect(names.of(A, 'c2')).toBe('赵六（ID c2）')
    expect([...resolveAdmins(db, A, ['店长']).ids]).toEqual(['boss'])
    writeRemark(db, 'boss', 'L5|店长', '店长')
    expect([...resolveAdmins(db, A, ['L5|店长']).ids]).toEqual(['boss'])
    expect(resolveAdmins(db, A, ['赵六']).warnings).toHaveLength(1)
  })
})

describe('a long run of label writes between lookups', () => {
  it('taken in as they come (keepUp): every contact is found by the words of its latest remark', () => {
    const { db, ingest, find } = seeded('赵六', ['赵六'])
    for (let i = 0; i < 300; i++) ingest.upsertContact(A, contact(`k${i}`, `客${i}`, `L1|老客${i}`), 0)
    expect(find('老客7')).toBe('k7')
    const remarks = remarkIndexFor(db.$client)
    // 20,000 rung remarks rewritten (more than the notes kept), the runner's settle step after each few.
    for (let round = 0; round < 67; round++) {
      for (let i = 0; i < 300; i++) writeRemark(db, `k${i}`, `L${round % 5}|老客${i}${round === 66 ? '新' : ''}`, `老客${i}`)
      remarks.keepUp(A)
    }
    expect(find('老客7新')).toBe('k7')
    expect(find('L1|老客299新')).toBe('k299')
    expect(find('老客7')).not.toBe('k7')
    closeDb(db)
  })
})
