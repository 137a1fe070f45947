import { PuppetServer } from 'wechaty-puppet-service'
import type * as PUPPET from 'wechaty-puppet'
import { freePort } from './port.js'

export { freePort }

export const TEST_TOKEN = 'insecure_tierbot'

export interface Gateway {
  port: number
  endpoint: string
  /** The environment a bot needs to reach this gateway over the real gRPC path. */
  env: Record<string, string>
  stop(): Promise<void>
}

export interface GatewayOptions {
  puppet: PUPPET.impls.PuppetInterface
  port?: number
  /** Log this user in again whenever the server-side puppet is restarted by a client's reset. */
  loginUserId?: string
  heartbeatMs?: number
}

/**
 * wechaty-puppet-service's PuppetServer on 127.0.0.1 around a (mock) puppet, behaving like a hosted
 * service (stack-notes.md): a heartbeat every ~15 s so an idle client does not reset, and the account
 * logged in again after a client's reset stops and restarts the server-side puppet.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const port = options.port ?? await freePort()
  const endpoint = `127.0.0.1:${port}`
  const server = new PuppetServer({ endpoint, puppet: options.puppet as never, token: TEST_TOKEN, tls: { disable: true } })
  await server.start()
  const puppet = options.puppet as PUPPET.impls.PuppetInterface & {
    on(event: string, cb: (...args: unknown[]) => void): unknown
    off(event: string, cb: (...args: unknown[]) => void): unknown
    emit(event: string, payload: unknown): boolean
    login(userId: string): Promise<void>
    isLoggedIn: boolean
  }
  const heartbeat = setInterval(() => {
    try { puppet.emit('heartbeat', { data: 'gateway' }) } catch { /* puppet may be stopping */ }
  }, options.heartbeatMs ?? 15_000)
  heartbeat.unref()
  const relogin = () => {
    if (!options.loginUserId) return
    setTimeout(() => {
      if (!puppet.isLoggedIn) Promise.resolve().then(() => puppet.login(options.loginUserId!)).catch(() => undefined)
    }, 200).unref()
  }
  puppet.on('start', relogin)
  return {
    port,
    endpoint,
    env: {
      WECHATY_PUPPET_SERVICE_TOKEN: TEST_TOKEN,
      WECHATY_PUPPET_SERVICE_ENDPOINT: endpoint,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
    },
    async stop() {
      clearInterval(heartbeat)
      puppet.off('start', relogin)
      await server.stop()
    },
  }
}
