import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { loadReportModel } from '../../src/report/compose.js'
import { createSnapshotStore } from '../../src/report/snapshot-store.js'
import { captionText, fullText } from '../../src/report/text.js'
import { closeDb, createDb, type Db } from '../../src/store/client.js'
import { seedContact, seedTierChange } from '../digest/seed-db.js'
import { tempDbFile } from '../support/bot.js'

/*
 * The weekly report names customers as every other message does: the merchant's own remark (without
 * tierbot's prefix) over the WeChat nickname, and two customers who read the same carry their ids.
 */

const ACCOUNT = 'shop-1'
const at = (iso: string) => Date.parse(`${iso}+08:00`)

let db: Db | undefined
afterEach(() => { if (db) closeDb(db); db = undefined })

describe('names in the weekly report', () => {
  it('the mover is 王姐 老客 (the remark), not the nickname; a shared name carries its id', () => {
    const d = (db = createDb(tempDbFile('report-names')))
    seedContact(d, ACCOUNT, { id: 'c-wang', name: '🌸花开富贵🌸', tier: 4, activity: 'active' })
    d.$client.prepare('UPDATE contacts SET remark = ? WHERE id = ?').run('L4|王姐 老客', 'c-wang')
    seedContact(d, ACCOUNT, { id: 'c-li1', name: '李娜', tier: 2, activity: 'active' })
    seedContact(d, ACCOUNT, { id: 'c-li2', name: '李娜', tier: 1, activity: 'active' })
    seedTierChange(d, ACCOUNT, 'c-wang', 2, 4, at('2026-11-24T12:00:00'))
    seedTierChange(d, ACCOUNT, 'c-li1', 1, 2, at('2026-11-25T12:00:00'))
    const store = createSnapshotStore(d)
    store.takeSnapshot(ACCOUNT, at('2026-11-23T08:30:00'), DEFAULT_CONFIG.timezone)
    store.takeSnapshot(ACCOUNT, at('2026-11-30T08:30:00'), DEFAULT_CONFIG.timezone)

    const model = loadReportModel(d, DEFAULT_CONFIG, ACCOUNT, '2026-W48', at('2026-11-30T09:30:00'))
    expect(captionText(model)).toContain('升层 2 人：王姐 老客 L2→L4、李娜（ID c-li1） L1→L2')
    expect(fullText(model)).not.toContain('花开富贵')
  })
})
