import type * as PUPPET from 'wechaty-puppet'
import { ConfigError } from '../config/load.js'

/** The standard Wechaty puppet-service variables (README "Connecting a real account"), read by main.ts. */
export interface PuppetServiceSettings {
  token: string
  endpoint?: string
  authority?: string
  /** WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=true: most WeCom/WorkPro gateways and loopback tests. */
  noTls: boolean
}

export function readPuppetServiceSettings(env: NodeJS.ProcessEnv): PuppetServiceSettings | undefined {
  const token = env.WECHATY_PUPPET_SERVICE_TOKEN?.trim()
  if (!token) return undefined
  // Puppet-service takes the TLS server name from the token's prefix (wechaty-token: everything before the
  // last '_'); without one the client fails on every retry, for ever. Said once, at start.
  if (token.lastIndexOf('_') <= 0 && !env.WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME?.trim()) {
    throw new ConfigError('WECHATY_PUPPET_SERVICE_TOKEN has no service prefix. Puppet-service tokens look like ' +
      'puppet_workpro_… or insecure_… (the part before the last "_" names the service): check that the whole token was copied.')
  }
  // Copied with its quotes, or with a line break joined into it: the service would refuse it on every retry.
  if (/[\s"'“”‘’]/u.test(token)) {
    throw new ConfigError('WECHATY_PUPPET_SERVICE_TOKEN has quotes or a space in it: set the token alone, exactly as the provider gave it ' +
      '(WECHATY_PUPPET_SERVICE_TOKEN=puppet_workpro_…, no quotes inside the value).')
  }
  return {
    token,
    endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT?.trim() || undefined,
    authority: env.WECHATY_PUPPET_SERVICE_AUTHORITY?.trim() || undefined,
    noTls: readNoTls(env.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT),
  }
}

/**
 * WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: `true` or `false` (any case); unset is false. Anything else
 * (`1`, `yes`) would silently keep TLS on against a gateway without it, so it stops start-up instead.
 */
function readNoTls(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase()
  if (v === 'true') return true
  if (v === 'false' || v === '') return false
  throw new ConfigError(`WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: got "${value}"; expected true (no TLS) or false`)
}

/** A token for logs: the part before the first '_' and a hint of the rest, never the secret. */
export function maskToken(token: string): string {
  const i = token.indexOf('_')
  return i > 0 ? `${token.slice(0, i)}_…(${token.length - i - 1} chars)` : `…(${token.length} chars)`
}

export async function createServicePuppet(settings: PuppetServiceSettings): Promise<PUPPET.impls.PuppetInterface> {
  const { PuppetService } = await import('wechaty-puppet-service')
  return buildServicePuppet(PuppetService, settings) as unknown as PUPPET.impls.PuppetInterface
}

type ServicePuppetClass<T> = new (options: {
  token: string
  endpoint?: string
  authority?: string
  tls: { disable: boolean }
}) => T

/** A puppet-service client of either stack (its PuppetService class handed in), with the fixes below. */
export function buildServicePuppet<T extends object>(PuppetService: ServicePuppetClass<T>, settings: PuppetServiceSettings): T {
  const puppet = new PuppetService({
    token: settings.token,
    endpoint: settings.endpoint,
    authority: settings.authority,
    tls: { disable: settings.noTls },
  })
  serializePayloadStore(puppet)
  stopLogoutEcho(puppet)
  return puppet
}

/*
 * When the service reports a logout, the 1.19 client (and the @juzi fork's) emits it locally and then
 * *sends a logout request back* to the service. If the account has logged in again meanwhile (a quick re-login, a
 * service reset), that echo logs it out for good. tierbot never logs the account out itself, so the
 * client only reports a logout, it does not ask for one.
 */
function stopLogoutEcho(puppet: object): void {
  const base = Object.getPrototypeOf(Object.getPrototypeOf(puppet)) as { logout?: (reason?: string) => Promise<void> }
  if (typeof base.logout !== 'function') return
  const reportOnly = base.logout
  Object.defineProperty(puppet, 'logout', {
    value: (reason?: string) => reportOnly.call(puppet, reason),
    configurable: true,
    writable: true,
  })
}

interface PayloadStoreLike {
  start(accountId: string): Promise<void>
  stop(): Promise<void>
}

/*
 * wechaty-puppet-service 1.19 caches payloads in LevelDB: it closes the store on logout without waiting
 * and opens it again on login. A quick logout → login (a service reset, a re-login) finds the old
 * LOCK still held, and LevelDB's open error is thrown *uncaught*, which would end the process.
 * Opening waits for the previous close instead.
 */
function serializePayloadStore(puppet: unknown): void {
  const store = (puppet as { _payloadStore?: PayloadStoreLike })._payloadStore
  if (!store || typeof store.start !== 'function' || typeof store.stop !== 'function') return
  const start = store.start.bind(store)
  const stop = store.stop.bind(store)
  // One queue, in call order: each open waits for every earlier close (and open) to finish.
  let queue: Promise<void> = Promise.resolve()
  const enqueue = (op: () => Promise<void>): Promise<void> => {
    const done = queue.then(op)
    queue = done.catch(() => undefined)
    return done
  }
  store.stop = () => enqueue(stop)
  store.start = (accountId) => enqueue(() => start(accountId))
}
