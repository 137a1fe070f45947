import { createDigestCommands } from '../../src/commands/feature.js'
import { createHandlers } from '../../src/commands/handlers.js'
import { parseCommand } from '../../src/commands/parse.js'
import { renderReply } from '../../src/commands/replies.js'
import { parseConfig } from '../../src/config/load.js'
import type { ConfigInput } from '../../src/config/schema.js'
import { buildDigest } from '../../src/digest/build.js'
import { loadDigestSnapshot } from '../../src/digest/snapshot.js'
import { createIngest } from '../../src/ingest/ingest.js'
import type { ChatEvent, MessageKind } from '../../src/platform/types.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb } from '../../src/store/client.js'
import { installLadder } from '../../src/tiers/install.js'
import { createLadder } from '../../src/tiers/service.js'
import { createViews } from '../../src/views/service.js'

/* A shop on a real in-memory database with the real migrations, ingest, ladder, views and command handlers (views tests). */

export const ACCOUNT = 'shop'
export const DAY = 86_400_000
export const NOW = Date.parse('2026-06-17T09:30:00+08:00')

export function world(input: ConfigInput = {}) {
  const config = parseConfig({ db: ':memory:', ...input })
  const db = createDb(':memory:')
  const ingest = createIngest(db)
  const ladder = createLadder(db, config, silentLogger, () => NOW)
  const views = createViews({ db, config, logger: silentLogger, ladder, findByName: (_a, name) => (db.$client.prepare('SELECT id FROM contacts WHERE name = ?').get(name) as { id: string } | undefined)?.id ?? null })
  installLadder(ingest, ladder, db, config, undefined, views.statsHooks)
  const run = createHandlers({ db, config, ladder, views, digest: createDigestCommands(db, config) })
  let seq = 0
  const say = (contactId: string, text: string, at: number, kind: MessageKind = 'text', extra: Partial<ChatEvent> = {}) => {
    ingest.upsertContact(ACCOUNT, { id: contactId, name: NAMES[contactId] ?? contactId, remark: '', friend: true, kind: 'individual' }, at, at - 400 * DAY)
    ingest.ingestEvent({
      accountId: ACCOUNT, messageId: `m${++seq}`, chat: 'private', direction: 'in', kind, rawType: 7, at, text,
      talkerId: contactId, talkerName: NAMES[contactId] ?? contactId, contactId, ...extra,
    }, at)
  }
  const pay = (contactId: string, yuan: number, at: number) => ladder.recordPayment(ACCOUNT, contactId, { amountFen: yuan * 100, at, source: 'command' }, at)
  const command = (text: string, now = NOW) => renderReply(run(parseCommand(text)!, ACCOUNT, now), config, now)
  const pass = (now = NOW) => { ladder.reclassifyAll(ACCOUNT, now); return views.refreshAll(ACCOUNT, now, new Set()) }
  return { db, config, views, ladder, say, pay, command, pass, digest: (now = NOW) => buildDigest(loadDigestSnapshot(db, ACCOUNT, now, config), now, config).join('\n\n') }
}

export const NAMES: Record<string, string> = { zs: '张三', ls: '李四', ww: '王五', zl: '赵六', new: '小美' }

