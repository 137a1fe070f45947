import type * as PUPPET from 'wechaty-puppet'

/** The standard Wechaty puppet-service variables (design.md "Contracts"), read by main.ts. */
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
  return {
    token,
    endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT?.trim() || undefined,
    authority: env.WECHATY_PUPPET_SERVICE_AUTHORITY?.trim() || undefined,
    noTls: env.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT === 'true',
  }
}

/** A token for logs: the part before the first '_' and a hint of the rest, never the secret. */
export function maskToken(token: string): string {
  const i = token.indexOf('_')
  return i > 0 ? `${token.slice(0, i)}_…(${token.length - i - 1} chars)` : `…(${token.length} chars)`
}

export async function createServicePuppet(settings: PuppetServiceSettings): Promise<PUPPET.impls.PuppetInterface> {
  const { PuppetService } = await import('wechaty-puppet-service')
  return new PuppetService({
    token: settings.token,
    endpoint: settings.endpoint,
    authority: settings.authority,
    tls: { disable: settings.noTls },
  }) as unknown as PUPPET.impls.PuppetInterface
}
