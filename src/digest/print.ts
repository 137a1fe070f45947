import type { Config } from '../config/schema.js'
import type { Db } from '../store/client.js'
import { buildDigest } from './build.js'
import { loadDigestSnapshot } from './snapshot.js'

/** `tierbot digest --print`: today's digest for the database, nothing sent and nothing recorded. */
export function renderDigestForPrint(db: Db, config: Config, accountId: string, now: number): string {
  const messages = buildDigest(loadDigestSnapshot(db, accountId, now, config), now, config)
  // A visible break where the chat would get a new message.
  return messages.join('\n\n— — —\n\n')
}
