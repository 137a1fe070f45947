import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { runOfflineReport } from '../../src/report/offline.js'
import { REPORT_HEIGHT, REPORT_WIDTH } from '../../src/report/render.js'
import { silentLogger } from '../../src/shared/logger.js'
import { closeDb, createDb } from '../../src/store/client.js'
import { tempDbFile } from '../support/bot.js'
import { pngSize } from './png.js'

/*
 * `tierbot report --out …` as the person at the terminal sees it, on an account whose only history came
 * from an import (no daily pass ever ran, so no snapshots): what to do next, and where the picture went.
 */

const ACCOUNT = 'wxid_shop'
/** Wednesday 2026-06-17, Beijing: the default week is 2026-W24 (8–14 June). */
const NOW = Date.parse('2026-06-17T15:00:00+08:00')
const at = (local: string) => Date.parse(`${local}+08:00`)

/** A database holding only history (as `tierbot import` leaves it): 林女士 chatted during W24 and before. */
function importedOnly(prefix: string) {
  const file = tempDbFile(prefix)
  const db = createDb(file)
  const ingest = createIngest(db)
  ingest.upsertContact(ACCOUNT, { id: 'wxid_lin', name: '林女士', remark: '', friend: true, kind: 'individual' }, at('2026-05-01T10:00:00'), at('2026-05-01T10:00:00'))
  let seq = 0
  for (const day of ['2026-05-20', '2026-06-02', '2026-06-10']) {
    for (const [direction, text] of [['in', '在吗'], ['out', '在的'], ['in', '多少钱'], ['out', '199']] as const) {
      ingest.ingestEvent({
        accountId: ACCOUNT, messageId: `imp-${++seq}`, chat: 'private', direction, kind: 'text', rawType: 7, text,
        talkerId: direction === 'in' ? 'wxid_lin' : ACCOUNT, talkerName: '', contactId: 'wxid_lin', at: at(`${day}T10:0${seq % 10}:00`),
      }, NOW)
    }
  }
  closeDb(db)
  return { file, config: parseConfig({ db: file }) }
}

describe('tierbot report on an account with only imported history', () => {
  it('without --backfill: no picture, and the answer says to add --backfill (not "run the bot for a week")', async () => {
    const { file, config } = importedOnly('rep-imported')
    const out = path.join(path.dirname(file), 'report.png')
    const lines = await runOfflineReport(config, silentLogger, { out }, NOW)
    expect(lines[0]).toBe('2026-W24: no picture written')
    expect(lines.join('\n')).toContain('the database has chat history from before this week (imported?): run again with --backfill to rebuild the daily figures from it')
    expect(fs.existsSync(out)).toBe(false)
  })

  it('--out an existing folder puts weekly-report-<week>.png inside it; a missing folder is created', async () => {
    const { file, config } = importedOnly('rep-folder')
    const folder = path.join(path.dirname(file), 'reports')
    fs.mkdirSync(folder)
    const lines = await runOfflineReport(config, silentLogger, { out: folder, backfill: true }, NOW)
    const png = path.join(folder, 'weekly-report-2026-W24.png')
    expect(lines).toContain(`wrote ${png} (2026-W24, ${REPORT_WIDTH}×${REPORT_HEIGHT} px, ${Math.round(fs.statSync(png).size / 1024)} KB)`)
    expect(pngSize(fs.readFileSync(png))).toEqual({ width: REPORT_WIDTH, height: REPORT_HEIGHT })

    const nested = path.join(path.dirname(file), 'new', 'week.png')
    await runOfflineReport(config, silentLogger, { out: nested }, NOW)
    expect(pngSize(fs.readFileSync(nested)).width).toBe(REPORT_WIDTH)
  }, 60_000)
})
