import type { App } from '../src/app/app.js'
import type { Config } from '../src/config/schema.js'
import { buildDigest } from '../src/digest/build.js'
import { loadDigestSnapshot } from '../src/digest/snapshot.js'
import type { ChatEvent } from '../src/platform/types.js'
import type { Db } from '../src/store/client.js'
import type { Ladder } from '../src/tiers/api.js'
import type { BenchPlatform } from './platform.js'

/*
 * The features as the app installed them (src/app/features.ts): the bench measures through them and
 * never installs its own, so every figure includes what the app hangs on each path (label sync on
 * tier changes, the command handler on every message).
 */

export interface BenchFeatures {
  ladder: Ladder
  /** The whole morning digest for the account (snapshot + build), as the scheduler makes it. */
  buildDigest(accountId: string, now: number): string[]
  /** Deliver an admin's command through the app's message path; resolves with the reply the app sent. */
  command(event: ChatEvent): Promise<string | null>
}

export function benchFeatures(app: App, platform: BenchPlatform, db: Db, config: Config): BenchFeatures {
  return {
    ladder: app.features.ladder,
    buildDigest: (accountId, now) => buildDigest(loadDigestSnapshot(db, accountId, now, config), now, config),
    async command(event) {
      const before = platform.said.length
      await platform.deliver(event)
      const reply = platform.said.slice(before).find((s) => s.target.contactId === event.talkerId)
      return reply?.text ?? null
    },
  }
}
