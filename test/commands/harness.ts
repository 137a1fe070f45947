import { createCommands, type Commands, type CommandsDeps } from '../../src/commands/feature.js'
import type { Config } from '../../src/config/schema.js'
import type { ChatEvent } from '../../src/platform/types.js'
import { silentLogger } from '../../src/shared/logger.js'
import { ACCOUNT, ADMIN, CONFIG, NOW, type Shop } from './seed.js'

let seq = 0

/** An event as the platform delivers it; defaults: the admin writing privately to the bot. */
export function event(text: string, over: Partial<ChatEvent> = {}): ChatEvent {
  seq++
  return {
    accountId: ACCOUNT, messageId: `cmd-${seq}`, chat: 'private', direction: 'in', kind: 'text', rawType: 7,
    at: NOW, text, talkerId: ADMIN, talkerName: '店主小美', contactId: ADMIN, listenerId: ACCOUNT, ...over,
  }
}

export function makeCommands(shop: Shop, over: Partial<CommandsDeps> & { config?: Config } = {}): Commands & { say(text: string, e?: Partial<ChatEvent>): Promise<string | null> } {
  const config = over.config ?? CONFIG
  const commands = createCommands({
    db: shop.db, config, logger: silentLogger, ladder: shop.ladder,
    digest: {
      silent: (_a, _now, n) => `沉默客户 ${n} 位`,
      hot: () => '热门线索',
      digest: () => ['日报第一条', '日报第二条'],
    },
    syncHealth: () => ({ pending: 2, done: 10, failed: 1, skipped: 0, labelsSupported: true }),
    ...over,
  })
  return { ...commands, say: (text, e) => commands.handle(event(text, e), NOW) }
}
