import { describe, expect, it } from 'vitest'
import { createContactResolver, remarkPrefixPattern } from '../../src/commands/resolve.js'
import { ACCOUNT, createShopDb } from './seed.js'

describe('resolveContact: remark (without prefix), then name, then id, then a unique partial match', () => {
  const shop = createShopDb()
  shop.contact('r9@chatroom', '新品体验群')
  const resolver = createContactResolver(shop.db)
  const resolve = (q: string) => resolver.resolve(ACCOUNT, q)

  it.each([
    { name: "remark without tierbot's prefix", query: '张三 宝妈', id: 'wxid_zs1' },
    { name: 'full remark with prefix', query: 'L4|张三 宝妈', id: 'wxid_zs1' },
    { name: 'unique name', query: '李四', id: 'wxid_ls' },
    { name: 'id', query: 'wxid_zs2', id: 'wxid_zs2' },
    { name: 'unique partial', query: '六六', id: 'wxid_zl' },
    { name: 'partial is case-insensitive for Latin names', query: 'wang', id: 'wxid_ww' },
    { name: 'name with a space', query: '王 小二', id: 'wxid_space' },
  ])('$name: $query', ({ query, id }) => {
    const r = resolve(query)
    expect(r.kind).toBe('found')
    if (r.kind === 'found') expect(r.contact.id).toBe(id)
  })

  it('the display name is the remark without the prefix', () => {
    const r = resolve('张三 宝妈')
    expect(r.kind === 'found' && r.contact.display).toBe('张三 宝妈')
  })

  it('a shared name is ambiguous, with rung, last seen and a group to tell them apart', () => {
    const r = resolve('张三')
    expect(r.kind).toBe('ambiguous')
    if (r.kind !== 'ambiguous') return
    expect(r.total).toBe(3)
    expect(r.candidates.map((c) => c.id)).toEqual(['wxid_zs1', 'wxid_zs3', 'wxid_zs2'])
    expect(r.candidates[0]).toMatchObject({ tier: 4, group: '宝妈交流群', remark: '张三 宝妈' })
    expect(r.candidates[2]).toMatchObject({ tier: 1, activity: 'silent' })
  })

  it('the prefix itself is not the merchant’s words: "L4" matches no remark partially', () => {
    expect(resolve('L4|').kind).toBe('not_found')
  })

  it('an unknown name gets the closest matches', () => {
    const r = resolve('李思')
    expect(r.kind).toBe('not_found')
    if (r.kind === 'not_found') expect(r.suggestions.map((s) => s.id)).toContain('wxid_ls')
  })

  it.each([
    { name: 'the account itself', query: '测试店铺' },
    { name: 'the account id', query: ACCOUNT },
    { name: 'a room stored as a contact', query: '新品体验群' },
    { name: 'empty', query: '   ' },
    { name: 'LIKE wildcards are literal', query: '%' },
    { name: 'underscore is literal', query: '_' },
  ])('never resolves $name', ({ query }) => expect(resolve(query).kind).toBe('not_found'))

  it('other accounts’ contacts are invisible', () => {
    shop.contact('wxid_other', '孙七', '', 'shop-2')
    expect(resolve('孙七').kind).toBe('not_found')
  })
})

describe('remarkPrefixPattern', () => {
  it.each([
    { template: '{code}|', remark: 'L4|张三', rest: '张三' },
    { template: '[{code}]', remark: '[L2]李四', rest: '李四' },
    { template: '{code}-', remark: 'L9-王五', rest: 'L9-王五' },
  ])('$template strips $remark → $rest', ({ template, remark, rest }) => {
    expect(remark.replace(remarkPrefixPattern(template), '')).toBe(rest)
  })
})
