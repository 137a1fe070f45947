import type { App } from '../src/app/app.js'
import type { Config } from '../src/config/schema.js'
import type { ChatEvent } from '../src/platform/types.js'
import type { Clock } from '../src/shared/clock.js'
import type { Logger } from '../src/shared/logger.js'
import type { Db } from '../src/store/client.js'
import type { Ladder } from '../src/tiers/api.js'

/*
 * The features the bench measures (ladder, digest, commands) land on main one by one. They are loaded
 * by path at run time so that the bench runs, and type-checks, before they exist: a missing feature
 * becomes "not yet" in the table instead of a failure.
 */

export interface BenchFeatures {
  ladder?: Ladder
  /** The whole morning digest for the account (snapshot + build). */
  buildDigest?: (accountId: string, now: number) => string[]
  /** A command message from an admin → the reply text (null = not answered). */
  handleCommand?: (event: ChatEvent, now: number) => Promise<string | null>
  /** Why a feature is absent, by name. */
  missing: Partial<Record<'ladder' | 'digest' | 'commands', string>>
}

type Module = Record<string, unknown>

/** Import a src/ module by path; undefined when it does not exist on this branch yet. */
export async function importOptional(relativeToSrc: string): Promise<Module | undefined> {
  const url = new URL(`../src/${relativeToSrc}`, import.meta.url).href
  try {
    return (await import(url)) as Module
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(relativeToSrc.replace(/\.js$/, ''))) return undefined
    throw err
  }
}

function fn<T>(mod: Module | undefined, name: string): T | undefined {
  const value = mod?.[name]
  return typeof value === 'function' ? (value as T) : undefined
}

export interface FeatureDeps { app: App; db: Db; config: Config; logger: Logger; clock: Clock }

/** Wire the features onto an app the way src/app/app.ts does, as far as they exist. */
export async function loadFeatures({ app, db, config, logger, clock }: FeatureDeps): Promise<BenchFeatures> {
  const missing: BenchFeatures['missing'] = {}
  let ladder: Ladder | undefined
  const exposed = (app as unknown as { ladder?: Ladder }).ladder
  if (exposed) ladder = exposed
  else {
    // Until the app installs the ladder itself, install it here exactly as src/tiers/install.ts says.
    const service = await importOptional('tiers/service.js')
    const install = await importOptional('tiers/install.js')
    const createLadder = fn<(db: Db, config: Config, logger: Logger, clock: Clock) => Ladder>(service, 'createLadder')
    const installLadder = fn<(ingest: App['ingest'], ladder: Ladder, db: Db, config: Config) => void>(install, 'installLadder')
    if (createLadder && installLadder) {
      ladder = createLadder(db, config, logger, clock)
      installLadder(app.ingest, ladder, db, config)
    } else missing.ladder = 'src/tiers/ (createLadder, installLadder) not on this branch'
  }

  let buildDigest: BenchFeatures['buildDigest']
  const snapshot = await importOptional('digest/snapshot.js')
  const build = await importOptional('digest/build.js')
  const load = fn<(db: Db, accountId: string, now: number, config: Config) => unknown>(snapshot, 'loadDigestSnapshot')
  const render = fn<(snapshot: unknown, now: number, config: Config) => string[]>(build, 'buildDigest')
  if (load && render) buildDigest = (accountId, now) => render(load(db, accountId, now, config), now, config)
  else missing.digest = 'src/digest/ (loadDigestSnapshot, buildDigest) not on this branch'

  let handleCommand: BenchFeatures['handleCommand']
  const exposedCommands = (app as unknown as { commands?: { handle: BenchFeatures['handleCommand'] } }).commands
  if (exposedCommands?.handle) handleCommand = (event, now) => exposedCommands.handle!(event, now)
  else {
    const feature = await importOptional('commands/feature.js')
    type Commands = { handle: NonNullable<BenchFeatures['handleCommand']> }
    const createCommands = fn<(deps: { db: Db; config: Config; logger: Logger; ladder: Ladder }) => Commands>(feature, 'createCommands')
    if (createCommands && ladder) {
      const commands = createCommands({ db, config, logger, ladder })
      handleCommand = (event, now) => commands.handle(event, now)
    } else missing.commands = ladder ? 'src/commands/feature.ts (createCommands) not on this branch' : 'needs the ladder'
  }
  return { ladder, buildDigest, handleCommand, missing }
}
