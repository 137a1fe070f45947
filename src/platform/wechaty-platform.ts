import { WechatyBuilder, types } from 'wechaty'
import { log as wechatyLog } from 'wechaty-puppet'
import type * as PUPPET from 'wechaty-puppet'
import { createBotPlatform, type BotPlatformOptions, type WechatyStack } from './bot-platform.js'
import type { Platform } from './types.js'

/*
 * The official stack (wechaty 1.x): personal WeChat gateways, and WeCom tokens with remarks only (their
 * gateways answer the official tag calls UNIMPLEMENTED). Importing this file loads that stack; the
 * @juzi one (juzi/platform.ts) must then stay out of the process (platform/load.ts).
 */
export const officialStack: WechatyStack = {
  build: (options) => WechatyBuilder.build({ puppet: options.puppet as never, name: options.name }),
  setLogLevel: (level) => wechatyLog.level(level as never),
  contactTypes: {
    individual: types.Contact.Individual,
    official: types.Contact.Official,
    corporation: types.Contact.Corporation,
  },
  friendshipTypes: { confirm: types.Friendship.Confirm },
}

export interface WechatyPlatformOptions extends Omit<BotPlatformOptions, 'puppet'> {
  puppet: PUPPET.impls.PuppetInterface
}

export function createWechatyPlatform(options: WechatyPlatformOptions): Platform {
  return createBotPlatform(officialStack, options)
}
