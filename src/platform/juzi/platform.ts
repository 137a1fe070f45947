import { WechatyBuilder, log as juziLog, types } from '@juzi/wechaty'
import { PuppetService } from '@juzi/wechaty-puppet-service'
import type { Clock } from '../../shared/clock.js'
import type { Logger } from '../../shared/logger.js'
import type { Db } from '../../store/client.js'
import { createBotPlatform, type BotPlatformOptions, type WechatyStack } from '../bot-platform.js'
import { toActionError } from '../errors.js'
import { buildServicePuppet, type PuppetServiceSettings } from '../puppet.js'
import { ActionError, type Platform, type PlatformEvent } from '../types.js'
import { createCorpTags, type TagApi, type TagEvent } from './corp-tags.js'
import { createCorpTagStore } from './tag-store.js'

/*
 * The @juzi/wechaty stack, for WorkPro (句子互动) WeCom tokens: the same messages and actions as the
 * official adapter, plus WeCom corp tags for labels and the friendship events that say a customer
 * deleted the account. Importing this file loads the juzi stack; the official one must then stay out of
 * the process (their protobuf classes share one global namespace), which platform/load.ts ensures.
 */
export const juziStack: WechatyStack = {
  build: (options) => WechatyBuilder.build({ puppet: options.puppet as never, name: options.name }) as never,
  setLogLevel: (level) => juziLog.level(level as never),
  contactTypes: {
    individual: types.Contact.Individual,
    official: types.Contact.Official,
    corporation: types.Contact.Corporation,
  },
  friendshipTypes: {
    confirm: types.Friendship.Confirm,
    deleted: types.Friendship.Delete,
    removed: types.Friendship.Removed,
  },
}

export interface JuziPlatformOptions {
  /** A @juzi puppet (tests); default: a puppet-service client built from `settings`. */
  puppet?: object
  settings?: PuppetServiceSettings
  db: Db
  /** The corp tag group holding tierbot's tags (labels.tagGroup). */
  tagGroup: string
  logger: Logger
  clock: Clock
  name?: string
  reconnectMs?: number
  wechatyLogLevel?: BotPlatformOptions['wechatyLogLevel']
}

export function createJuziPlatform(options: JuziPlatformOptions): Platform {
  const { logger, clock } = options
  if (!options.puppet && !options.settings) throw new Error('juzi platform: a puppet or puppet-service settings are needed')
  const puppet = options.puppet ?? buildServicePuppet(PuppetService, options.settings!)
  let platform: Platform | undefined
  let emit: ((event: PlatformEvent) => Promise<void>) | undefined
  const tags = createCorpTags({
    api: puppet as unknown as TagApi,
    store: createCorpTagStore(options.db),
    groupName: options.tagGroup,
    accountId: () => platform?.selfId(),
    clock,
    logger,
    onGone: (labels) => { void emit?.({ type: 'labels-gone', labels, at: clock() }) },
  })
  const events = puppet as { on(event: string, cb: (payload: TagEvent) => void): void }
  events.on('tag', (payload) => tags.onTagEvent(payload, 'tag'))
  events.on('tag-group', (payload) => tags.onTagEvent(payload, 'tag-group'))

  platform = createBotPlatform(juziStack, {
    puppet,
    logger,
    clock,
    name: options.name,
    reconnectMs: options.reconnectMs,
    wechatyLogLevel: options.wechatyLogLevel,
    events: (e) => { emit = e },
    labels: (bot) => {
      const guarded = async (what: string, op: () => Promise<void>) => {
        if (!bot.isLoggedIn) throw new ActionError('transient', `${what}: not logged in`)
        try {
          await op()
        } catch (err) {
          throw toActionError(err)
        }
      }
      return {
        addLabel: (contactId, label) => guarded('addLabel', () => tags.add(contactId, label)),
        removeLabel: (contactId, label) => guarded('removeLabel', () => tags.remove(contactId, label)),
      }
    },
  })
  return platform
}
